# Which mbedTLS the Linux boards build against, included by the top-level
# Makefile after boards/$(BOARD)/board.mk.
#
#   MBEDTLS=3.6     (default) mbedTLS 3.6 LTS from Debian 13's source package
#                   `mbedtls`, fetched by tools/deps/mbedtls-source.sh into
#                   build/deps/src/mbedtls-3.6 and compiled once per board by
#                   tools/deps/mbedtls.mk into build/deps/mbedtls-3.6/<board>,
#                   with the board's configuration header $(MBEDTLS_CONFIG)
#                   (read as MBEDTLS_USER_CONFIG_FILE by the library and by
#                   the project's code alike);
#   MBEDTLS=system  the distribution's libmbedtls-dev (Debian 12: 2.28), so a
#                   packager can link the distro library; objects go to
#                   build/<board>-mbedtls-system so both variants coexist.
#
# A board opts in by setting MBEDTLS_CONFIG (linux-host, linux-armhf,
# linux-aarch64). Bare-metal boards compile their mbedTLS in rules.mk.
#
# Outputs: B, TLS_CPPFLAGS, TLS_LIBS, PROGRAM_TLS_LIBS (what the shipped
# programs link: static archives of a built 3.6), CRYPTO_LIBS (for programs that only
# hash), MBEDTLS_READY (an order-only prerequisite of every object: the
# library exists, so do its headers), and TLS_SYSTEM_B with the rule
# tls-system-build, which builds the TLS suites against the system library
# for `make check` (host board only).

MBEDTLS_VERSIONS := 3.6 system
ifeq ($(filter $(MBEDTLS),$(MBEDTLS_VERSIONS)),)
$(error MBEDTLS=$(MBEDTLS): expected one of $(MBEDTLS_VERSIONS))
endif

TLS_CPPFLAGS :=
CRYPTO_LIBS := -lmbedcrypto
# Programs (the CLI) link this; the 3.6 build below replaces it by archives.
PROGRAM_TLS_LIBS = $(TLS_LIBS)
MBEDTLS_ARCHIVES :=
MBEDTLS_READY :=
TLS_SYSTEM_B :=

.PHONY: tls-system-build
ifneq ($(MBEDTLS_CONFIG),)
ifeq ($(MBEDTLS),system)
B := build/$(BUILD_NAME)-mbedtls-system
else
MBEDTLS_SRC   := build/deps/src/mbedtls-3.6
MBEDTLS_OUT   := build/deps/mbedtls-3.6/$(BUILD_NAME)
MBEDTLS_CFG_FLAGS := -I$(dir $(MBEDTLS_CONFIG)) \
                     -DMBEDTLS_USER_CONFIG_FILE='"$(notdir $(MBEDTLS_CONFIG))"'
TLS_CPPFLAGS  := -isystem $(MBEDTLS_SRC)/include $(MBEDTLS_CFG_FLAGS)
# Shared, found through the run path: tests interpose mbedTLS functions
# (test_edges), as they do with the system's shared library.
TLS_LIBS      := -L$(MBEDTLS_OUT)/lib -Wl,-rpath,$(abspath $(MBEDTLS_OUT)/lib) \
                 -lmbedtls -lmbedx509 -lmbedcrypto
CRYPTO_LIBS   := -L$(MBEDTLS_OUT)/lib -Wl,-rpath,$(abspath $(MBEDTLS_OUT)/lib) -lmbedcrypto
MBEDTLS_READY := $(MBEDTLS_OUT)/lib/libmbedtls.so
# What the shipped programs link: the static archives, so an installed
# rmqdr needs neither the build tree nor a system mbedTLS 3.6.
MBEDTLS_ARCHIVES := $(MBEDTLS_OUT)/lib/libmbedtls.a $(MBEDTLS_OUT)/lib/libmbedx509.a \
                    $(MBEDTLS_OUT)/lib/libmbedcrypto.a
PROGRAM_TLS_LIBS := $(MBEDTLS_ARCHIVES)
# tests/lwip/lwip.mk and other sub-makes read these from the environment.
export TLS_CPPFLAGS TLS_LIBS

# Fetch (once) and build (once per board). Only the configuration header is
# a prerequisite: once built, a later make does not rebuild the library
# unless that header changed (then only the sub-make's objects are redone);
# `rm -rf build/deps/mbedtls-3.6/<board>` forces a full rebuild.
$(MBEDTLS_READY): $(MBEDTLS_CONFIG)
	@tools/deps/mbedtls-source.sh $(MBEDTLS_SRC)
	@echo "mbedtls: building mbedTLS 3.6 for $(BUILD_NAME) into $(MBEDTLS_OUT)"
	@mkdir -p $(MBEDTLS_OUT)
	@$(MAKE) --no-print-directory -f tools/deps/mbedtls.mk SRC=$(MBEDTLS_SRC) OUT=$(MBEDTLS_OUT) \
	    CC='$(CC)' AR='$(AR)' CONFIG_INC='-I$(dir $(MBEDTLS_CONFIG))' CONFIG_HEADER=$(MBEDTLS_CONFIG) \
	    CONFIG_DEFS='-DMBEDTLS_USER_CONFIG_FILE="\"$(notdir $(MBEDTLS_CONFIG))\""' \
	    ABI_FLAGS='$(filter -D_FILE_OFFSET_BITS=% -D_TIME_BITS=%,$(CPPFLAGS))' >$(MBEDTLS_OUT).log 2>&1 \
	    || { tail -n 30 $(MBEDTLS_OUT).log; exit 1; }

# The TLS suites once more against the system's mbedTLS (host only: the
# cross boards' multiarch 2.28 packages add nothing the host run does not).
ifeq ($(BUILD_NAME),host)
TLS_SYSTEM_B := build/$(BUILD_NAME)-mbedtls-system
TLS_SYSTEM_SUITES := test_tls test_integration_client
tls-system-build:
	@$(MAKE) --no-print-directory MBEDTLS=system $(TLS_SYSTEM_SUITES:%=$(TLS_SYSTEM_B)/tests/%)
endif
endif
endif

tls-system-build:
