# Operators (issue 16), included by the top-level Makefile:
#   - the CLI links GNU libmicrohttpd for `watch --metrics-listen`
#   - --version facts: git commit and build date compiled into version.o
#   - the metrics unit test links tools/cli/metrics.c
#   - `make STATIC=1` also links $(B)/rmqdr-static (see docs/PERFORMANCE.md)

# The shared object by soname, so cross boards need only the target's
# runtime package (libmicrohttpd12:<arch>), not libmicrohttpd-dev:<arch> and
# its GnuTLS -dev chain; the header is the host's (architecture-independent).
METRICS_LIBS := -l:libmicrohttpd.so.12 -lpthread
$(CLI): LDFLAGS += $(METRICS_LIBS)

GIT_COMMIT := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
BUILD_DATE := $(shell date -u $(if $(SOURCE_DATE_EPOCH),-d @$(SOURCE_DATE_EPOCH)) +%Y-%m-%d)
VERSION_DEFS := -DRMQDR_GIT_COMMIT='"$(GIT_COMMIT)"' -DRMQDR_BUILD_DATE='"$(BUILD_DATE)"'
VERSION_STAMP := $(B)/version.stamp
$(B)/obj/tools/cli/version.o $(B)/static/tools/cli/version.o: CPPFLAGS += $(VERSION_DEFS)
$(B)/obj/tools/cli/version.o $(B)/static/tools/cli/version.o: $(VERSION_STAMP)
# Rewritten only when the commit or date changes, so version.o is rebuilt then.
$(VERSION_STAMP): FORCE
	@mkdir -p $(@D)
	@echo '$(VERSION_DEFS)' | cmp -s - $@ || echo '$(VERSION_DEFS)' > $@
.PHONY: FORCE
FORCE:

# Unit test of the metrics registry and renderers.
$(B)/asan/tests/unit/test_metrics.o: CPPFLAGS += -Itools/cli
$(B)/tests/test_metrics: $(B)/asan/tests/unit/test_metrics.o $(B)/asan/tools/cli/metrics.o \
                         $(ATEST_OBJ) $(ACORE_OBJ) $(APORT_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SANITIZE) -o $@ $^ -lcmocka $(TLS_LIBS) -lpthread

# STATIC=1: a fully static CLI for gateways with an old userland. GnuTLS
# (which libmicrohttpd needs) has no static library in Debian, so this binary
# has --metrics-file but no --metrics-listen; mbedTLS, jansson (libjansson.a,
# shipped by libjansson-dev) and glibc are linked in.
STATIC_CLI := $(B)/rmqdr-static
STATIC_OBJ := $(patsubst $(B)/obj/%,$(B)/static/%,$(CLI_OBJ))
ifeq ($(STATIC),1)
all: $(STATIC_CLI)
endif
.PHONY: static
static: $(STATIC_CLI)

$(B)/static/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -DRMQDR_NO_METRICS_HTTP $(CFLAGS) -MMD -MP -c -o $@ $<

$(STATIC_CLI): $(STATIC_OBJ) $(PORTLIB) $(LIB)
	$(CC) $(CFLAGS) -static -o $@ $(STATIC_OBJ) $(PORTLIB) $(LIB) $(TLS_LIBS) $(CLI_LIBS) -lpthread

# Unit test of watch --instance-id's discovery diff (issue 15).
$(B)/asan/tests/unit/test_watch_discover.o: CPPFLAGS += -Itools/cli
$(B)/tests/test_watch_discover: $(B)/asan/tests/unit/test_watch_discover.o $(B)/asan/tools/cli/watch_discover.o \
                                $(B)/asan/tools/cli/io.o \
                                $(ATEST_OBJ) $(ACORE_OBJ) $(APORT_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SANITIZE) -o $@ $^ -lcmocka $(TLS_LIBS) -lpthread
