#!/usr/bin/env bash
# Compares inlet builds side by side on this machine: each binary serves
# the load generator with the discard publisher, in alternating rounds
# together with the null responder, and the script prints for each the
# median of its rounds' inlet CPU time per message (user + system, from
# /proc), its throughput, and its throughput over the null responder's of
# the same round (what benches/e2e.sh reports as ratio_discard_vs_null).
# CPU per message moves much less with a neighbour's load than throughput
# does, so it is the figure to compare changes by.
#
# Usage: benches/compare.sh [ROUNDS] BINARY...   (ROUNDS default 5;
#        COUNT=300000 messages a run, SESSIONS=8, WINDOW=64)
# Example, a change against the last commit:
#   git stash; cargo build --release -p inlet; cp target/release/inlet /tmp/inlet-before
#   git stash pop; cargo build --release -p inlet
#   benches/compare.sh 6 /tmp/inlet-before target/release/inlet
# The load generator and the null responder are those of the last binary.
# Everything listens on 127.0.0.1 and stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=5
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then ROUNDS="$1"; shift; fi
[[ $# -ge 1 ]] || { echo "usage: benches/compare.sh [ROUNDS] BINARY..." >&2; exit 2; }
COUNT="${COUNT:-300000}"
SESSIONS="${SESSIONS:-8}"
WINDOW="${WINDOW:-64}"
BINS=("$@")
LOADGEN="${BINS[-1]}"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/inlet-compare.XXXXXX")"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

# shellcheck source=bench-config.sh
source benches/bench-config.sh
CONFIG="$(bench_config "$WORK" discard 100)"

# wait_for FILE PATTERN -> the address printed after PATTERN.
wait_for() {
    for _ in $(seq 1 300); do
        local addr
        addr="$(sed -n "s/^$2//p" "$1")"
        if [[ -n "$addr" ]]; then echo "$addr"; return 0; fi
        sleep 0.1
    done
    echo "no '$2' in $1" >&2
    exit 1
}

"$LOADGEN" loadgen --null-server --listen 127.0.0.1:0 > "$WORK/null.out" &
PID[0]=$!
PIDS+=("${PID[0]}")
ADDR[0]="$(wait_for "$WORK/null.out" "null-server listening on ")"
NAME[0]="null responder"
for i in "${!BINS[@]}"; do
    k=$((i + 1))
    "${BINS[$i]}" run --config "$CONFIG" > "$WORK/inlet-$k.out" 2> "$WORK/inlet-$k.err" &
    PID[$k]=$!
    PIDS+=("${PID[$k]}")
    ADDR[$k]="$(wait_for "$WORK/inlet-$k.out" "inlet: SMPP listening on ")"
    NAME[$k]="${BINS[$i]}"
done

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
run() { # ADDR COUNT -> msgs/s
    "$LOADGEN" loadgen --server "$1" --system-id bench --password bench \
        --sessions "$SESSIONS" --window "$WINDOW" --to +14035551234 \
        --quiet --json --count "$2" |
        python3 -c "import json,sys; print(json.load(sys.stdin)['msgs_per_s'])"
}

# Warm every server up once.
for k in "${!ADDR[@]}"; do run "${ADDR[$k]}" 30000 > /dev/null; done
TICK="$(getconf CLK_TCK)"
for round in $(seq 1 "$ROUNDS"); do
    for k in "${!ADDR[@]}"; do
        before="$(cpu_ticks "${PID[$k]}")"
        rate="$(run "${ADDR[$k]}" "$COUNT")"
        after="$(cpu_ticks "${PID[$k]}")"
        echo "$round $k $rate $(((after - before) * 1000000000 / TICK / COUNT))" >> "$WORK/rounds"
    done
    echo "   round $round of $ROUNDS done" >&2
done

python3 - "$WORK/rounds" "${NAME[@]}" <<'PY'
import statistics as st, sys
rows = [l.split() for l in open(sys.argv[1])]
names = sys.argv[2:]
rate = {(int(r), int(k)): float(x) for r, k, x, _ in rows}
cpu = {(int(r), int(k)): int(ns) / 1000 for r, k, _, ns in rows}
rounds = sorted({int(r) for r, *_ in rows})
print(f"{'server':<40} {'cpu_us_per_msg':>14} {'msgs/s':>9} {'vs_null':>8}  by round")
for k, name in enumerate(names):
    ratios = [rate[(r, k)] / rate[(r, 0)] for r in rounds]
    print(f"{name[-40:]:<40} {st.median(cpu[(r, k)] for r in rounds):>14.2f} "
          f"{st.median(rate[(r, k)] for r in rounds):>9.0f} {st.median(ratios):>8.3f}  "
          + " ".join(f"{x:.2f}" for x in ratios))
PY
