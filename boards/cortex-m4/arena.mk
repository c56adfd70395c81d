# `make arena BOARD=cortex-m4`: the mbedTLS arena of one TLS connection,
# measured off-board with the board's mbedTLS configuration.
#
# mbedTLS comes from the same Debian source tree and config header as the
# firmware (plus RMQDR_TLS_ARENA_STATS=1 for the allocator's statistics);
# the rmqdr TLS transport runs over the POSIX socket port, port/baremetal
# supplies the platform. Two builds:
#   ilp32  armhf cross build, static, run under qemu-arm-static: 32-bit
#          pointers and AAPCS alignment, so mbedTLS's structs have the
#          Cortex-M4 layout (the figures that matter for the board);
#   host   the build machine's compiler (64-bit: larger structs), for
#          reference.
# Each also in a what-if variant with a 4 KB incoming record buffer and
# max_fragment_length requested (see rmqdr_mbedtls_config.h).
# Invoked by rules.mk with B, BOARD_DIR, MBEDTLS, CA_PEMS, WARN.
A        := $(B)/arena
CFG      := -I$(BOARD_DIR)/include -DMBEDTLS_CONFIG_FILE='"rmqdr_mbedtls_config.h"' -DRMQDR_TLS_ARENA_STATS=1
# max_fragment_length is negotiated by mbedTLS 3.6 in TLS 1.2 only, so the
# 4 KB variant is a TLS 1.2-only build (as the mps2-an386 board).
MFL_CFG  := -DRMQDR_TLS_IN_CONTENT_LEN=4096 -DRMQDR_TLS_OUT_CONTENT_LEN=4096 \
            -DRMQDR_PROBE_MFL_CODE=MBEDTLS_SSL_MAX_FRAG_LEN_4096 -DRMQDR_TLS_WITH_TLS13=0
INC      := -Icore/include -Iport/include -isystem $(MBEDTLS)/include
TLS_SRC  := $(sort $(wildcard $(MBEDTLS)/library/*.c))
APP_SRC  := tools/footprint/arena_probe.c port/baremetal/bm_platform.c \
            $(sort $(wildcard port/posix/*.c port/mbedtls/*.c)) core/src/status.c core/src/calendar.c

ILP32_CC := arm-linux-gnueabihf-gcc
VARIANTS := ilp32-full ilp32-mfl host-full host-mfl

# $(call probe,VARIANT,CC,EXTRA_CFLAGS,LDFLAGS)
define probe
$(A)/$(1)/mbedtls/%.o: $(MBEDTLS)/library/%.c
	@mkdir -p $$(@D)
	@$(2) -std=gnu99 -O2 -w $(CFG) $(3) $(INC) -c -o $$@ $$<
$(A)/$(1)/obj/%.o: %.c
	@mkdir -p $$(@D)
	@$(2) $(WARN) -O2 -g -D_POSIX_C_SOURCE=200809L $(CFG) $(3) $(INC) -c -o $$@ $$<
$(A)/$(1)/arena_probe: $(TLS_SRC:$(MBEDTLS)/library/%.c=$(A)/$(1)/mbedtls/%.o) $(APP_SRC:%.c=$(A)/$(1)/obj/%.o)
	$(2) -o $$@ $$^ $(4)
endef
$(eval $(call probe,ilp32-full,$(ILP32_CC),,-static))
$(eval $(call probe,ilp32-mfl,$(ILP32_CC),$(MFL_CFG),-static))
$(eval $(call probe,host-full,gcc,,))
$(eval $(call probe,host-mfl,gcc,$(MFL_CFG),))

.PHONY: run
run: $(VARIANTS:%=$(A)/%/arena_probe)
	@echo "== mbedTLS arena, board configuration (incoming records 16 KB), ILP32 (armhf under qemu):"
	@PROBE_RUN=qemu-arm-static tools/footprint/arena_run.sh $(abspath $(A)/ilp32-full/arena_probe) $(A)/pki $(CA_PEMS)
	@echo
	@echo "== what-if: incoming records 4 KB, max_fragment_length=4096 negotiated, ILP32:"
	@PROBE_RUN=qemu-arm-static PROTOCOLS=tls1_2 tools/footprint/arena_run.sh $(abspath $(A)/ilp32-mfl/arena_probe) $(A)/pki $(CA_PEMS)
	@echo
	@echo "== reference: the same two on the 64-bit host (larger structs):"
	@tools/footprint/arena_run.sh $(abspath $(A)/host-full/arena_probe) $(A)/pki $(CA_PEMS) | sed -n '2,7p'
	@PROTOCOLS=tls1_2 tools/footprint/arena_run.sh $(abspath $(A)/host-mfl/arena_probe) $(A)/pki $(CA_PEMS) | sed -n '2,4p'
	@echo
	@printf 'board trust store alone, ILP32 (%s): ' "$(notdir $(CA_PEMS))"
	@qemu-arm-static $(A)/ilp32-full/arena_probe --ca-only $(CA_PEMS)
