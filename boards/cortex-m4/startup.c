/* Startup of the generic cortex-m4 board: vector table, reset handler,
 * default exception handlers. Plain C, no vendor headers.
 *
 * The vector table has the 16 Cortex-M system entries and
 * RMQDR_BOARD_IRQ_COUNT device interrupts, all pointing to
 * Default_Handler. A real board takes its vendor's startup file (or fills in
 * the handlers of the interrupts its drivers use) instead. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "board.h"

/* Device interrupts in the table: 82 as on an STM32F407. */
#define RMQDR_BOARD_IRQ_COUNT 82

extern uint32_t __data_load;
extern uint32_t __data_start;
extern uint32_t __data_end;
extern uint32_t __bss_start;
extern uint32_t __bss_end;
extern uint32_t __stack_top;

int main(void);
void Reset_Handler(void);
void Default_Handler(void);
void HardFault_Handler(void);
void SysTick_Handler(void);

typedef void (*vector_t)(void);

void Default_Handler(void)
{
    rmqdr_board_fatal("unexpected exception");
}

void HardFault_Handler(void)
{
    rmqdr_board_fatal("hard fault");
}

/* The table: initial stack pointer, then handlers. A struct keeps every
 * initializer an address constant of its own type (no casts). */
typedef struct {
    uint32_t *initial_sp;
    vector_t system[15];
    vector_t irq[RMQDR_BOARD_IRQ_COUNT];
} vector_table_t;

#define D1 Default_Handler
#define D2 D1, D1
#define D8 D2, D2, D2, D2
#define D16 D8, D8
#define D80 D16, D16, D16, D16, D16

__attribute__((section(".isr_vector"), used))
const vector_table_t rmqdr_vector_table = {
    .initial_sp = &__stack_top,
    .system = {
        Reset_Handler,
        Default_Handler,   /* NMI */
        HardFault_Handler,
        Default_Handler,   /* MemManage */
        Default_Handler,   /* BusFault */
        Default_Handler,   /* UsageFault */
        NULL, NULL, NULL, NULL,
        Default_Handler,   /* SVCall */
        Default_Handler,   /* DebugMonitor */
        NULL,
        Default_Handler,   /* PendSV */
        SysTick_Handler,
    },
    .irq = { D80, D2 },
};
_Static_assert(sizeof(rmqdr_vector_table) == (16 + RMQDR_BOARD_IRQ_COUNT) * sizeof(uint32_t),
               "vector table layout");

void Reset_Handler(void)
{
    /* .data from flash, .bss zeroed; nothing else runs before main (no C++
     * constructors, no libc initialisation: the image uses only newlib's
     * string and formatting functions, which need none). */
    size_t data_len = (size_t)((uintptr_t)&__data_end - (uintptr_t)&__data_start);
    size_t bss_len = (size_t)((uintptr_t)&__bss_end - (uintptr_t)&__bss_start);
    memcpy(&__data_start, &__data_load, data_len);
    memset(&__bss_start, 0, bss_len);
    (void)main();
    rmqdr_board_fatal("main returned");
}
