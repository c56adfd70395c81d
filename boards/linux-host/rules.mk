# Targets of the linux-host board (included at the end of the top-level
# Makefile).
#
# `make` alone first installs what the host build lacks (compiler, mbedTLS,
# jsmn, libmicrohttpd: tools/deps/install.sh host-build, a no-op on a ready
# machine), then builds in a second make, which sees the new headers.
# `make all` skips the install step; `make test` installs the test tools too.
.DEFAULT_GOAL := board-all
.PHONY: board-all
board-all:
	@tools/deps/install.sh host-build
	@$(MAKE) --no-print-directory all
