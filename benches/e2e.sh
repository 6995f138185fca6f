#!/usr/bin/env bash
# End-to-end benchmark, every figure measured in one run on this machine:
#
#   (a) loadgen against the null responder: the machine's ceiling for the
#       load generator itself
#   (b) inlet with the discard publisher (kafka.brokers = "discard",
#       bench only): inlet without a broker
#   (c) inlet with the embedded broker (librdkafka's mock cluster)
#   (d) the raw publish ceiling of the real broker the tests use (tansu):
#       `cargo bench -p inlet-kafka --bench publish`
#   (e) inlet with that real broker, then at half that load for latency
#       (and the embedded broker at that same rate: inlet's own share)
#   (f) 10 000 idle binds held on inlet: resident memory per bind
#
# Every SMPP run uses the same loadgen settings (SESSIONS x WINDOW, COUNT
# messages, GSM 7-bit to a rented number). (a) and (b) are short and this
# machine is shared, so they alternate for ROUNDS rounds (default 9: one
# round's ratio moves between 0.4 and 0.9 with the neighbours' load, and
# the median of 3 still moved by ±0.15 between runs) and the ratio is the
# median of the rounds' ratios (each pair measured back to back); their
# rows show the median round. The CPU time a message of the load
# generator and of each server over those rounds follows, with the ratio
# it predicts (`cpu_us_per_msg: ...`: the two cores are shared, so that is
# what bounds the ratio). Prints one table, then:
#   ratio_discard_vs_null=<x>
#   publish_ceiling_msgs_per_s=<n>
#   real_broker_msgs_per_s=<n>
#   ratio_real_vs_publish_ceiling=<x>
#   real_broker_p99_ms_at_half_load=<ms>
#   rss_per_idle_bind_kib=<k>
#
# Usage: benches/e2e.sh            (SESSIONS=8 WINDOW=64 COUNT=200000
#                                   IDLE_BINDS=10000 ROUNDS=9 by default; set
#                                   SKIP_REAL=1 to leave out (d) and (e))
# Everything listens on 127.0.0.1 and stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."

SESSIONS="${SESSIONS:-8}"
WINDOW="${WINDOW:-64}"
COUNT="${COUNT:-200000}"
IDLE_BINDS="${IDLE_BINDS:-10000}"
SKIP_REAL="${SKIP_REAL:-0}"
ROUNDS="${ROUNDS:-9}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"

# Many binds: raise the descriptor limit to the hard limit for every
# process started from here.
ulimit -n "$(ulimit -Hn)"

echo "== building (release)" >&2
cargo build --release -p inlet >&2
BIN="$CARGO_TARGET_DIR/release/inlet"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/inlet-e2e.XXXXXX")"
# A broker of this run's own (never one the tests share).
export INLET_BROKER_STATE="$WORK/broker"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    if [[ -n "${REAL_STARTED:-}" ]]; then scripts/broker stop >/dev/null 2>&1 || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# shellcheck source=bench-config.sh
source benches/bench-config.sh
# config BROKERS -> path of an inlet configuration for the bench.
config() { bench_config "$WORK" "$1" "$IDLE_BINDS"; }

# start_inlet CONFIG -> sets INLET_PID and INLET_ADDR.
start_inlet() {
    local out="$WORK/inlet-$RANDOM.out"
    "$BIN" run --config "$1" > "$out" 2> "$out.err" &
    INLET_PID=$!
    PIDS+=("$INLET_PID")
    for _ in $(seq 1 300); do
        INLET_ADDR="$(sed -n 's/^inlet: SMPP listening on //p' "$out")"
        [[ -n "$INLET_ADDR" ]] && return 0
        sleep 0.1
    done
    echo "inlet did not start:" >&2
    cat "$out.err" >&2
    exit 1
}

