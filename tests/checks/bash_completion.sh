#!/usr/bin/env bash
# tools/install/rmqdr.bash-completion: completes the commands, the options
# of `rmqdr <command> --help` and the values of --output, using the built
# binary. Last line: "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
B=${B:-build/host}
RUN=${RUN:-}
pass=0 fail=0
ok()  { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }
bin=$(mktemp -d "${TMPDIR:-/tmp}/rmqdr-comp.XXXXXX")
trap 'rm -rf "$bin"' EXIT
# A wrapper named rmqdr, as the installed binary would be (RUN for cross builds).
printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$RUN" "$PWD/$B/rmqdr" > "$bin/rmqdr"
chmod +x "$bin/rmqdr"
# shellcheck source=../../tools/install/rmqdr.bash-completion
. tools/install/rmqdr.bash-completion

complete_words() { # WORDS... (last one is being completed)
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
    _rmqdr
    echo "${COMPREPLY[*]}"
}
[ "$(complete_words "$bin/rmqdr" "")" = "checkpoints watch decode" ] && ok "commands" \
    || bad "commands: $(complete_words "$bin/rmqdr" "")"
got=$(complete_words "$bin/rmqdr" watch --metrics-)
[ "$got" = "--metrics-file --metrics-listen" ] && ok "watch --metrics- completes both metrics options" \
    || bad "watch --metrics-: '$got'"
got=$(complete_words "$bin/rmqdr" checkpoints --plan)
[ "$got" = "--plan-id" ] && ok "checkpoints --plan completes --plan-id" || bad "checkpoints --plan: '$got'"
got=$(complete_words "$bin/rmqdr" checkpoints --output j)
[ "$got" = "json jsonl" ] && ok "--output values" || bad "--output j: '$got'"
got=$(complete_words "$bin/rmqdr" checkpoints --no-such)
[ -z "$got" ] && ok "unknown prefix completes nothing" || bad "--no-such: '$got'"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
