# Shared rules of the Linux ARM cross boards, included from their rules.mk.

# `make deps` (and so `make test`) also installs the target's toolchain,
# multiarch libraries and qemu-user. The host part stays: the emulator and
# the Python checks run natively.
.PHONY: deps-board
deps: deps-board
deps-board:
	@tools/deps/install.sh $(DEPS_TARGET)

# `make BOARD=<this board>` alone first installs the cross toolchain and the
# target's libraries it lacks (as `make test` does), then builds in a second
# make, which sees them. `make BOARD=... all` skips the install step.
.DEFAULT_GOAL := board-all
.PHONY: board-all
board-all: deps-board
	@$(MAKE) --no-print-directory BOARD=$(BOARD) all
