# Targets of the mps2-an386 board (included at the end of the top-level
# Makefile with BOARD=mps2-an386).
#
#   make BOARD=mps2-an386            link $(B)/fw/rmqdr.elf
#   make qemu-demo BOARD=mps2-an386  build, start the emulator, boot QEMU,
#                                    list the sample checkpoints over TLS
#   make size BOARD=mps2-an386       footprint tables (as for cortex-m4)
#
# Everything is built by the cortex-m4 board's rules (same mbedTLS and lwIP
# trees, flags, libraries, no-malloc check); this file only swaps in what
# differs, with `override` so that the included assignments keep these:
# - the memory map: the image runs from the AN386 code SRAM at 0 (QEMU loads
#   the ELF there) with data in SSRAM at 0x20000000; the regions are sized
#   to the 128 KB flash / 64 KB RAM budget, so the link fails if the image
#   outgrows it (the FPGA board itself has 4 MB of each);
# - mbedTLS 3.6 as a TLS 1.2-only client (AN386_TLS13=0): the board's 2 KB
#   records need max_fragment_length, which mbedTLS 3.6 negotiates only in
#   TLS 1.2 (its TLS 1.3 client rejects the extension in EncryptedExtensions
#   with unsupported_extension, and OpenSSL has no record_size_limit); it
#   also keeps the image within 128 KB (TLS 1.3 and PSA add about 30 KB).
#   AN386_TLS13=1 FLASH_SIZE=160K builds the 1.3 client for 16 KB records;
# - the board sources: this directory plus the generic startup.c;
# - include order: this board's lwipopts.h first (it extends cortex-m4's);
# - mbedTLS knobs: 2 KB records both ways, max_fragment_length=2048 is
#   requested (main.c; the emulator's OpenSSL honours it, see
#   docs/PERFORMANCE.md for the 16 KB case); 25 MHz core clock for SysTick.

AN386_DIR := boards/mps2-an386
M4_DIR    := boards/cortex-m4

FLASH_ORIGIN := 0x00000000
FLASH_SIZE   ?= 128K
RAM_ORIGIN   := 0x20000000
RAM_SIZE     ?= 64K
STACK_SIZE   ?= 0x1800
AN386_TLS_IN ?= 2048
# 0: compile discovery out of core and the application (fixed plan/item).
AN386_DISCOVERY ?= 1
ifeq ($(AN386_DISCOVERY),0)
APP_DEFS += -DRMQDR_NO_DISCOVERY -DRMQDR_APP_DISCOVER=0
endif
AN386_TLS_OUT ?= 2048
AN386_TLS13  ?= 0

override FW_BOARD_SRC := $(sort $(wildcard $(AN386_DIR)/*.c)) $(M4_DIR)/startup.c $(M4_DIR)/console.c
override FW_BOARD_OBJ := $(FW_BOARD_SRC:%.c=$(B)/fw/obj/%.o)
override FW_INC := -Icore/include -Iport/include -I$(AN386_DIR) -I$(AN386_DIR)/include \
                   -I$(M4_DIR) -I$(M4_DIR)/include -I$(B)/fw/include \
                   -isystem build/deps/src/mbedtls-3.6/include -isystem build/third_party/lwip/src/include
# RMQDR_NO_CREDENTIALS_PROVIDER: the image signs with fixed keys; building
# it so runs that option of core under QEMU in `make test`.
override FW_DEFS := -DMBEDTLS_CONFIG_FILE='"rmqdr_mbedtls_config.h"' -DRMQDR_NO_STS \
                    -DRMQDR_NO_CREDENTIALS_PROVIDER \
                    -DRMQDR_TLS_IN_CONTENT_LEN=$(AN386_TLS_IN) \
                    -DRMQDR_TLS_OUT_CONTENT_LEN=$(AN386_TLS_OUT) -DRMQDR_BOARD_CPU_HZ=25000000U \
                    -DRMQDR_TLS_WITH_TLS13=$(AN386_TLS13)

include $(M4_DIR)/rules.mk

.PHONY: qemu-demo qemu-size
# qemu-system-arm besides the cortex-m4 toolchain.
qemu-demo: deps-board
	@$(AN386_DIR)/deps.sh
	@$(MAKE) --no-print-directory BOARD=$(BOARD) fw-image
	@$(MAKE) --no-print-directory BOARD=$(BOARD) qemu-size
	@$(AN386_DIR)/run.sh $(ELF)

# The footprint table with this board's objects as "board".
qemu-size: $(ELF) $(FW)/probe/jsmn.o
	@python3 tools/footprint/size_report.py --map $(MAP) --elf $(ELF) --nm $(NM) \
	    --inlined 'jsmn=core:$(FW)/probe/jsmn.o' \
	    --component 'core=$(FW)/librmqdr.a' --component 'port=$(FW)/librmqdr_port.a' \
	    --component 'mbedTLS=$(FW)/libmbedtls.a' --component 'lwIP=$(FW)/liblwip.a' \
	    --component 'board=$(FW)/obj/$(AN386_DIR)/,$(FW)/obj/$(M4_DIR)/' \
	    --split 'jsmn=core:jsmn_' --libc
