# Host build of the port/lwip_raw test: lwIP from build/third_party/lwip
# (tools/deps/fetch-sources.sh) with tests/lwip_raw/include/lwipopts.h.
B      ?= build/host
O      := $(B)/lwip_raw
LWIP   := build/third_party/lwip
WARN   := -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Werror
SAN    := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
INC    := -Icore/include -Iport/include -Itests/lwip_raw/include -isystem $(LWIP)/src/include
LWIP_SRC := $(sort $(wildcard $(LWIP)/src/core/*.c $(LWIP)/src/core/ipv4/*.c)) $(LWIP)/src/netif/ethernet.c
SRC    := tests/lwip_raw/test_lwip_raw.c port/lwip_raw/lwip_raw.c port/baremetal/bm_platform.c
OBJ    := $(LWIP_SRC:$(LWIP)/%.c=$(O)/lwip/%.o) $(SRC:%.c=$(O)/obj/%.o)

$(O)/test_lwip_raw: $(OBJ)
	gcc $(SAN) -o $@ $^

$(O)/lwip/%.o: $(LWIP)/%.c
	@mkdir -p $(@D)
	@gcc -std=gnu99 -O1 -g -w $(SAN) $(INC) -c -o $@ $<

$(O)/obj/%.o: %.c
	@mkdir -p $(@D)
	gcc $(WARN) -O1 -g -D_POSIX_C_SOURCE=200809L $(SAN) $(INC) -c -o $@ $<
