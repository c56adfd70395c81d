# `make install` / `make uninstall` (GNU coding standards' variables).
#
#   make install PREFIX=/usr DESTDIR=/tmp/stage
#
# Installs: the rmqdr binary, librmqdr.a and librmqdr_port.a, the public
# headers (core and port) under $(INCLUDEDIR)/rmqdr, rmqdr.pc for
# pkg-config, the man page rmqdr(1), the systemd unit rmqdr-watch@.service
# and bash completion. DESTDIR only prefixes the copies; PREFIX and the
# *DIR variables are what the installed files refer to.
PREFIX      ?= /usr/local
EXEC_PREFIX ?= $(PREFIX)
BINDIR      ?= $(EXEC_PREFIX)/bin
LIBDIR      ?= $(EXEC_PREFIX)/lib
INCLUDEDIR  ?= $(PREFIX)/include
DATAROOTDIR ?= $(PREFIX)/share
MANDIR      ?= $(DATAROOTDIR)/man
PKGCONFIGDIR   ?= $(LIBDIR)/pkgconfig
# systemd reads units from /usr/local/lib/systemd/system and /usr/lib/systemd/system.
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
BASHCOMPDIR    ?= $(DATAROOTDIR)/bash-completion/completions
SYSCONFDIR     ?= /etc
INSTALL     ?= install

RMQDR_PUBLIC_HEADERS := $(sort $(wildcard core/include/rmqdr/*.h port/include/rmqdr/*.h))
RMQDR_VERSION_TEXT := $(shell sed -n 's/^\#define RMQDR_VERSION "\(.*\)"/\1/p' core/include/rmqdr/request.h)
GEN := $(B)/gen

$(GEN)/rmqdr.pc: tools/install/rmqdr.pc.in core/include/rmqdr/request.h FORCE
	@mkdir -p $(@D)
	@sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' -e 's|@VERSION@|$(RMQDR_VERSION_TEXT)|g' \
	    -e 's|@TLS_LIBS@|$(TLS_LIBS)|g' $< > $@.tmp && mv $@.tmp $@

$(GEN)/rmqdr-watch@.service: tools/install/rmqdr-watch@.service.in FORCE
	@mkdir -p $(@D)
	@sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' $< > $@.tmp && mv $@.tmp $@

.PHONY: install uninstall install-files
install: all $(GEN)/rmqdr.pc $(GEN)/rmqdr-watch@.service
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR)/rmqdr \
	    $(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(SYSTEMDUNITDIR) \
	    $(DESTDIR)$(BASHCOMPDIR)
	$(INSTALL) -m 0755 $(CLI) $(DESTDIR)$(BINDIR)/rmqdr
	$(INSTALL) -m 0644 $(LIB) $(PORTLIB) $(DESTDIR)$(LIBDIR)/
	$(INSTALL) -m 0644 $(RMQDR_PUBLIC_HEADERS) $(DESTDIR)$(INCLUDEDIR)/rmqdr/
	$(INSTALL) -m 0644 $(GEN)/rmqdr.pc $(DESTDIR)$(PKGCONFIGDIR)/rmqdr.pc
	$(INSTALL) -m 0644 docs/man/rmqdr.1 $(DESTDIR)$(MANDIR)/man1/rmqdr.1
	$(INSTALL) -m 0644 $(GEN)/rmqdr-watch@.service $(DESTDIR)$(SYSTEMDUNITDIR)/rmqdr-watch@.service
	$(INSTALL) -m 0644 tools/install/rmqdr.bash-completion $(DESTDIR)$(BASHCOMPDIR)/rmqdr

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/rmqdr $(DESTDIR)$(LIBDIR)/librmqdr.a $(DESTDIR)$(LIBDIR)/librmqdr_port.a \
	    $(DESTDIR)$(PKGCONFIGDIR)/rmqdr.pc $(DESTDIR)$(MANDIR)/man1/rmqdr.1 \
	    $(DESTDIR)$(SYSTEMDUNITDIR)/rmqdr-watch@.service $(DESTDIR)$(BASHCOMPDIR)/rmqdr
	rm -f $(addprefix $(DESTDIR)$(INCLUDEDIR)/rmqdr/,$(notdir $(RMQDR_PUBLIC_HEADERS)))
	-rmdir $(DESTDIR)$(INCLUDEDIR)/rmqdr 2>/dev/null
