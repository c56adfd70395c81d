# Linux on 32-bit ARM (ARMv7 hard-float, Debian armhf), cross-built on the
# host; tests run under qemu-arm-static. See boards/linux-cross.mk.
CROSS_TRIPLET := arm-linux-gnueabihf
CROSS_QEMU    := qemu-arm-static
CROSS_DEBARCH := armhf
include boards/linux-cross.mk
