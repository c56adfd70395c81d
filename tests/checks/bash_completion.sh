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
[ "$(complete_words "$bin/rmqdr" "")" = "checkpoints plans items watch decode" ] && ok "commands" \
    || bad "commands: $(complete_words "$bin/rmqdr" "")"
got=$(complete_words "$bin/rmqdr" items --)
words=" $got "
[[ $words == *" --plan-id "* && $words == *" --topic "* && $words == *" --all "* && $words == *" --dry-run "* \
   && $words != *" --item-id "* && $words != *" --instance-id "* ]] \
    && ok "items offers --plan-id --topic --all --dry-run, not --item-id/--instance-id" || bad "items --: '$got'"
got=$(complete_words "$bin/rmqdr" plans --)
words=" $got "
[[ $words == *" --instance-id "* && $words == *" --filter "* && $words != *" --plan-id "* && $words != *" --topic "* ]] \
    && ok "plans offers --instance-id --filter, not --plan-id/--topic" || bad "plans --: '$got'"
got=$(complete_words "$bin/rmqdr" watch --disc)
[ "$got" = "--discover-interval" ] && ok "watch --disc completes --discover-interval" || bad "watch --disc: '$got'"
got=$(complete_words "$bin/rmqdr" plans --output "")
[ "$got" = "table json jsonl" ] && ok "plans --output values" || bad "plans --output: '$got'"
got=$(complete_words "$bin/rmqdr" watch --metrics-)
[ "$got" = "--metrics-file --metrics-listen" ] && ok "watch --metrics- completes both metrics options" \
    || bad "watch --metrics-: '$got'"
got=$(complete_words "$bin/rmqdr" checkpoints --plan)
[ "$got" = "--plan-id" ] && ok "checkpoints --plan completes --plan-id" || bad "checkpoints --plan: '$got'"
got=$(complete_words "$bin/rmqdr" checkpoints --output j)
[ "$got" = "json jsonl" ] && ok "--output values" || bad "--output j: '$got'"
got=$(complete_words "$bin/rmqdr" watch --output "")
[ "$got" = "text jsonl" ] && ok "watch --output values" || bad "watch --output: '$got'"
got=$(complete_words "$bin/rmqdr" checkpoints --dead)
[ "$got" = "--deadline" ] && ok "checkpoints --dead completes --deadline" || bad "checkpoints --dead: '$got'"
got=$(complete_words "$bin/rmqdr" watch --max-)
[ "$got" = "--max-failures --max-lag --max-stale" ] && ok "watch --max- completes the three thresholds" \
    || bad "watch --max-: '$got'"
got=$(complete_words "$bin/rmqdr" checkpoints --max-)
[ -z "$got" ] && ok "checkpoints offers no watch option" || bad "checkpoints --max-: '$got'"
got=$(complete_words "$bin/rmqdr" decode --)
[ "$got" = "--body --help --output --version" ] && ok "decode offers only its own options" \
    || bad "decode --: '$got'"
got=$(complete_words "$bin/rmqdr" watch -)
words=" $got "
[[ $words == *" -h "* && $words == *" -V "* ]] && ok "-h and -V offered" || bad "watch -: '$got'"
got=$(complete_words "$bin/rmqdr" checkpoints --no-such)
[ -z "$got" ] && ok "unknown prefix completes nothing" || bad "--no-such: '$got'"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
