# Source this file to start and stop the local endpoint emulator.
#   emulator_start [extra emulator args...]   sets EMU_PORT, EMU_CA, EMU_DIR, EMU_PID
#   emulator_stop
# The emulator's credential (defaults of tools/emulator/emulator.py).
EMU_KEY_ID=${EMU_KEY_ID:-LTAIemulatorKeyId}
EMU_KEY_SECRET=${EMU_KEY_SECRET:-emulator-secret-do-not-use}

emulator_start() {
    local root i
    root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
    EMU_DIR=$(mktemp -d "${TMPDIR:-/tmp}/rmqdr-emu.XXXXXX")
    python3 "$root/tools/emulator/emulator.py" --port 0 --state-dir "$EMU_DIR" \
        --key-id "$EMU_KEY_ID" --key-secret "$EMU_KEY_SECRET" "$@" \
        >"$EMU_DIR/stdout.log" 2>"$EMU_DIR/stderr.log" &
    EMU_PID=$!
    for i in $(seq 1 200); do
        [ -f "$EMU_DIR/ready" ] && break
        if ! kill -0 "$EMU_PID" 2>/dev/null; then
            echo "emulator exited early:" >&2
            cat "$EMU_DIR/stderr.log" >&2
            return 1
        fi
        sleep 0.05
    done
    if [ ! -f "$EMU_DIR/ready" ]; then
        echo "emulator did not become ready" >&2
        return 1
    fi
    EMU_PORT=$(sed -n 's/^port=//p' "$EMU_DIR/ready")
    EMU_CA=$(sed -n 's/^ca=//p' "$EMU_DIR/ready")
    export EMU_PORT EMU_CA EMU_DIR EMU_PID EMU_KEY_ID EMU_KEY_SECRET
}

emulator_stop() {
    if [ -n "${EMU_PID:-}" ]; then
        kill "$EMU_PID" 2>/dev/null
        wait "$EMU_PID" 2>/dev/null
        EMU_PID=
    fi
    [ -n "${EMU_DIR:-}" ] && rm -rf "$EMU_DIR"
    EMU_DIR=
}
