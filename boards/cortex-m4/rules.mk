# Targets of the cortex-m4 board (included at the end of the top-level
# Makefile with BOARD=cortex-m4).
#
#   make BOARD=cortex-m4         fetch what is missing, link $(B)/fw/rmqdr.elf
#   make size BOARD=cortex-m4    footprint per component + core stack worst case
#   make arena BOARD=cortex-m4   mbedTLS arena peak of a handshake (ILP32 and
#                                host builds of the same mbedTLS configuration)
#   make lwip-raw-test BOARD=cortex-m4   host test of port/lwip_raw
#
# mbedTLS 3.6 is compiled from Debian 13's source package (unpacked by
# tools/deps/mbedtls-source.sh into build/deps/src/mbedtls-3.6, shared with
# the Linux boards) and lwIP from Debian 12's (tools/deps/fetch-sources.sh,
# build/third_party/lwip); tools/deps/install.sh cortex-m4 runs both. Because
# those trees may not exist when make reads this file, every target first
# runs the deps step and then a second make (fw-*) that sees them.

.DEFAULT_GOAL := image

FW        := $(B)/fw
TP        := build/third_party
TP_MBEDTLS := build/deps/src/mbedtls-3.6
LWIP      := $(TP)/lwip
BOARD_DIR := boards/cortex-m4

# Memory map knobs (see cortex-m4.ld).
FLASH_ORIGIN ?= 0x08000000
FLASH_SIZE   ?= 1024K
RAM_ORIGIN   ?= 0x20000000
RAM_SIZE     ?= 128K
STACK_SIZE   ?= 0x2000

# Trusted roots compiled into the image (see docs/PORTING.md, "CA choice").
CA_PEMS ?= /usr/share/ca-certificates/mozilla/GlobalSign_Root_CA_-_R3.crt \
           /usr/share/ca-certificates/mozilla/GlobalSign_Root_R46.crt

# Extra -D for the application (app_config.h), e.g. the plan and item ids.
APP_DEFS ?=

ARCH      := -mcpu=cortex-m4 -mthumb
FW_OPT    := -Os -g -ffunction-sections -fdata-sections
# Per-function stack figures (.su) and call graphs (.ci) for `make size`.
FW_STACK  := -fstack-usage -fcallgraph-info=su
FW_INC    := -Icore/include -Iport/include -I$(BOARD_DIR) -I$(BOARD_DIR)/include \
             -I$(FW)/include -isystem $(TP_MBEDTLS)/include -isystem $(LWIP)/src/include
# RMQDR_NO_STS: no STS AssumeRole in firmware (a board plugs its own
# credentials provider); the figures in docs/PERFORMANCE.md are without it.
FW_DEFS   := -DMBEDTLS_CONFIG_FILE='"rmqdr_mbedtls_config.h"' -DRMQDR_NO_STS
# Project code: the project's warning set, as on every other board.
FW_CFLAGS := $(WARN) $(ARCH) $(FW_OPT) $(FW_STACK) $(FW_INC) $(FW_DEFS) $(APP_DEFS)
# Third-party code: its own dialect, warnings are not ours to fix.
TP_CFLAGS := -std=gnu99 -w $(ARCH) $(FW_OPT) $(FW_STACK) $(FW_INC) $(FW_DEFS)

