# rmqdr: zero-malloc client for ApsaraMQ for RocketMQ ListDisasterRecoveryCheckpoints.
#
#   make                 core library + host CLI (build/host/rmqdr)
#   make test            install what is missing, then run every suite
#   make demo            install what is missing, list checkpoints from the local emulator
#   make fuzz            run every libFuzzer target for FUZZ_SECONDS (default 300)
#   make bench           benchmark programs (tools/bench); figures in docs/PERFORMANCE.md
#   make BOARD=<name>    build for boards/<name>
#   make MBEDTLS=system  link the system's mbedTLS 2.28 (libmbedtls-dev) instead
#                        of mbedTLS 3.6 LTS built from Debian 13's source
#                        (default); build dir build/<board>-mbedtls-system
BOARD ?= linux-host
include boards/$(BOARD)/board.mk

B        := build/$(BUILD_NAME)
WARN     := -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Werror
OPT      ?= -O2 -g
CPPFLAGS := -Icore/include -Iport/include -D_POSIX_C_SOURCE=200809L

# Which mbedTLS a Linux board (one that sets MBEDTLS_CONFIG) links; see
# port/mbedtls/mbedtls.mk. Bare-metal boards compile theirs in rules.mk.
MBEDTLS ?= 3.6
include port/mbedtls/mbedtls.mk
CPPFLAGS += $(TLS_CPPFLAGS)
CFLAGS   := $(WARN) $(OPT)

