#!/usr/bin/env bash
# `make demo`: start the local endpoint emulator with the sample data set,
# list every checkpoint from it over verified TLS, and stop the emulator.
set -euo pipefail
cd "$(dirname "$0")/.."
cli=${1:-build/host/rmqdr}
# shellcheck source=../tests/support/emulator.sh
. tests/support/emulator.sh
trap emulator_stop EXIT
emulator_start --data tools/emulator/data/sample.json
echo "emulator: https://localhost:$EMU_PORT (CA $EMU_CA)"
echo "\$ rmqdr checkpoints --endpoint https://localhost:$EMU_PORT --ca-file ... \\"
echo "      --plan-id 1300000016 --item-id 100070284 --instance-id rmq-cn-7e22ody0001 --all --page-size 5"
ALIBABA_CLOUD_ACCESS_KEY_ID=$EMU_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET=$EMU_KEY_SECRET \
    "$cli" checkpoints --endpoint "https://localhost:$EMU_PORT" --ca-file "$EMU_CA" \
    --plan-id 1300000016 --item-id 100070284 --instance-id rmq-cn-7e22ody0001 \
    --all --page-size 5 --output table
