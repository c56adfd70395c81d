# `make install` / `make uninstall` (GNU coding standards' variables).
#
#   make install PREFIX=/usr DESTDIR=/tmp/stage
#
# Installs: the rmqdr binary, librmqdr.a and librmqdr_port.a, the public
# headers (core and port) under $(INCLUDEDIR)/rmqdr, rmqdr.pc for
# pkg-config, the man page rmqdr(1), the systemd unit rmqdr-watch@.service
# and bash completion. DESTDIR only prefixes the copies; PREFIX and the
# *DIR variables are what the installed files refer to.
#
# With the default MBEDTLS=3.6 the library was compiled against the
# project's own mbedTLS 3.6 build, whose struct layouts depend on its
# configuration header. So that a program built against the installed
# headers agrees with librmqdr_port.a, that mbedTLS is installed privately:
# its archives in $(LIBDIR)/rmqdr and its headers in
# $(INCLUDEDIR)/rmqdr/mbedtls-3.6, where mbedtls/mbedtls_config.h ends by
# including the project's configuration header (the same place
# MBEDTLS_USER_CONFIG_FILE is read), so no -D is needed. rmqdr.pc points
# there. With MBEDTLS=system the distribution's library is used as is.
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
MBEDTLS_PRIVATE_INC := $(INCLUDEDIR)/rmqdr/mbedtls-3.6
MBEDTLS_PRIVATE_LIB := $(LIBDIR)/rmqdr
ifneq ($(MBEDTLS_ARCHIVES),)
PC_TLS_CFLAGS := -I$(MBEDTLS_PRIVATE_INC)
PC_TLS_LIBS   := -L$(MBEDTLS_PRIVATE_LIB) -lmbedtls -lmbedx509 -lmbedcrypto
else
PC_TLS_CFLAGS :=
PC_TLS_LIBS   := $(TLS_LIBS)
endif

$(GEN)/rmqdr.pc: tools/install/rmqdr.pc.in core/include/rmqdr/request.h FORCE
	@mkdir -p $(@D)
	@sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' -e 's|@VERSION@|$(RMQDR_VERSION_TEXT)|g' \
	    -e 's|@TLS_CFLAGS@|$(PC_TLS_CFLAGS)|g' -e 's|@TLS_LIBS@|$(PC_TLS_LIBS)|g' $< > $@.tmp && mv $@.tmp $@

$(GEN)/rmqdr-watch@.service: tools/install/rmqdr-watch@.service.in FORCE
	@mkdir -p $(@D)
	@sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' $< > $@.tmp && mv $@.tmp $@

.PHONY: install uninstall install-files install-mbedtls
install: all $(GEN)/rmqdr.pc $(GEN)/rmqdr-watch@.service $(if $(MBEDTLS_ARCHIVES),install-mbedtls)
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

# The private mbedTLS 3.6 (see the top of this file).
install-mbedtls: all
	$(INSTALL) -d $(DESTDIR)$(MBEDTLS_PRIVATE_LIB) $(DESTDIR)$(MBEDTLS_PRIVATE_INC)/mbedtls \
	    $(DESTDIR)$(MBEDTLS_PRIVATE_INC)/psa
	$(INSTALL) -m 0644 $(MBEDTLS_ARCHIVES) $(DESTDIR)$(MBEDTLS_PRIVATE_LIB)/
	$(INSTALL) -m 0644 $(MBEDTLS_SRC)/include/mbedtls/*.h $(DESTDIR)$(MBEDTLS_PRIVATE_INC)/mbedtls/
	$(INSTALL) -m 0644 $(MBEDTLS_SRC)/include/psa/*.h $(DESTDIR)$(MBEDTLS_PRIVATE_INC)/psa/
	$(INSTALL) -m 0644 $(MBEDTLS_CONFIG) $(DESTDIR)$(MBEDTLS_PRIVATE_INC)/
	printf '\n/* rmqdr: the configuration librmqdr_port.a was built with */\n#include "%s"\n' \
	    $(notdir $(MBEDTLS_CONFIG)) >> $(DESTDIR)$(MBEDTLS_PRIVATE_INC)/mbedtls/mbedtls_config.h

uninstall:
	rm -rf $(DESTDIR)$(MBEDTLS_PRIVATE_INC)
	rm -f $(addprefix $(DESTDIR)$(MBEDTLS_PRIVATE_LIB)/,libmbedtls.a libmbedx509.a libmbedcrypto.a)
	-rmdir $(DESTDIR)$(MBEDTLS_PRIVATE_LIB) 2>/dev/null
	rm -f $(DESTDIR)$(BINDIR)/rmqdr $(DESTDIR)$(LIBDIR)/librmqdr.a $(DESTDIR)$(LIBDIR)/librmqdr_port.a \
	    $(DESTDIR)$(PKGCONFIGDIR)/rmqdr.pc $(DESTDIR)$(MANDIR)/man1/rmqdr.1 \
	    $(DESTDIR)$(SYSTEMDUNITDIR)/rmqdr-watch@.service $(DESTDIR)$(BASHCOMPDIR)/rmqdr
	rm -f $(addprefix $(DESTDIR)$(INCLUDEDIR)/rmqdr/,$(notdir $(RMQDR_PUBLIC_HEADERS)))
	-rmdir $(DESTDIR)$(INCLUDEDIR)/rmqdr 2>/dev/null