CORE_SRC := $(sort $(wildcard core/src/*.c))
PORT_SRC := $(sort $(wildcard port/posix/*.c port/mbedtls/*.c port/proxy/*.c))
CLI_SRC  := $(sort $(wildcard tools/cli/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
INTEG_SRC:= $(sort $(wildcard tests/integration/test_*.c))
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
TESTLIB_SRC := $(sort $(wildcard tests/support/*.c))

CORE_OBJ := $(CORE_SRC:%.c=$(B)/obj/%.o)
PORT_OBJ := $(PORT_SRC:%.c=$(B)/obj/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(B)/obj/%.o)

# Test builds: same sources, sanitizers on.
ACORE_OBJ := $(CORE_SRC:%.c=$(B)/asan/%.o)
APORT_OBJ := $(PORT_SRC:%.c=$(B)/asan/%.o)
ATEST_OBJ := $(TESTLIB_SRC:%.c=$(B)/asan/%.o)
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
INTEG_BIN := $(INTEG_SRC:tests/integration/%.c=$(B)/tests/%)
# Boards that cannot run libFuzzer (cross and bare-metal) set FUZZ := no.
FUZZ_BIN  := $(if $(filter no,$(FUZZ)),,$(FUZZ_SRC:tests/fuzz/%.c=$(B)/fuzz/%))

LIB      := $(B)/librmqdr.a
PORTLIB  := $(B)/librmqdr_port.a
CLI      := $(B)/rmqdr
# The CLI (not the core) may allocate: jansson parses the profile file.
CLI_LIBS := -ljansson

FUZZ_SECONDS ?= 300
FUZZ_SHORT   ?= 5

.PHONY: all deps test check demo fuzz clean tests-build fuzz-build
# Keep intermediate objects so a rebuild compiles only what changed.
.SECONDARY:

all: $(LIB) $(PORTLIB) $(CLI)

deps:
	@tools/deps/install.sh

# `make test` first installs what is missing, then builds and runs in a
# second make so the new headers are seen.
test: deps
	@$(MAKE) --no-print-directory check

check: all tests-build fuzz-build tls-system-build bench-build
	@B=$(B) RUN="$(RUN)" FUZZ_SHORT=$(FUZZ_SHORT) TLS_SYSTEM_B=$(TLS_SYSTEM_B) tests/run.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@tools/demo.sh $(CLI)

fuzz: deps
	@$(MAKE) --no-print-directory fuzz-build
	@B=$(B) FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run.sh long

tests-build: $(UNIT_BIN) $(INTEG_BIN)

fuzz-build: $(FUZZ_BIN)

$(LIB): $(CORE_OBJ)
	@mkdir -p $(@D)
	$(AR) rcs $@ $^

$(PORTLIB): $(PORT_OBJ)
	@mkdir -p $(@D)
	$(AR) rcs $@ $^

$(CLI): $(CLI_OBJ) $(PORTLIB) $(LIB)
	$(CC) $(CFLAGS) -o $@ $(CLI_OBJ) $(PORTLIB) $(LIB) $(PROGRAM_TLS_LIBS) $(CLI_LIBS) $(LDFLAGS)

# $(MBEDTLS_CONFIG) by name: -MMD omits what mbedTLS's -isystem headers include.
$(B)/obj/%.o: %.c $(MBEDTLS_CONFIG) | $(MBEDTLS_READY)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(B)/asan/%.o: %.c $(MBEDTLS_CONFIG) | $(MBEDTLS_READY)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests/support $(CFLAGS) $(SANITIZE) -MMD -MP -c -o $@ $<

$(B)/tests/%: $(B)/asan/tests/unit/%.o $(ATEST_OBJ) $(ACORE_OBJ) $(APORT_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SANITIZE) -o $@ $^ -lcmocka $(TLS_LIBS) -lpthread

# A board that signs with fixed keys builds core with
# RMQDR_NO_CREDENTIALS_PROVIDER: this test links a client.o compiled that
# way in place of the usual one (explicit rule: it wins over the pattern).
FIXED_KEYS_CLIENT := $(B)/asan-fixed-keys/core/src/client.o
$(FIXED_KEYS_CLIENT): core/src/client.c $(MBEDTLS_CONFIG) | $(MBEDTLS_READY)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(SANITIZE) -DRMQDR_NO_CREDENTIALS_PROVIDER -MMD -MP -c -o $@ $<
$(B)/asan/tests/unit/test_fixed_keys.o: CPPFLAGS += -DRMQDR_NO_CREDENTIALS_PROVIDER_TEST
$(B)/tests/test_fixed_keys: $(B)/asan/tests/unit/test_fixed_keys.o $(ATEST_OBJ) \
                            $(filter-out $(B)/asan/core/src/client.o,$(ACORE_OBJ)) $(FIXED_KEYS_CLIENT) $(APORT_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SANITIZE) -o $@ $^ -lcmocka $(TLS_LIBS) -lpthread

# The CLI's proxy selection is tested on its own (tools/cli/proxy.c).
$(B)/tests/test_cli_proxy: $(B)/asan/tools/cli/proxy.o

$(B)/tests/test_integration_%: $(B)/asan/tests/integration/test_integration_%.o $(ATEST_OBJ) $(ACORE_OBJ) $(APORT_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SANITIZE) -o $@ $^ -lcmocka $(TLS_LIBS) -lpthread

# libFuzzer targets: clang, core sources compiled in.
FUZZ_FLAGS := -std=c11 -g -O2 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
$(B)/fuzz/%: tests/fuzz/%.c $(CORE_SRC) | $(MBEDTLS_READY)
	@mkdir -p $(@D)
	clang $(CPPFLAGS) $(FUZZ_FLAGS) -o $@ $< $(CORE_SRC) $(CRYPTO_LIBS)

clean:
	rm -rf build

-include $(shell find build -name '*.d' -type f 2>/dev/null)

# Reliability gates: make soak, make coverage.
include tests/reliability.mk

# Benchmarks: programs that print figures, never assertions.
include tools/bench/bench.mk
bench: ; @tools/bench/deps.sh && $(MAKE) --no-print-directory bench-run

# ---- operators (issue 16): metrics, --version, STATIC=1, install, docs ----
include tools/cli/ops.mk
include tools/install/install.mk
include docs/docs.mk
# ---- end operators ----

# A board may add its own targets (firmware image, size report) here.
-include boards/$(BOARD)/rules.mk
