# Benchmarks (tools/bench), included by the top-level Makefile.
#   make bench-build   the programs, -O2 like the library (no sanitizers)
#   make bench-run     run everything, print the figures, write $(B)/bench/report.md
# `make bench` = tools/bench/deps.sh (installs libcjson-dev) + bench-run.
BENCH_DIR  := $(B)/bench
BENCH_OBJ  := $(B)/obj/tools/bench
BENCH_BIN  := $(BENCH_DIR)/bench_decode $(BENCH_DIR)/bench_sign $(BENCH_DIR)/bench_exec
BENCH_REPS ?= 5

.PHONY: bench bench-build bench-run

bench-build: $(BENCH_BIN) $(CLI)

$(BENCH_DIR)/bench_decode: $(addprefix $(BENCH_OBJ)/,bench_decode.o synth.o heapcount.o \
                             jsmn_flat.o jsmn_parent.o cjson_map.o) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $^ -lcjson $(TLS_LIBS) -lpthread

$(BENCH_DIR)/bench_sign: $(BENCH_OBJ)/bench_sign.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $^ $(TLS_LIBS)

$(BENCH_DIR)/bench_exec: $(BENCH_OBJ)/bench_exec.o
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $^

bench-run: bench-build
	@python3 tools/bench/run.py --build $(B) --reps $(BENCH_REPS)
