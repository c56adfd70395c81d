# Linux host build (x86_64 or whatever the native gcc targets).
BUILD_NAME := host
CC         := gcc
AR         := ar
# Prefix for running target binaries (empty: run natively).
RUN        :=
# Sanitizers for test binaries.
SANITIZE   := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
TLS_LIBS   := -lmbedtls -lmbedx509 -lmbedcrypto
# mbedTLS 3.6 configuration of this board (see port/mbedtls/mbedtls.mk).
MBEDTLS_CONFIG := port/mbedtls/config/rmqdr_mbedtls_linux.h
