# Build the lwIP port's in-process tests (tests/lwip) into $(B)/lwip/.
#
#   make -f tests/lwip/lwip.mk lwip-build     standalone (what tests/lwip/run.sh does)
#   include tests/lwip/lwip.mk                from the top Makefile, after its
#                                             variables; adds the lwip-build target
#
# The lwIP port is not in the Makefile's PORT_SRC because the host CLI does
# not use lwIP; these rules compile it for the tests only, against the lwIP
# the target's Debian packages provide (liblwip-dev: the unix port, NO_SYS=0,
# sockets + netconn, no DNS), with ASan + UBSan like every other test build.
# Everything, port and test code alike, builds with the project's -Werror
# warning set: lwIP's headers come in through -isystem, so their own
# warnings do not count against us.
#
# Inputs (set by the top Makefile and boards/*/board.mk, or defaulted here
# for standalone use): B, CC, WARN, SANITIZE, TLS_LIBS. On a cross board CC
# is the cross compiler (exported by boards/linux-cross.mk), so the same
# rules build ARM binaries that tests/lwip/run.sh runs under $(RUN).

B        ?= build/host
ifeq ($(origin CC),default)
CC       := gcc
endif
WARN     ?= -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Werror
SANITIZE ?= -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
TLS_LIBS ?= -lmbedtls -lmbedx509 -lmbedcrypto
# mbedTLS 3.6 headers and configuration (port/mbedtls/mbedtls.mk exports
# them); empty for the system's mbedTLS.
TLS_CPPFLAGS ?=
# Where lwipopts.h, arch/cc.h and lwip/*.h are (Debian: one tree).
LWIP_INC ?= /usr/include/lwip

LWIP_OUT      := $(B)/lwip
LWIP_CPPFLAGS := -Icore/include -Iport/include -Itests/lwip -D_POSIX_C_SOURCE=200809L \
                 $(TLS_CPPFLAGS) -isystem $(LWIP_INC)
LWIP_CFLAGS   := $(WARN) -O1 -g $(SANITIZE)

# The port and the test bed, in both programs.
LWIP_COMMON_SRC := port/lwip/lwip_socket.c tests/lwip/harness.c
# Stage 1 (plain TCP) needs only status names and the HTTP decoder.
LWIP_TCP_SRC := tests/lwip/test_lwip_tcp.c $(LWIP_COMMON_SRC) core/src/status.c core/src/http.c core/src/calendar.c
# Stage 2 (TLS + client) needs the whole core, the TLS transport and the
# POSIX clock/random hooks (the host's; a board would bring its own).
LWIP_TLS_SRC := tests/lwip/test_lwip_tls.c $(LWIP_COMMON_SRC) $(sort $(wildcard core/src/*.c)) \
                $(sort $(wildcard port/mbedtls/*.c)) port/posix/posix_platform.c

LWIP_TCP_BIN := $(LWIP_OUT)/test_lwip_tcp
LWIP_TLS_BIN := $(LWIP_OUT)/test_lwip_tls
# The TLS program is built once the modules it drives exist.
LWIP_BINS := $(LWIP_TCP_BIN) \
             $(and $(wildcard port/mbedtls/*.c),$(wildcard core/src/client.c),$(LWIP_TLS_BIN))

.PHONY: lwip-build
lwip-build: $(LWIP_BINS)

$(LWIP_TCP_BIN): $(LWIP_TCP_SRC:%.c=$(LWIP_OUT)/obj/%.o)
	@mkdir -p $(@D)
	$(CC) $(LWIP_CFLAGS) -o $@ $^ -llwip -lpthread

$(LWIP_TLS_BIN): $(LWIP_TLS_SRC:%.c=$(LWIP_OUT)/obj/%.o)
	@mkdir -p $(@D)
	$(CC) $(LWIP_CFLAGS) -o $@ $^ -llwip $(TLS_LIBS) -lpthread

# SO_BINDTODEVICE takes a struct ifreq, which glibc declares only outside
# strict POSIX mode; the test bed (never library code) asks for it.
$(LWIP_OUT)/obj/tests/lwip/harness.o: LWIP_EXTRA := -D_DEFAULT_SOURCE

$(LWIP_OUT)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(LWIP_CPPFLAGS) $(LWIP_EXTRA) $(LWIP_CFLAGS) -MMD -MP -c -o $@ $<

-include $(wildcard $(LWIP_OUT)/obj/*/*.d $(LWIP_OUT)/obj/*/*/*.d $(LWIP_OUT)/obj/*/*/*/*.d)
