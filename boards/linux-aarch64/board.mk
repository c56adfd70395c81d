# Linux on 64-bit ARM (Debian arm64), cross-built on the host; tests run
# under qemu-aarch64-static. See boards/linux-cross.mk.
CROSS_TRIPLET := aarch64-linux-gnu
CROSS_QEMU    := qemu-aarch64-static
CROSS_DEBARCH := arm64
include boards/linux-cross.mk
