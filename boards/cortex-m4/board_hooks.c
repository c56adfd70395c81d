/* Generic Cortex-M4 hooks: SysTick uptime, ITM console, fatal stop.
 * Only architectural registers (same address on every Cortex-M4). */
#include "board.h"

#include "rmqdr/port_baremetal.h"

/* SysTick (ARMv7-M architecture reference manual, B3.3). */
#define SYST_CSR (*(volatile uint32_t *)0xE000E010U)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014U)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018U)
#define SYST_CSR_ENABLE    (1U << 0)
#define SYST_CSR_TICKINT   (1U << 1)
#define SYST_CSR_CLKSOURCE (1U << 2)

/* ITM (C1.7): stimulus port 0, trace enable and control registers. */
#define ITM_STIM0 (*(volatile uint32_t *)0xE0000000U)
#define ITM_TER   (*(volatile uint32_t *)0xE0000E00U)
#define ITM_TCR   (*(volatile uint32_t *)0xE0000E80U)
#define DEMCR     (*(volatile uint32_t *)0xE000EDFCU)
#define DEMCR_TRCENA (1U << 24)

static volatile uint32_t s_ticks;

void rmqdr_board_init(void)
{
    SYST_RVR = RMQDR_BOARD_CPU_HZ / 1000U - 1U;
    SYST_CVR = 0U;
    SYST_CSR = SYST_CSR_CLKSOURCE | SYST_CSR_TICKINT | SYST_CSR_ENABLE;
}

void SysTick_Handler(void)
{
    s_ticks = s_ticks + 1U;
}

uint32_t rmqdr_board_uptime_ms(void)
{
    return s_ticks;
}

void rmqdr_board_console_write(const char *text, size_t len)
{
    /* Only when a debugger enabled tracing and port 0; otherwise the
     * writes would wait forever on a FIFO nobody drains. */
    if ((DEMCR & DEMCR_TRCENA) == 0U || (ITM_TCR & 1U) == 0U || (ITM_TER & 1U) == 0U) {
        return;
    }
    for (size_t i = 0; i < len; i++) {
        while (ITM_STIM0 == 0U) {
        }
        *(volatile uint8_t *)&ITM_STIM0 = (uint8_t)text[i];
    }
}

void rmqdr_board_fatal(const char *what)
{
    (void)what; /* visible in a debugger: the argument register of the frame */
    for (;;) {
        __asm__ volatile("bkpt #0");
    }
}
