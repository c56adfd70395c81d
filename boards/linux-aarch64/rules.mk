include boards/linux-cross-rules.mk
