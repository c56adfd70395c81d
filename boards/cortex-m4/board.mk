# Bare-metal Cortex-M4 (generic: 1 MiB flash, 128 KiB RAM, Ethernet + lwIP
# raw API, mbedTLS over a static arena). `make BOARD=cortex-m4` links
# build/cortex-m4/fw/rmqdr.elf; `make size BOARD=cortex-m4` prints the
# footprint tables; `make arena BOARD=cortex-m4` measures the mbedTLS heap
# peak of a handshake on the host with the board's mbedTLS configuration.
# Rules are in rules.mk; see docs/PORTING.md.
BUILD_NAME := cortex-m4
CC         := arm-none-eabi-gcc
AR         := arm-none-eabi-ar
NM         := arm-none-eabi-nm
SIZE       := arm-none-eabi-size
OBJDUMP    := arm-none-eabi-objdump
OPT        := -Os -g
# Nothing runs on the build host: no sanitizers, no qemu, no fuzzing.
RUN        :=
SANITIZE   :=
TLS_LIBS   :=
FUZZ       := no
DEPS_TARGET := cortex-m4
