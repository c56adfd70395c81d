# Shared part of the Linux ARM cross boards (linux-armhf, linux-aarch64).
# A board sets CROSS_TRIPLET, CROSS_QEMU and CROSS_DEBARCH, then includes this.
#
# Compiler and libraries are Debian's: gcc-$(CROSS_TRIPLET) and the target's
# -dev packages through multiarch (/usr/lib/$(CROSS_TRIPLET)), installed by
# `tools/deps/install.sh $(CROSS_DEBARCH)`, which boards/linux-cross-rules.mk
# hooks into `make deps` (and so `make test`).
BUILD_NAME := $(notdir $(patsubst %/,%,$(dir $(lastword $(filter %/board.mk,$(MAKEFILE_LIST))))))
CC         := $(CROSS_TRIPLET)-gcc
AR         := $(CROSS_TRIPLET)-ar
NM         := $(CROSS_TRIPLET)-nm
SIZE       := $(CROSS_TRIPLET)-size
# Test binaries run under qemu-user, called explicitly. No -L: the binaries'
# interpreter (/lib/ld-linux-*.so) and libraries are the target's multiarch
# packages, found where they are. -L /usr/$(CROSS_TRIPLET) would load the
# cross-toolchain libc beside the multiarch one and crash threaded programs.
# LeakSanitizer is off under qemu: its stop-the-world step needs ptrace,
# which qemu-user does not emulate, so every sanitized binary would end in
# "LeakSanitizer has encountered a fatal error". The option must be in the
# host environment (qemu's -E does not reach ASan, which reads
# /proc/self/environ). Leaks stay checked by the host build.
RUN        := env ASAN_OPTIONS=detect_leaks=0 $(CROSS_QEMU)
# ASan + UBSan, as on the host. Both work under qemu 7.2 for armhf and
# arm64 (checked: a use-after-free is reported with its stack; aarch64 test
# binaries take about 420 MB RSS for the shadow mapping). Runtimes are the
# target's libasan8 and libubsan1 packages.
SANITIZE   := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
TLS_LIBS   := -lmbedtls -lmbedx509 -lmbedcrypto
# mbedTLS 3.6 configuration of this board (see port/mbedtls/mbedtls.mk).
MBEDTLS_CONFIG := port/mbedtls/config/rmqdr_mbedtls_linux.h
# libFuzzer targets are host-only (clang, x86_64 runtime).
FUZZ       := no
# tools/deps/install.sh target.
DEPS_TARGET := $(CROSS_DEBARCH)
# tests/checks/*.sh read these (target objects need the target's binutils).
export CC NM SIZE
