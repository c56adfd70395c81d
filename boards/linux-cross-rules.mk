# Shared rules of the Linux ARM cross boards, included from their rules.mk.

# `make deps` (and so `make test`) also installs the target's toolchain,
# multiarch libraries and qemu-user. The host part stays: the emulator and
# the Python checks run natively.
.PHONY: deps-board
deps: deps-board
deps-board:
	@tools/deps/install.sh $(DEPS_TARGET)
