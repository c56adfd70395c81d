/**
 * @file an386.h
 * @brief What the mps2-an386 board adds to board.h (boards/cortex-m4):
 *        the host services QEMU offers through Arm semihosting.
 *
 * Semihosting (QEMU -semihosting-config enable=on,target=native) is a
 * debug channel to the host: here it supplies the UTC time at start, the
 * command line (path of the CA to trust), file reads (that CA, and
 * /dev/urandom as the entropy source: the AN386 FPGA image has no TRNG) and
 * the exit status. A product board replaces each with its RTC/SNTP, flash,
 * TRNG and reset. Without a semihosting host the bkpt traps: the board is
 * only meant to run under QEMU or a debugger.
 */
#ifndef RMQDR_AN386_H
#define RMQDR_AN386_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** @brief Seconds since 1970-01-01T00:00:00Z on the host (SYS_TIME). */
uint32_t an386_host_time(void);

/**
 * @brief The semihosting command line (QEMU: the arg= values joined by
 *        spaces), NUL-terminated in @p buf.
 * @return Its length, or 0 when there is none or it does not fit.
 */
size_t an386_host_cmdline(char *buf, size_t cap);

/**
 * @brief Read up to @p cap bytes of host file @p path.
 * @return Bytes read, or -1 when the file cannot be opened.
 */
long an386_host_read_file(const char *path, uint8_t *buf, size_t cap);

/** @brief Leave QEMU with exit status 0 (@p ok) or 1. */
void an386_host_exit(bool ok) __attribute__((noreturn));

#endif /* RMQDR_AN386_H */
