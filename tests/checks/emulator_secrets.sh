#!/usr/bin/env bash
# Secret scan of everything the emulator writes: its stdout and stderr logs
# (verbose, so signature failures log the server's canonical request), its
# state dir and its control-plane answers, plus the CLI's output on the same
# runs. Credentials are distinctive per run (an STS key: AccessKey secret and
# security token); neither may appear anywhere. The external instance's
# username and password, which the emulator serves in plans as the real API
# does, must not appear in any CLI output (plans, items, watch of a whole
# instance, every format). tests/integration/test_cli.py and
# test_cli_discovery.py scan every CLI path's output the same way.
# Needs $B/rmqdr. Last line: "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
B=${B:-build/host}
RUN=${RUN:-}
CLI="$B/rmqdr"
pass=0 fail=0
ok()  { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

[ -x "$CLI" ] || { bad "missing $CLI"; echo "$pass passed, $fail failed"; exit 1; }
out=$(mktemp -d "${TMPDIR:-/tmp}/rmqdr-scan.XXXXXX")
SECRET="scan-secret-$$-$RANDOM$RANDOM"
TOKEN="CAIS.scan-token-$$-$RANDOM$RANDOM"

# shellcheck source=../support/emulator.sh
. tests/support/emulator.sh
EMU_KEY_SECRET=$SECRET
if ! emulator_start --sts-token "$TOKEN" -v; then
    bad "emulator start"
    echo "$pass passed, $fail failed"
    exit 1
fi
PLAN=(--plan-id 1300000016 --item-id 100070284 --instance-id rmq-cn-7e22ody0001
      --endpoint "localhost:$EMU_PORT" --ca-file "$EMU_CA")
n=0
cli() { # SECRET TOKEN ARGS...: run the CLI, keep both streams
    local s=$1 t=$2
    shift 2
    n=$((n + 1))
    # shellcheck disable=SC2086
    env -u ALIBABA_CLOUD_SECURITY_TOKEN HOME=/nonexistent \
        ALIBABA_CLOUD_ACCESS_KEY_ID="$EMU_KEY_ID" ALIBABA_CLOUD_ACCESS_KEY_SECRET="$s" \
        ${t:+ALIBABA_CLOUD_SECURITY_TOKEN="$t"} \
        $RUN "$CLI" "$@" >"$out/cli-$n.out" 2>"$out/cli-$n.err"
}
emu() { python3 tests/support/emuctl.py "$@"; }

# Every kind of exchange: success in every output form, retries, API and
# authentication failures (wrong secret: a signature failure, logged with
# the canonical request; wrong or missing token), dry-run, watch.
cli "$SECRET" "$TOKEN" checkpoints "${PLAN[@]}" --output json
cli "$SECRET" "$TOKEN" checkpoints "${PLAN[@]}" --all --output table --verbose
cli "$SECRET" "$TOKEN" checkpoints "${PLAN[@]}" --all --output jsonl --page-size 5
cli "$SECRET" "$TOKEN" watch "${PLAN[@]}" --once --max-lag 5m --verbose
cli "$SECRET" "$TOKEN" checkpoints "${PLAN[@]}" --dry-run --verbose
emu POST /_emu/faults '{"faults":[{"kind":"throttle","retry_after_ms":5},{"kind":"http500"},{"kind":"reset"}]}' >/dev/null
cli "$SECRET" "$TOKEN" checkpoints "${PLAN[@]}" --verbose --retries 3
cli "wrong-$SECRET" "$TOKEN" checkpoints "${PLAN[@]}" --verbose
cli "$SECRET" "wrong-$TOKEN" checkpoints "${PLAN[@]}" --verbose
cli "$SECRET" "" checkpoints "${PLAN[@]}" --verbose
cli "$SECRET" "$TOKEN" checkpoints "${PLAN[@]}" --instance-id rmq-cn-unknown --verbose
IDS=("${PLAN[@]:0:6}")
# The paths the operator issue added: outage lines in watch jsonl, a failed
# --all listing in every format, dry-run endpoint refusal, error lines of
# refused and unresolved connections, decode of a bare body, profile errors.
emu POST /_emu/faults '{"sticky":{"kind":"http503"}}' >/dev/null
cli "$SECRET" "$TOKEN" watch "${PLAN[@]}" --output jsonl --retries 0 --interval 1s --max-failures 2 --verbose
emu POST /_emu/faults '{"sticky":null,"faults":[{"kind":"content-length"},{"kind":"malformed"}]}' >/dev/null
cli "$SECRET" "$TOKEN" checkpoints "${PLAN[@]}" --all --page-size 5 --output jsonl --retries 0 --verbose
cli "$SECRET" "$TOKEN" checkpoints "${IDS[@]}" --endpoint http://example.com --dry-run --verbose
cli "$SECRET" "$TOKEN" checkpoints "${IDS[@]}" --endpoint https://localhost:1 --retries 0 --verbose
cli "$SECRET" "$TOKEN" checkpoints "${IDS[@]}" --endpoint https://no-such-host.invalid --retries 0 --verbose
cli "$SECRET" "$TOKEN" checkpoints "${PLAN[@]}" --deadline 5s --verbose
cli "$SECRET" "$TOKEN" decode --body <"$out/cli-1.out"
printf '{"current":::"default","profiles":[{"name":"default","mode":"AK","access_key_id":"%s","access_key_secret":"%s"}]}' \
    "$EMU_KEY_ID" "$SECRET" >"$out/bad-profile.json"
n=$((n + 1))
env -u ALIBABA_CLOUD_ACCESS_KEY_ID -u ALIBABA_CLOUD_ACCESS_KEY_SECRET ALIBABA_CLOUD_CONFIG_FILE="$out/bad-profile.json" \
    $RUN "$CLI" checkpoints "${PLAN[@]}" >"$out/cli-$n.out" 2>"$out/cli-$n.err"
rm -f "$out/bad-profile.json"
# Discovery (issue 15): plans and items in every format, their dry runs,
# watch of a whole instance, and a discovery outage.
INST=(--instance-id rmq-cn-7e22ody0001 --endpoint "localhost:$EMU_PORT" --ca-file "$EMU_CA")
cli "$SECRET" "$TOKEN" plans "${INST[@]}" --verbose
cli "$SECRET" "$TOKEN" plans "${INST[@]}" --output json --verbose
cli "$SECRET" "$TOKEN" plans "${INST[@]:2}" --all --page-size 1 --output jsonl --verbose
cli "$SECRET" "$TOKEN" plans "${INST[@]:0:4}" --dry-run --verbose
for fmt in table json jsonl; do
    cli "$SECRET" "$TOKEN" items --plan-id 1300000017 "${INST[@]:2}" --all --output "$fmt" --verbose
done
cli "$SECRET" "$TOKEN" items --plan-id 1300000017 --topic inventory_sync "${INST[@]:2:2}" --dry-run
cli "$SECRET" "$TOKEN" watch "${INST[@]}" --once --verbose
cli "$SECRET" "$TOKEN" watch "${INST[@]}" --once --output jsonl --max-lag 1m --verbose
emu POST /_emu/faults '{"sticky":{"kind":"http503"}}' >/dev/null
cli "$SECRET" "$TOKEN" watch "${INST[@]}" --output jsonl --retries 0 --interval 1s --max-failures 1 --verbose
emu POST /_emu/faults '{"sticky":null}' >/dev/null
emu GET /_emu/stats >"$out/stats.json"
emu GET /_emu/faults >"$out/faults.json"

# The runs did what they should (so the scan looked at real traffic).
grep -q '"success"' "$out/cli-1.out" && ok "CLI listed checkpoints with the STS key" \
    || bad "CLI run with the STS key did not succeed"
[ "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["signature_failures"])' "$out/stats.json")" -ge 1 ] \
    && grep -q 'canonical request' "$EMU_DIR/stderr.log" \
    && ok "a signature failure was logged with its canonical request" \
    || bad "no signature failure logged"
grep -q '"planName"' "$out"/cli-* && grep -q '"itemStatus"' "$out"/cli-* && grep -q 'EVENT  item' "$out"/cli-* \
    && ok "plans, items and watch --instance-id ran" || bad "the discovery runs did not list plans/items"
EXT=$(python3 -c 'import json,sys
for p in json.load(open(sys.argv[1]))["plans"]:
    for i in p.get("instances", []):
        for k in ("username", "password"):
            if i.get(k): print(i[k])' tools/emulator/data/sample.json)
[ "$(printf '%s\n' "$EXT" | grep -c .)" -ge 2 ] && ok "the sample has an external username and password" \
    || bad "no external credentials in the sample: the scan below would prove nothing"
grep -q 'x-acs-security-token' "$EMU_DIR/stderr.log" \
    && ok "the token header appears in the log (redacted)" || bad "no token header in the log"

cp "$EMU_DIR/stdout.log" "$EMU_DIR/stderr.log" "$out/"
emulator_stop
# The state dir is gone with the emulator; what it wrote was copied above.

# Rotating credentials (issue 17): the emulator's metadata service and
# credentials URI issue short-lived STS keys whose secret, token and the
# metadata session token carry distinctive prefixes; none may appear in any
# CLI output (--verbose, dry-run, watch, refresh failures) or emulator log.
ROTATING_MARKS=(-e emu-sts-secret- -e emu-sts-token- -e emu-md-token-)
if emulator_start --metadata --sts-lifetime 4 -v; then
    MD_PORT=$(sed -n 's/^metadata_port=//p' "$EMU_DIR/ready")
    RPLAN=(--plan-id 1300000016 --item-id 100070284 --instance-id rmq-cn-7e22ody0001
           --endpoint "localhost:$EMU_PORT" --ca-file "$EMU_CA")
    rcli() { # VAR=VALUE... -- ARGS...: the CLI with a rotating source
        local envs=()
        while [ "$1" != "--" ]; do envs+=("$1"); shift; done
        shift
        n=$((n + 1))
        env -u ALIBABA_CLOUD_ACCESS_KEY_ID -u ALIBABA_CLOUD_ACCESS_KEY_SECRET -u ALIBABA_CLOUD_SECURITY_TOKEN \
            HOME=/nonexistent RMQDR_TEST_METADATA_ENDPOINT="127.0.0.1:$MD_PORT" "${envs[@]}" \
            $RUN "$CLI" "$@" >"$out/cli-$n.out" 2>"$out/cli-$n.err"
    }
    ECS=(ALIBABA_CLOUD_ECS_METADATA=rmqdr-emulator-role)
    URI=(ALIBABA_CLOUD_CREDENTIALS_URI="http://127.0.0.1:$MD_PORT/credentials")
    rcli "${ECS[@]}" -- checkpoints "${RPLAN[@]}" --output json --verbose
    first_rotating=$n
    rcli "${URI[@]}" -- checkpoints "${RPLAN[@]}" --all --output table --verbose
    rcli "${ECS[@]}" -- checkpoints "${RPLAN[@]}" --dry-run --verbose
    timeout 9 env -u ALIBABA_CLOUD_ACCESS_KEY_ID -u ALIBABA_CLOUD_ACCESS_KEY_SECRET HOME=/nonexistent \
        RMQDR_TEST_METADATA_ENDPOINT="127.0.0.1:$MD_PORT" "${ECS[@]}" \
        $RUN "$CLI" watch "${RPLAN[@]}" --interval 1s --verbose --output jsonl >"$out/cli-watch.out" 2>"$out/cli-watch.err"
    emu POST /_emu/credentials '{"expire":true}' >/dev/null
    rcli "${ECS[@]}" -- watch "${RPLAN[@]}" --once --verbose
    emu POST /_emu/credentials '{"fault":"garbage"}' >/dev/null
    rcli "${ECS[@]}" -- checkpoints "${RPLAN[@]}" --verbose
    emu POST /_emu/credentials '{"fault":"code"}' >/dev/null
    rcli "${URI[@]}" -- checkpoints "${RPLAN[@]}" --verbose
    # RamRoleArn and ChainableRamRoleArn: AssumeRole signed with the AccessKey
    # (its secret is $SECRET, scanned for below) or with the ECS credentials
    printf '{"profiles":[{"name":"ecs","mode":"EcsRamRole"},{"name":"arn","mode":"RamRoleArn","access_key_id":"%s","access_key_secret":"%s","ram_role_arn":"acs:ram::1234567890123456:role/rmqdr-emulator-role","expired_seconds":900},{"name":"chain","mode":"ChainableRamRoleArn","source_profile":"ecs","ram_role_arn":"acs:ram::1234567890123456:role/rmqdr-emulator-role","expired_seconds":900}]}' \
        "$EMU_KEY_ID" "$SECRET" >"$out/prof-arn.json"
    emu POST /_emu/credentials '{"fault":"none"}' >/dev/null
    STS=(ALIBABA_CLOUD_CONFIG_FILE="$out/prof-arn.json" RMQDR_TEST_STS_ENDPOINT="localhost:$EMU_PORT")
    rcli "${STS[@]}" ALIBABA_CLOUD_PROFILE=arn -- checkpoints "${RPLAN[@]}" --output json --verbose
    arn_run=$n
    rcli "${STS[@]}" ALIBABA_CLOUD_PROFILE=chain -- watch "${RPLAN[@]}" --once --verbose
    rcli "${STS[@]}" ALIBABA_CLOUD_PROFILE=arn -- checkpoints "${RPLAN[@]}" --dry-run --verbose
    emu POST /_emu/credentials '{"fault":"garbage"}' >/dev/null
    rcli "${STS[@]}" ALIBABA_CLOUD_PROFILE=chain -- checkpoints "${RPLAN[@]}" --verbose
    rm -f "$out/prof-arn.json"
    grep -q '"success"' "$out/cli-$arn_run.out" && ok "CLI listed with RamRoleArn (AssumeRole)" \
        || bad "RamRoleArn run did not succeed"
    emu GET /_emu/credentials >"$out/credentials.json"
    grep -q '"success"' "$out/cli-$first_rotating.out" && grep -q 'credentials refreshed' "$out/cli-watch.err" \
        && ok "CLI listed and refreshed with rotating credentials" || bad "rotating credentials runs did not succeed"
    cp "$EMU_DIR/stderr.log" "$out/rotating-stderr.log"
    grep -q 'credentials issued' "$out/rotating-stderr.log" && ok "the emulator logged issued keys (by id)" \
        || bad "no issued keys in the emulator log"
    emulator_stop
    hits=$(grep -l "${ROTATING_MARKS[@]}" "$out"/cli-* "$out/rotating-stderr.log" "$out/credentials.json" 2>/dev/null || true)
    [ -z "$hits" ] && ok "no rotating secret, STS token or metadata token in any output or log" \
        || bad "rotating credential found in: $hits"
else
    bad "emulator start (metadata)"
fi

scan() { # LABEL FILES...: neither credential in any of them
    local label=$1 hits
    shift
    hits=$(grep -l -F -e "$SECRET" -e "$TOKEN" "$@" 2>/dev/null || true)
    if [ -z "$hits" ]; then
        ok "no secret or token in $label"
    else
        bad "credential found in $label: $hits"
    fi
}
scan "emulator logs" "$out/stdout.log" "$out/stderr.log"
scan "control-plane answers" "$out/stats.json" "$out/faults.json"
scan "CLI outputs ($n runs)" "$out"/cli-*
hits=$(printf '%s\n' "$EXT" | grep -l -F -f - "$out"/cli-* 2>/dev/null || true)
[ -z "$hits" ] && ok "no external instance username or password in CLI outputs ($n runs)" \
    || bad "external credential found in $hits"

# The scan must be able to fail: a seeded leak is caught.
printf 'x-acs-security-token:%s\n' "$TOKEN" >"$out/seeded.log"
if grep -q -F -e "$SECRET" -e "$TOKEN" "$out/seeded.log"; then
    pass=$((pass + 1))
else
    bad "the seeded leak was not caught"
fi
printf '{"password":"%s"}\n' "$(printf '%s\n' "$EXT" | tail -n 1)" >"$out/seeded-ext.log"
if printf '%s\n' "$EXT" | grep -q -F -f - "$out/seeded-ext.log"; then
    pass=$((pass + 1))
else
    bad "the seeded external password was not caught"
fi
rm -rf "$out"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
