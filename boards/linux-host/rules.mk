# Targets of the linux-host board (included at the end of the top-level
# Makefile).
#
# `make` alone first installs what the host build lacks (compiler, mbedTLS,
# jsmn, libmicrohttpd... through tools/deps/install.sh host, a no-op on a
# ready machine), then builds in a second make, which sees the new headers.
# `make all` skips the install step.
.DEFAULT_GOAL := board-all
.PHONY: board-all
board-all:
	@tools/deps/install.sh host
	@$(MAKE) --no-print-directory all
