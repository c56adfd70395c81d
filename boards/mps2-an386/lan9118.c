/* SMSC LAN9118 Ethernet controller as an lwIP netif, polled (no interrupt),
 * 32-bit PIO through the controller's FIFOs. Register facts: SMSC LAN9118
 * datasheet (system CSRs, MAC CSRs through MAC_CSR_CMD/DATA, TX command
 * words A and B, RX status word). On the AN386 image it sits at 0x40200000.
 *
 * Implements rmqdr_board_netif_init() (board.h) and rmqdr_board_net_poll()
 * (port_lwip_raw.h). */
#include <stdbool.h>
#include <stdint.h>

#include "board.h"

#include "lwip/etharp.h"
#include "lwip/pbuf.h"
#include "netif/ethernet.h"

#include "rmqdr/port_lwip_raw.h"

#define LAN_BASE 0x40200000U
#define REG(off) (*(volatile uint32_t *)(LAN_BASE + (off)))

#define RX_DATA_FIFO    REG(0x00U)
#define TX_DATA_FIFO    REG(0x20U)
#define RX_STATUS_FIFO  REG(0x40U)
#define TX_STATUS_FIFO  REG(0x48U)
#define ID_REV          REG(0x50U)
#define INT_EN          REG(0x5CU)
#define BYTE_TEST       REG(0x64U)
#define RX_CFG          REG(0x6CU)
#define TX_CFG          REG(0x70U)
#define HW_CFG          REG(0x74U)
#define RX_FIFO_INF     REG(0x7CU)
#define TX_FIFO_INF     REG(0x80U)
#define PMT_CTRL        REG(0x84U)
#define MAC_CSR_CMD     REG(0xA4U)
#define MAC_CSR_DATA    REG(0xA8U)

#define BYTE_TEST_VALUE     0x87654321U
#define HW_CFG_SRST         (1U << 0)
#define PMT_CTRL_READY      (1U << 0)
#define TX_CFG_TX_ON        (1U << 1)
#define TX_CFG_TXSAO        (1U << 2)   /* TX status FIFO may overrun: we never need it */
#define MAC_CSR_BUSY        (1U << 31)
#define MAC_CSR_READ        (1U << 30)
#define MAC_CR              1U
#define MAC_ADDRH           2U
#define MAC_ADDRL           3U
#define MAC_CR_FDPX         (1U << 20)
#define MAC_CR_TXEN         (1U << 3)
#define MAC_CR_RXEN         (1U << 2)
#define TXA_FIRST_SEG       (1U << 13)
#define TXA_LAST_SEG        (1U << 12)
#define RXS_ERROR           (1U << 15)
#define RX_FIFO_INF_RXSUSED(v) (((v) >> 16) & 0xFFU)
#define TX_FIFO_INF_TDFREE(v)  ((v) & 0xFFFFU)
#define TX_FIFO_INF_TXSUSED(v) (((v) >> 16) & 0xFFU)

static struct netif *s_netif; /* set by rmqdr_board_netif_init */

#define ETH_FRAME_MAX 1514U  /* without the 4-byte FCS the MAC adds/strips */
#define SPIN_LIMIT 100000U

static bool wait_mac_idle(void)
{
    for (uint32_t i = 0; i < SPIN_LIMIT; i++) {
        if ((MAC_CSR_CMD & MAC_CSR_BUSY) == 0U) {
            return true;
        }
    }
    return false;
}

static uint32_t mac_read(uint32_t reg)
{
    (void)wait_mac_idle();
    MAC_CSR_CMD = MAC_CSR_BUSY | MAC_CSR_READ | reg;
    (void)wait_mac_idle();
    return MAC_CSR_DATA;
}

static void mac_write(uint32_t reg, uint32_t value)
{
    (void)wait_mac_idle();
    MAC_CSR_DATA = value;
    MAC_CSR_CMD = MAC_CSR_BUSY | reg;
    (void)wait_mac_idle();
}

/* ---- transmit ---------------------------------------------------------------- */

