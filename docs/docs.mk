# `make docs`: the API reference from the public headers with Doxygen
# (Debian's doxygen, installed by tools/deps/install.sh docs), warnings as
# errors. Output build/docs/html; warnings also in build/docs/warnings.log.
.PHONY: docs
docs:
	@tools/deps/install.sh docs
	@mkdir -p build/docs
	@doxygen docs/Doxyfile && echo "docs: build/docs/html/index.html (0 warnings)" || \
	    { echo "docs: $$(grep -c . build/docs/warnings.log) Doxygen warnings (build/docs/warnings.log)" >&2; exit 1; }