stop() {
    kill -TERM "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

# loadgen ADDR [extra args] -> one JSON object.
loadgen() {
    local addr="$1"
    shift
    "$BIN" loadgen --server "$addr" --system-id bench --password bench \
        --sessions "$SESSIONS" --window "$WINDOW" --to +14035551234 \
        --quiet --json "$@"
}

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

row() { # name json
    local j="$2"
    printf '%-28s %10s %8s %8s %8s %8s %8s\n' "$1" \
        "$(json 'round(d["msgs_per_s"])' <<<"$j")" \
        "$(json 'd["acked"]' <<<"$j")" \
        "$(json 'sum(d["errors"].values())+d["unanswered"]' <<<"$j")" \
        "$(json 'd["latency_ms"]["p50"]' <<<"$j")" \
        "$(json 'd["latency_ms"]["p99"]' <<<"$j")" \
        "$(json 'd["latency_ms"]["max"]' <<<"$j")"
}

ROWS=()

echo "== (a) null responder and (b) inlet with the discard publisher, $ROUNDS rounds" >&2
"$BIN" loadgen --null-server --listen 127.0.0.1:0 > "$WORK/null.out" &
NULL_PID=$!
PIDS+=("$NULL_PID")
for _ in $(seq 1 100); do
    NULL_ADDR="$(sed -n 's/^null-server listening on //p' "$WORK/null.out")"
    [[ -n "$NULL_ADDR" ]] && break
    sleep 0.1
done
start_inlet "$(config discard)"
NULL_RUNS=()
DISCARD_RUNS=()
RATIOS=()
# CPU time of each server over each run, in clock ticks (1/100 s): with
# the load generator's own (its JSON's cpu_us_per_msg) it says where the
# two cores went, which is what bounds the ratio on this machine.
NULL_TICKS=()
INLET_TICKS=()
cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
for round in $(seq 1 "$ROUNDS"); do
    t0="$(cpu_ticks "$NULL_PID")"
    NULL_RUNS+=("$(loadgen "$NULL_ADDR" --count "$COUNT")")
    NULL_TICKS+=("$(($(cpu_ticks "$NULL_PID") - t0))")
    t0="$(cpu_ticks "$INLET_PID")"
    DISCARD_RUNS+=("$(loadgen "$INLET_ADDR" --count "$COUNT")")
    INLET_TICKS+=("$(($(cpu_ticks "$INLET_PID") - t0))")
    ratio="$(python3 -c "import json,sys; a,b=(json.loads(x)['msgs_per_s'] for x in sys.argv[1:]); print(round(b / a, 3))" \
        "${NULL_RUNS[-1]}" "${DISCARD_RUNS[-1]}")"
    RATIOS+=("$ratio")
    echo "   round $round: discard/null = $ratio" >&2
done
stop "$NULL_PID"
stop "$INLET_PID"
# CPU a message, each the median over the rounds, in µs: the load
# generator against each server (La, Lb: its sending and responses, over
# the responses), the null responder (N), inlet (I: the whole run, over
# COUNT).
CPU_LINE="$(python3 - "$COUNT" "${#NULL_RUNS[@]}" "${NULL_RUNS[@]}" "${DISCARD_RUNS[@]}" \
    "${NULL_TICKS[@]}" "${INLET_TICKS[@]}" <<'PY'
import json, statistics, sys
count, rounds = int(sys.argv[1]), int(sys.argv[2])
rest = sys.argv[3:]
runs_a, runs_b = rest[:rounds], rest[rounds:2 * rounds]
ticks_n, ticks_i = rest[2 * rounds:3 * rounds], rest[3 * rounds:]
def loadgen(runs):
    xs = [json.loads(r).get("cpu_us_per_msg") for r in runs]
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else float("nan")
def server(ticks):
    return statistics.median(int(t) * 10_000 / count for t in ticks)
la, lb, n, i = loadgen(runs_a), loadgen(runs_b), server(ticks_n), server(ticks_i)
# (a)'s rate is bounded by La + N of the two cores' time a message, (b)'s
# by Lb + I: the ratio they predict when both runs keep the cores busy.
model = (la + n) / (lb + i) if lb + i > 0 else float("nan")
print(f"cpu_us_per_msg: loadgen {la:.2f} (a) {lb:.2f} (b), null responder {n:.2f}, "
      f"inlet {i:.2f}; (La + N) / (Lb + I) = {model:.3f}")
PY
)"
# median JSON... -> the run of median rate.
median_run() {
    python3 -c "import json,sys; runs=sorted(sys.argv[1:], key=lambda r: json.loads(r)['msgs_per_s']); print(runs[len(runs)//2])" "$@"
}
NULL_JSON="$(median_run "${NULL_RUNS[@]}")"
DISCARD_JSON="$(median_run "${DISCARD_RUNS[@]}")"
RATIO="$(python3 -c "import sys; r=sorted(float(x) for x in sys.argv[1:]); print(r[len(r)//2])" "${RATIOS[@]}")"
ROWS+=("$(row "(a) null responder" "$NULL_JSON")")
ROWS+=("$(row "(b) inlet + discard" "$DISCARD_JSON")")

echo "== (c) inlet, embedded broker" >&2
start_inlet "$(config embedded)"
EMBEDDED_JSON="$(loadgen "$INLET_ADDR" --count "$COUNT")"
stop "$INLET_PID"
ROWS+=("$(row "(c) inlet + embedded broker" "$EMBEDDED_JSON")")

CEILING=""
REAL_RATE=""
HALF_P99=""
if [[ "$SKIP_REAL" != 1 ]]; then
    echo "== (d) publish ceiling of the real broker" >&2
    REAL_ADDR="$(scripts/broker start)"
    REAL_STARTED=1
    # Shown on stderr through a pipe: `tee /dev/stderr` reopens stderr, and
    # when that is a file (`e2e.sh > log 2>&1`) the reopening truncates it.
    BENCH_OUT="$(INLET_REAL_BROKER="$REAL_ADDR" cargo bench -p inlet-kafka --bench publish 2>&1 | tee >(cat >&2))"
    CEILING="$(sed -n 's/^publish_ceiling_msgs_per_s=//p' <<<"$BENCH_OUT" | tail -1)"

    echo "== (e) inlet, real broker ($REAL_ADDR)" >&2
    start_inlet "$(config "$REAL_ADDR")"
    REAL_JSON="$(loadgen "$INLET_ADDR" --count "$COUNT")"
    ROWS+=("$(row "(e) inlet + real broker" "$REAL_JSON")")
    REAL_RATE="$(json 'round(d["msgs_per_s"])' <<<"$REAL_JSON")"
    HALF=$((REAL_RATE / 2))
    HALF_JSON="$(loadgen "$INLET_ADDR" --rate "$HALF" --duration 10)"
    ROWS+=("$(row "(e) real broker at half load" "$HALF_JSON")")
    HALF_P99="$(json 'd["latency_ms"]["p99"]' <<<"$HALF_JSON")"
    stop "$INLET_PID"
    # The same rate through the embedded broker: inlet's own share of it.
    start_inlet "$(config embedded)"
    EMB_HALF_JSON="$(loadgen "$INLET_ADDR" --rate "$HALF" --duration 10)"
    ROWS+=("$(row "(c) embedded at that rate" "$EMB_HALF_JSON")")
    stop "$INLET_PID"
fi

echo "== (f) $IDLE_BINDS idle binds" >&2
start_inlet "$(config discard)"
rss() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
RSS_BEFORE="$(rss "$INLET_PID")"
"$BIN" loadgen --server "$INLET_ADDR" --system-id bench --password bench \
    --bind receiver --sessions "$IDLE_BINDS" --duration 30 --timeout 60 --quiet --json \
    > "$WORK/idle.json" &
IDLE_PID=$!
PIDS+=("$IDLE_PID")
# Wait until the binds are held: inlet's open descriptors reach the count.
for _ in $(seq 1 600); do
    fds="$(find "/proc/$INLET_PID/fd" -maxdepth 1 -type l 2>/dev/null | wc -l)"
    [[ "$fds" -ge "$IDLE_BINDS" ]] && break
    sleep 0.1
done
sleep 2
RSS_HELD="$(rss "$INLET_PID")"
HELD_FDS="$(find "/proc/$INLET_PID/fd" -maxdepth 1 -type l | wc -l)"
wait "$IDLE_PID" || true
stop "$INLET_PID"
PER_BIND="$(python3 -c "print(round(($RSS_HELD - $RSS_BEFORE) / $IDLE_BINDS, 2))")"

printf '\nsettings: %s sessions x window %s, %s messages (GSM 7-bit, routed)\n\n' "$SESSIONS" "$WINDOW" "$COUNT"
printf '%-28s %10s %8s %8s %8s %8s %8s\n' run msgs/s acked errors p50_ms p99_ms max_ms
for r in "${ROWS[@]}"; do echo "$r"; done
printf '\nidle binds: %s held (%s descriptors), RSS %s KiB -> %s KiB\n\n' \
    "$IDLE_BINDS" "$HELD_FDS" "$RSS_BEFORE" "$RSS_HELD"

echo "discard/null by round: ${RATIOS[*]} (median below)"
echo "$CPU_LINE"
echo "ratio_discard_vs_null=$RATIO"
if [[ -n "$CEILING" ]]; then
    echo "publish_ceiling_msgs_per_s=$CEILING"
    echo "real_broker_msgs_per_s=$REAL_RATE"
    echo "ratio_real_vs_publish_ceiling=$(python3 -c "print(round($REAL_RATE / $CEILING, 3))")"
    echo "real_broker_p99_ms_at_half_load=$HALF_P99"
else
    echo "publish_ceiling_msgs_per_s=skipped"
    echo "real_broker_msgs_per_s=skipped"
    echo "ratio_real_vs_publish_ceiling=skipped"
    echo "real_broker_p99_ms_at_half_load=skipped"
fi
echo "rss_per_idle_bind_kib=$PER_BIND"
