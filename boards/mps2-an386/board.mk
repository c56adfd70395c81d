# QEMU's mps2-an386 (ARM MPS2 FPGA image AN386: Cortex-M4, CMSDK UART,
# SMSC LAN9118 Ethernet). The generic cortex-m4 board's toolchain and rules
# with this board's memory map, drivers and application; see rules.mk.
#
#   make BOARD=mps2-an386              link build/mps2-an386/fw/rmqdr.elf
#   make qemu-demo BOARD=mps2-an386    boot it in QEMU against the emulator
include boards/cortex-m4/board.mk
BUILD_NAME := mps2-an386
