# Reliability gates, included from the top-level Makefile:
#
#   make soak [SOAK_REQUESTS=10000]  one client, SOAK_REQUESTS requests with mixed
#                                    pages and faults against the emulator; fd and
#                                    heap counts must match those after request 100
#                                    (tests/soak/run.sh; `make test` runs 1000)
#   make soak-watch [WATCH_SECONDS=660]
#                                    `rmqdr watch` against an emulator of its own with
#                                    every transient fault at random for WATCH_SECONDS
#                                    at real-time speed (>= 10 min); `make test` runs
#                                    36 s at 20x speed (tests/integration/test_watch_soak.py)
#   make coverage                    gcov/gcovr line and branch coverage of core/ and
#                                    port/ over unit, fuzz-corpus and integration
#                                    suites; fails below COVERAGE_MIN_BRANCH (95) %
#                                    branches of core (tools/coverage.sh)
#
# Fault injection (tests/unit/test_faults.c), the short soak
# (tests/integration/test_integration_soak.c), static analysis and the secret
# scan (tests/checks/*.sh) are picked up by `make test` through the existing
# wildcards of the Makefile and tests/run.sh.
SOAK_REQUESTS ?= 10000

WATCH_SECONDS ?= 660

.PHONY: soak soak-watch coverage

soak: deps
	@$(MAKE) --no-print-directory $(B)/tests/test_integration_soak
	@B=$(B) RUN="$(RUN)" SOAK_REQUESTS=$(SOAK_REQUESTS) tests/soak/run.sh

soak-watch: deps
	@$(MAKE) --no-print-directory $(CLI)
	@B=$(B) python3 tests/integration/test_watch_soak.py --seconds $(WATCH_SECONDS) --rate 1 --offset 0

coverage: deps
	@tools/coverage.sh
