/* STUBS of the generic cortex-m4 board: the two pieces that depend on the
 * actual chip. A real board replaces this file (see docs/PORTING.md):
 *
 * - rmqdr_board_entropy(): read the TRNG peripheral. This stub FAILS, so a
 *   board that forgot it gets RMQDR_ERR_PORT_RANDOM instead of predictable
 *   TLS keys and nonces.
 * - rmqdr_board_netif_init() / rmqdr_board_net_poll(): the Ethernet MAC
 *   driver. This stub is a netif that drops everything it is given and
 *   never receives: the image links and runs up to "DHCP timed out". */
#include <string.h>

#include "board.h"

#include "lwip/etharp.h"
#include "lwip/pbuf.h"

#include "rmqdr/port_baremetal.h"
#include "rmqdr/port_lwip_raw.h"

int rmqdr_board_entropy(uint8_t *buf, size_t len)
{
    (void)buf;
    (void)len;
    return -1; /* no entropy source on the generic board */
}

static err_t stub_linkoutput(struct netif *netif, struct pbuf *p)
{
    (void)netif;
    (void)p; /* a real driver copies p (a chain) into a DMA descriptor */
    return ERR_OK;
}

err_t rmqdr_board_netif_init(struct netif *netif)
{
    static const uint8_t mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 }; /* locally administered */
    netif->name[0] = 'e';
    netif->name[1] = '0';
    netif->output = etharp_output;
    netif->linkoutput = stub_linkoutput;
    netif->mtu = 1500;
    netif->hwaddr_len = ETH_HWADDR_LEN;
    memcpy(netif->hwaddr, mac, sizeof mac);
    netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;
    return ERR_OK;
}

void rmqdr_board_net_poll(void)
{
    /* A real driver: while a frame is ready, pbuf_alloc(PBUF_RAW, len,
     * PBUF_POOL), copy it in, netif->input(p, netif) (free p if that fails). */
}
