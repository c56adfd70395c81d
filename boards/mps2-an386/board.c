/* mps2-an386 board hooks: SysTick time base, CMSDK UART0 console, entropy
 * and host services over semihosting, fatal stop. See board.h (cortex-m4)
 * and an386.h. Memory map: Arm AN386 application note / QEMU hw/arm/mps2.c. */
#include <string.h>

#include "an386.h"
#include "board.h"

#include "rmqdr/port_baremetal.h"

/* SysTick (ARMv7-M ARM, B3.3), clocked by the 25 MHz core clock. */
#define SYST_CSR (*(volatile uint32_t *)0xE000E010U)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014U)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018U)
#define SYST_CSR_ENABLE    (1U << 0)
#define SYST_CSR_TICKINT   (1U << 1)
#define SYST_CSR_CLKSOURCE (1U << 2)

/* CMSDK APB UART0. */
#define UART0_BASE    0x40004000U
#define UART_DATA     (*(volatile uint32_t *)(UART0_BASE + 0x00U))
#define UART_STATE    (*(volatile uint32_t *)(UART0_BASE + 0x04U))
#define UART_CTRL     (*(volatile uint32_t *)(UART0_BASE + 0x08U))
#define UART_BAUDDIV  (*(volatile uint32_t *)(UART0_BASE + 0x10U))
#define UART_STATE_TXFULL (1U << 0)
#define UART_CTRL_TXEN    (1U << 0)

/* Semihosting operations (Arm "Semihosting for AArch32 and AArch64"). */
enum {
    SYS_OPEN = 0x01,
    SYS_CLOSE = 0x02,
    SYS_READ = 0x06,
    SYS_TIME = 0x11,
    SYS_GET_CMDLINE = 0x15,
    SYS_EXIT = 0x18
};
#define ADP_STOPPED_APPLICATION_EXIT 0x20026U
#define ADP_STOPPED_RUNTIME_ERROR    0x20023U
#define SYS_OPEN_MODE_RB 1U

static volatile uint32_t s_ticks;

static uint32_t semihost(uint32_t op, uintptr_t arg)
{
    register uint32_t r0 __asm__("r0") = op;
    register uintptr_t r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

uint32_t an386_host_time(void)
{
    return semihost(SYS_TIME, 0U);
}

size_t an386_host_cmdline(char *buf, size_t cap)
{
    uintptr_t block[2] = { (uintptr_t)buf, cap };
    if (cap == 0U || semihost(SYS_GET_CMDLINE, (uintptr_t)block) != 0U) {
        return 0U;
    }
    buf[block[1] < cap ? block[1] : cap - 1U] = '\0';
    return strlen(buf);
}

static int32_t host_open(const char *path)
{
    uintptr_t block[3] = { (uintptr_t)path, SYS_OPEN_MODE_RB, strlen(path) };
    return (int32_t)semihost(SYS_OPEN, (uintptr_t)block);
}

/* Bytes read, from SYS_READ's "bytes not read". */
static size_t host_read(int32_t fd, uint8_t *buf, size_t len)
{
    uintptr_t block[3] = { (uintptr_t)fd, (uintptr_t)buf, len };
    uint32_t left = semihost(SYS_READ, (uintptr_t)block);
    return left <= len ? len - left : 0U;
}

long an386_host_read_file(const char *path, uint8_t *buf, size_t cap)
{
    int32_t fd = host_open(path);
    if (fd < 0) {
        return -1;
    }
    size_t got = 0;
    while (got < cap) {
        size_t n = host_read(fd, buf + got, cap - got);
        if (n == 0U) {
            break;
        }
        got += n;
    }
    uintptr_t block[1] = { (uintptr_t)fd };
    (void)semihost(SYS_CLOSE, (uintptr_t)block);
    return (long)got;
}

void an386_host_exit(bool ok)
{
    for (;;) {
        (void)semihost(SYS_EXIT, ok ? ADP_STOPPED_APPLICATION_EXIT : ADP_STOPPED_RUNTIME_ERROR);
    }
}

/* ---- board.h ------------------------------------------------------------- */

void rmqdr_board_init(void)
{
    UART_BAUDDIV = RMQDR_BOARD_CPU_HZ / 115200U;
    UART_CTRL = UART_CTRL_TXEN;
    SYST_RVR = RMQDR_BOARD_CPU_HZ / 1000U - 1U;
    SYST_CVR = 0U;
    SYST_CSR = SYST_CSR_CLKSOURCE | SYST_CSR_TICKINT | SYST_CSR_ENABLE;
}

void SysTick_Handler(void)
{
    s_ticks = s_ticks + 1U;
}

void rmqdr_board_console_write(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        while ((UART_STATE & UART_STATE_TXFULL) != 0U) {
        }
        UART_DATA = (uint8_t)text[i];
    }
}

void rmqdr_board_fatal(const char *what)
{
    static const char prefix[] = "FATAL: ";
    rmqdr_board_console_write(prefix, sizeof prefix - 1U);
    rmqdr_board_console_write(what, strlen(what));
    rmqdr_board_console_write("\n", 1U);
    an386_host_exit(false);
}

/* ---- port_baremetal.h ------------------------------------------------------ */

uint32_t rmqdr_board_uptime_ms(void)
{
    return s_ticks;
}

/* The host's /dev/urandom, kept open. */
int rmqdr_board_entropy(uint8_t *buf, size_t len)
{
    static int32_t fd = -1;
    if (fd < 0) {
        fd = host_open("/dev/urandom");
        if (fd < 0) {
            return -1;
        }
    }
    return host_read(fd, buf, len) == len ? 0 : -1;
}