static err_t lan_linkoutput(struct netif *netif, struct pbuf *p)
{
    (void)netif;
    const uint32_t len = p->tot_len;
    if (len > ETH_FRAME_MAX) {
        return ERR_BUF;
    }
    /* Room for the two command words and the padded data. */
    uint32_t spins = 0;
    while (TX_FIFO_INF_TDFREE(TX_FIFO_INF) < len + 8U + 3U) {
        if (++spins > SPIN_LIMIT) {
            return ERR_MEM;
        }
    }
    TX_DATA_FIFO = TXA_FIRST_SEG | TXA_LAST_SEG | len;
    TX_DATA_FIFO = (len << 16) | len; /* tag = length, length */
    /* Bytes go little-endian into 32-bit words, across the pbuf chain. */
    uint32_t word = 0;
    unsigned fill = 0;
    for (const struct pbuf *q = p; q != NULL; q = q->next) {
        const uint8_t *b = q->payload;
        for (uint16_t i = 0; i < q->len; i++) {
            word |= (uint32_t)b[i] << (8U * fill);
            if (++fill == 4U) {
                TX_DATA_FIFO = word;
                word = 0;
                fill = 0;
            }
        }
    }
    if (fill != 0U) {
        TX_DATA_FIFO = word;
    }
    /* Status words are not needed (TXSAO); drop any that queued up. */
    while (TX_FIFO_INF_TXSUSED(TX_FIFO_INF) != 0U) {
        (void)TX_STATUS_FIFO;
    }
    return ERR_OK;
}

/* ---- receive ------------------------------------------------------------------- */

/* Copy one frame of @p len bytes (FCS excluded) from the RX data FIFO into
 * @p p, then drain the frame's remaining @p words. */
static void read_frame(struct pbuf *p, uint32_t len, uint32_t words)
{
    uint32_t word = 0;
    unsigned left = 0;
    uint32_t copied = 0;
    for (struct pbuf *q = p; q != NULL && copied < len; q = q->next) {
        uint8_t *b = q->payload;
        for (uint16_t i = 0; i < q->len && copied < len; i++, copied++) {
            if (left == 0U) {
                word = RX_DATA_FIFO;
                words--;
                left = 4U;
            }
            b[i] = (uint8_t)word;
            word >>= 8;
            left--;
        }
    }
    while (words-- > 0U) {
        (void)RX_DATA_FIFO;
    }
}

void rmqdr_board_net_poll(void)
{
    struct netif *netif = s_netif;
    while (RX_FIFO_INF_RXSUSED(RX_FIFO_INF) != 0U) {
        const uint32_t status = RX_STATUS_FIFO;
        const uint32_t len = (status >> 16) & 0x3FFFU; /* FCS included */
        const uint32_t words = (len + 3U) / 4U;
        struct pbuf *p = NULL;
        if ((status & RXS_ERROR) == 0U && len > 4U && len - 4U <= ETH_FRAME_MAX && netif != NULL) {
            p = pbuf_alloc(PBUF_RAW, (u16_t)(len - 4U), PBUF_POOL);
        }
        if (p == NULL) {
            /* Bad frame or no buffer: drop it, TCP will resend. */
            for (uint32_t i = 0; i < words; i++) {
                (void)RX_DATA_FIFO;
            }
            continue;
        }
        read_frame(p, len - 4U, words);
        if (netif->input(p, netif) != ERR_OK) {
            pbuf_free(p);
        }
    }
}

/* ---- init ------------------------------------------------------------------------- */

err_t rmqdr_board_netif_init(struct netif *netif)
{
    if (BYTE_TEST != BYTE_TEST_VALUE || (ID_REV >> 16) != 0x0118U) {
        return ERR_IF;
    }
    HW_CFG = HW_CFG_SRST;
    uint32_t spins = 0;
    while ((HW_CFG & HW_CFG_SRST) != 0U || (PMT_CTRL & PMT_CTRL_READY) == 0U) {
        if (++spins > SPIN_LIMIT) {
            return ERR_TIMEOUT;
        }
    }
    /* The MAC address the controller loaded from its EEPROM (QEMU: -nic mac=). */
    const uint32_t lo = mac_read(MAC_ADDRL);
    const uint32_t hi = mac_read(MAC_ADDRH);
    for (unsigned i = 0; i < 4U; i++) {
        netif->hwaddr[i] = (uint8_t)(lo >> (8U * i));
    }
    netif->hwaddr[4] = (uint8_t)hi;
    netif->hwaddr[5] = (uint8_t)(hi >> 8);
    netif->hwaddr_len = ETH_HWADDR_LEN;

    INT_EN = 0U;         /* polled */
    RX_CFG = 0U;         /* no offset, no end padding */
    TX_CFG = TX_CFG_TX_ON | TX_CFG_TXSAO;
    /* Own address and broadcast only (clears the reset default, promiscuous). */
    mac_write(MAC_CR, MAC_CR_FDPX | MAC_CR_TXEN | MAC_CR_RXEN);

    s_netif = netif;
    netif->name[0] = 'e';
    netif->name[1] = '0';
    netif->output = etharp_output;
    netif->linkoutput = lan_linkoutput;
    netif->mtu = 1500;
    netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;
    return ERR_OK;
}
