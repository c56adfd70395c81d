# Build mbedTLS 3.6 (Debian 13 source package, unpacked by
# tools/deps/mbedtls-source.sh) into static libraries for one target:
#
#   make -f tools/deps/mbedtls.mk SRC=... OUT=... CC=... AR=... \
#        CONFIG_DEFS='-DMBEDTLS_USER_CONFIG_FILE=...' CONFIG_INC=-I... ABI_FLAGS=...
#
# gives OUT/lib/libmbedcrypto, libmbedx509 and libmbedtls, each as .a and
# .so (the tests link the shared ones: some interpose mbedTLS functions,
# which only works across a shared-library boundary), compiled
# with the project's configuration header for that target (CONFIG_DEFS,
# CONFIG_INC: the same flags the project's own code is compiled with, so
# both see one mbedTLS configuration) and ABI_FLAGS (e.g.
# -D_FILE_OFFSET_BITS=64 on armhf, which changes time_t-bearing structs).
# The top-level Makefile calls this once per target; a second call finds the
# archives up to date and does nothing. Third-party code: its own dialect,
# warnings are not ours to fix.
SRC  ?= build/deps/src/mbedtls-3.6
OUT  ?= build/deps/mbedtls-3.6/host
OPT  ?= -O2
LIB_CFLAGS := -std=c99 -w $(OPT) -fPIC -I$(SRC)/include -I$(SRC)/library \
              $(CONFIG_INC) $(CONFIG_DEFS) $(ABI_FLAGS)

X509_NAMES := x509 x509_create x509_crl x509_crt x509_csr x509write x509write_crt x509write_csr pkcs7
TLS_NAMES  := debug mps_reader mps_trace net_sockets ssl_cache ssl_ciphersuites ssl_client \
              ssl_cookie ssl_debug_helpers_generated ssl_msg ssl_ticket ssl_tls ssl_tls12_client \
              ssl_tls12_server ssl_tls13_keys ssl_tls13_client ssl_tls13_server ssl_tls13_generic
ALL_NAMES    := $(basename $(notdir $(wildcard $(SRC)/library/*.c)))
CRYPTO_NAMES := $(filter-out $(X509_NAMES) $(TLS_NAMES),$(ALL_NAMES))

obj = $(foreach n,$(1),$(OUT)/obj/$(n).o)

.PHONY: all
# libmbedtls.so last: the top-level Makefile takes it as "built".
all: $(OUT)/lib/libmbedcrypto.a $(OUT)/lib/libmbedx509.a $(OUT)/lib/libmbedtls.a \
     $(OUT)/lib/libmbedcrypto.so $(OUT)/lib/libmbedx509.so
	$(MAKE) -f $(firstword $(MAKEFILE_LIST)) $(OUT)/lib/libmbedtls.so

$(OUT)/lib/libmbedcrypto.a: $(call obj,$(CRYPTO_NAMES))
$(OUT)/lib/libmbedx509.a:   $(call obj,$(X509_NAMES))
$(OUT)/lib/libmbedtls.a:    $(call obj,$(TLS_NAMES))
$(OUT)/lib/%.a:
	@mkdir -p $(@D)
	@rm -f $@
	$(AR) rcs $@ $^

$(OUT)/lib/libmbedcrypto.so: $(call obj,$(CRYPTO_NAMES))
	@mkdir -p $(@D)
	$(CC) -shared -o $@ $^
$(OUT)/lib/libmbedx509.so: $(call obj,$(X509_NAMES)) $(OUT)/lib/libmbedcrypto.so
	$(CC) -shared -o $@ $(call obj,$(X509_NAMES)) -L$(OUT)/lib -lmbedcrypto
$(OUT)/lib/libmbedtls.so: $(call obj,$(TLS_NAMES)) $(OUT)/lib/libmbedx509.so
	$(CC) -shared -o $@ $(call obj,$(TLS_NAMES)) -L$(OUT)/lib -lmbedx509 -lmbedcrypto

# CONFIG_HEADER: the configuration header, so that editing it rebuilds.
$(OUT)/obj/%.o: $(SRC)/library/%.c $(CONFIG_HEADER)
	@mkdir -p $(@D)
	$(CC) $(LIB_CFLAGS) -c -o $@ $<