FW_CORE_SRC  := $(CORE_SRC)
FW_PORT_SRC  := $(sort $(wildcard port/baremetal/*.c port/lwip_raw/*.c port/mbedtls/*.c))
FW_BOARD_SRC := $(sort $(wildcard $(BOARD_DIR)/*.c))
# Evaluated in the second make, once the trees exist.
MBEDTLS_SRC  = $(sort $(wildcard $(TP_MBEDTLS)/library/*.c))
LWIP_SRC     = $(sort $(wildcard $(LWIP)/src/core/*.c $(LWIP)/src/core/ipv4/*.c)) \
               $(LWIP)/src/netif/ethernet.c $(LWIP)/src/apps/sntp/sntp.c

FW_CORE_OBJ  := $(FW_CORE_SRC:%.c=$(FW)/obj/%.o)
FW_PORT_OBJ  := $(FW_PORT_SRC:%.c=$(FW)/obj/%.o)
FW_BOARD_OBJ := $(FW_BOARD_SRC:%.c=$(FW)/obj/%.o) $(FW)/obj/gen/ca_bundle.o
MBEDTLS_OBJ   = $(MBEDTLS_SRC:$(TP_MBEDTLS)/library/%.c=$(FW)/tp/mbedtls/%.o)
LWIP_OBJ      = $(LWIP_SRC:$(TP)/%.c=$(FW)/tp/%.o)

ELF := $(FW)/rmqdr.elf
MAP := $(FW)/rmqdr.map
JSMN_H := $(FW)/include/jsmn.h

FW_LDFLAGS := $(ARCH) -Os --specs=nano.specs -nostartfiles -Wl,--gc-sections \
              -T $(BOARD_DIR)/cortex-m4.ld -Wl,-Map=$(MAP) -Wl,--cref \
              -Wl,--defsym=__flash_origin=$(FLASH_ORIGIN) -Wl,--defsym=__flash_size=$(FLASH_SIZE) \
              -Wl,--defsym=__ram_origin=$(RAM_ORIGIN) -Wl,--defsym=__ram_size=$(RAM_SIZE) \
              -Wl,--defsym=__stack_size=$(STACK_SIZE)

.PHONY: image size arena lwip-raw-test deps-board fw-image fw-size fw-arena fw-check-nomalloc

# `make deps` (and so `make test`) installs the board's toolchain too.
deps: deps-board
deps-board:
	@tools/deps/install.sh $(DEPS_TARGET)

image: deps-board
	@$(MAKE) --no-print-directory BOARD=$(BOARD) fw-image

size: deps-board
	@$(MAKE) --no-print-directory BOARD=$(BOARD) fw-image
	@$(MAKE) --no-print-directory BOARD=$(BOARD) fw-size

arena: deps-board
	@$(MAKE) --no-print-directory BOARD=$(BOARD) fw-arena

# Host test of the board's TCP transport (port/lwip_raw) over lwIP's loopback.
lwip-raw-test: deps-board
	@B=$(B) tests/lwip_raw/run.sh

fw-image: $(ELF) fw-check-nomalloc

# The image must not contain an allocator: no malloc/free/calloc/realloc
# (nor newlib's reentrant _malloc_r family) and no _sbrk.
fw-check-nomalloc: $(ELF)
	@bad=$$($(NM) $(ELF) | awk '{print $$NF}' | grep -xE '_?(malloc|free|calloc|realloc|_malloc_r|_free_r|_calloc_r|_realloc_r|_sbrk|_sbrk_r|sbrk)' || true); \
	if [ -n "$$bad" ]; then echo "cortex-m4: the image contains an allocator: $$bad" >&2; exit 1; fi; \
	echo "cortex-m4: $(ELF) linked; nm finds no malloc/free/calloc/realloc/_sbrk"; \
	$(SIZE) $(ELF)

$(JSMN_H): /usr/include/jsmn.h
	@mkdir -p $(@D)
	cp $< $@

$(FW)/gen/ca_bundle.c: $(CA_PEMS) $(BOARD_DIR)/gen_ca.py
	@mkdir -p $(@D)
	python3 $(BOARD_DIR)/gen_ca.py $@ $(CA_PEMS)

$(FW)/obj/gen/%.o: $(FW)/gen/%.c
	@mkdir -p $(@D)
	$(CC) $(FW_CFLAGS) -MMD -MP -c -o $@ $<

$(FW)/obj/%.o: %.c $(JSMN_H) $(BOARD_DIR)/include/rmqdr_mbedtls_config.h
	@mkdir -p $(@D)
	$(CC) $(FW_CFLAGS) -MMD -MP -c -o $@ $<

# The configuration header is named explicitly: mbedTLS's headers come in
# through -isystem, and -MMD leaves out whatever a system header includes.
$(FW)/tp/mbedtls/%.o: $(TP_MBEDTLS)/library/%.c $(BOARD_DIR)/include/rmqdr_mbedtls_config.h
	@mkdir -p $(@D)
	$(CC) $(TP_CFLAGS) -MMD -MP -c -o $@ $<

$(FW)/tp/%.o: $(TP)/%.c
	@mkdir -p $(@D)
	$(CC) $(TP_CFLAGS) -MMD -MP -c -o $@ $<

$(FW)/librmqdr.a: $(FW_CORE_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(FW)/librmqdr_port.a: $(FW_PORT_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(FW)/libmbedtls.a: $(MBEDTLS_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(FW)/liblwip.a: $(LWIP_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(ELF): $(FW_BOARD_OBJ) $(FW)/librmqdr.a $(FW)/librmqdr_port.a $(FW)/libmbedtls.a \
        $(FW)/liblwip.a $(BOARD_DIR)/cortex-m4.ld
	$(CC) $(FW_LDFLAGS) -o $@ $(FW_BOARD_OBJ) -Wl,--start-group $(FW)/librmqdr_port.a \
	    $(FW)/librmqdr.a $(FW)/libmbedtls.a $(FW)/liblwip.a -Wl,--end-group

# ---- footprint ----------------------------------------------------------

# jsmn alone, same flags, for its row when -Os inlines it into json.c.
$(FW)/gen/jsmn_probe.c:
	@mkdir -p $(@D)
	printf '#define JSMN_STRICT\n#include <jsmn.h>\n' > $@

$(FW)/probe/jsmn.o: $(FW)/gen/jsmn_probe.c $(JSMN_H)
	@mkdir -p $(@D)
	$(CC) $(TP_CFLAGS) -c -o $@ $<

fw-size: $(ELF) $(FW)/probe/jsmn.o
	@python3 tools/footprint/size_report.py --map $(MAP) --elf $(ELF) --nm $(NM) \
	    --inlined 'jsmn=core:$(FW)/probe/jsmn.o' \
	    --component 'core=$(FW)/librmqdr.a' --component 'port=$(FW)/librmqdr_port.a' \
	    --component 'mbedTLS=$(FW)/libmbedtls.a' --component 'lwIP=$(FW)/liblwip.a' \
	    --component 'board=$(FW)/obj/$(BOARD_DIR)/,$(FW)/obj/gen/' \
	    --split 'jsmn=core:jsmn_' --libc
	@echo
	@echo "Core per object file (bytes; json includes jsmn, inlined into it):"
	@python3 tools/footprint/size_report.py --map $(MAP) --elf $(ELF) --nm $(NM) \
	    $(foreach o,$(notdir $(FW_CORE_SRC:.c=)),--component '$(o)=$(FW)/librmqdr.a($(o).o)') \
	    --component 'other=$(FW)/' --libc | sed -n '/^component/,/^total/p' \
	    | grep -vE '^(other|libc|\(alignment\)|total) '
	@echo
	@python3 tools/footprint/stack_report.py --ci-dir $(FW)/obj/core/src \
	    --headers 'core/include/rmqdr/*.h' --exclude-prefix mbedtls_ \
	    --objdump $(OBJDUMP) --elf $(ELF)

# ---- arena peak ----------------------------------------------------------

fw-arena:
	@$(MAKE) --no-print-directory -f $(BOARD_DIR)/arena.mk B=$(B) BOARD_DIR=$(BOARD_DIR) \
	    MBEDTLS=$(TP_MBEDTLS) CA_PEMS='$(CA_PEMS)' WARN='$(WARN)' run

