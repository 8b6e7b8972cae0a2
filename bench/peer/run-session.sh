#!/usr/bin/env bash
# One interleaved peer-bench session for kafka-connect-plotly: the shared configs (framework ceilings
# and the connector's two default paths), then the keyed / shaping configs of bench/peer/configs.
# Prints the machine, every RESULT (and FAILED) line with /proc/loadavg after each run, appends all of
# it to $OUT, and ends with a median table. See bench/peer/README.md.
#
#   PEER_BENCH_DIR  built peer-bench with bench/peer/peer-bench-keys-and-commits.patch applied
#                   (default /work/bench-tmp/peer-bench); its configs/ holds the shared configs
#   PLUGINS         Connect plugin.path holding the unzipped Hub archive (default /work/bench-tmp/plugins)
#   REPS            repetitions of each phase (default 3)
#   N               records per run (default 1000000)
#   OUT             results file, appended to (default /work/bench-tmp/peer-session-<UTC time>.txt)
#   COMMIT_FLUSH_MS worker offset.flush.interval.ms for the --until committed runs (default 1000).
#                   Connect commits sink offsets only on this timer (worker default 60000), so with
#                   the default a committed run measures the timer, not the drain. Empty = no override.
#   ONLY            space-separated label prefixes to run (e.g. "plotly-keyed-4 plotly-window"); default all
#   JVM_OPTS        extra JVM options for every run, e.g. a flight recording per run:
#                   JVM_OPTS='-XX:StartFlightRecording=settings=profile,filename=/tmp/pb-%p.jfr'
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PEER_BENCH_DIR="${PEER_BENCH_DIR:-/work/bench-tmp/peer-bench}"
PLUGINS="${PLUGINS:-/work/bench-tmp/plugins}"
REPS="${REPS:-3}"
N="${N:-1000000}"
OUT="${OUT:-/work/bench-tmp/peer-session-$(date -u +%Y%m%dT%H%M%SZ).txt}"
COMMIT_FLUSH_MS="${COMMIT_FLUSH_MS-1000}"
ONLY="${ONLY:-}"
JVM_OPTS="${JVM_OPTS:-}"

shared_configs="$PEER_BENCH_DIR/configs"
our_configs="$here/configs"
jar="$PEER_BENCH_DIR/target/peer-bench.jar"
[[ -f "$jar" ]] || { echo "no $jar: build peer-bench first (see $here/README.md)" >&2; exit 2; }
[[ -d "$PLUGINS" ]] || { echo "no plugin folder $PLUGINS" >&2; exit 2; }
mkdir -p "$(dirname "$OUT")"
logs="${OUT%.txt}.logs"      # full output of every run, for when a RESULT line is not enough
mkdir -p "$logs"
results="$(mktemp)"          # this session's RESULT lines only (OUT may hold older sessions)
trap 'rm -f "$results"' EXIT

say() { printf '%s\n' "$*" | tee -a "$OUT"; }

say "=== peer-bench session $(date -u +%Y-%m-%dT%H:%M:%SZ) REPS=$REPS N=$N"
say "uname: $(uname -a)"
say "nproc: $(nproc)"
java -version 2>&1 | sed 's/^/java: /' | tee -a "$OUT"
say "cpu: $(grep -m1 '^model name' /proc/cpuinfo || echo 'no model name line in /proc/cpuinfo')"
say "mem: $(grep -m1 '^MemTotal' /proc/meminfo)"
say "plugins: $PLUGINS"
for j in "$PLUGINS"/*/lib/kafka-connect-plotly-*.jar; do
  [[ -f "$j" ]] && say "plugin jar: $(md5sum "$j" | cut -d' ' -f1) $(stat -c '%y' "$j") $j"
done
say "peer-bench: $PEER_BENCH_DIR ($(md5sum "$jar" | cut -d' ' -f1) target/peer-bench.jar)"
say "committed runs: offset.flush.interval.ms=${COMMIT_FLUSH_MS:-<worker default 60000>}"
[[ -n "$ONLY" ]] && say "ONLY: $ONLY"
[[ -n "$JVM_OPTS" ]] && say "JVM_OPTS: $JVM_OPTS"
say "loadavg before: $(cat /proc/loadavg)"

# run LABEL CONFIG_FILE [extra peer-bench options...]
run() {
  local label="$1" cfg="$2"
  shift 2
  if [[ -n "$ONLY" && " $ONLY " != *" ${label%-*} "* ]]; then
    return 0
  fi
  local log="$logs/$label.log"
  (cd "$PEER_BENCH_DIR" && java -Xms1g -Xmx2g $JVM_OPTS -jar target/peer-bench.jar \
      --plugin-path "$PLUGINS" --connector-config "$cfg" \
      --records "$N" --partitions 4 --label "$label" "$@") >"$log" 2>&1
  local rc=$?
  local lines
  lines="$(grep -E '^RESULT|^CPU_THREADS|^\[peer-bench\] FAILED' "$log")"
  if [[ -n "$lines" ]]; then
    say "$lines"
  fi
  if ! grep -q '^RESULT' "$log"; then
    say "FAILED label=$label rc=$rc no RESULT line (see $log)"
  elif [[ $rc -ne 0 ]]; then
    say "FAILED label=$label rc=$rc (see $log)"
  fi
  grep '^RESULT' "$log" >>"$results"
  say "loadavg: $(cat /proc/loadavg)"
}

committed=(--until committed)
if [[ -n "$COMMIT_FLUSH_MS" ]]; then
  committed+=(--worker-prop "offset.flush.interval.ms=$COMMIT_FLUSH_MS")
fi

say "--- phase 1: shared configs"
for rep in $(seq 1 "$REPS"); do
  for cfg in null-bytes plotly-bytes null-sink plotly-map; do
    run "$cfg-$rep" "$shared_configs/$cfg.json"
    if [[ "$cfg" == plotly-bytes && -n "$ONLY" ]]; then
      # only on request (ONLY=".. plotly-bytes-ackoff"): plotly-bytes without the acknowledgement
      # handshake, i.e. what the 2 s window costs against peer-bench's endpoint, which never acknowledges
      run "plotly-bytes-ackoff-$rep" "$our_configs/plotly-bytes-ackoff.json"
    fi
  done
done

say "--- phase 2: keyed and shaping configs"
for rep in $(seq 1 "$REPS"); do
  run "null-sink-keyed-$rep" "$shared_configs/null-sink.json" --keys 4
  run "plotly-keyed-4-$rep" "$our_configs/plotly-keyed-4.json" --keys 4
  run "plotly-decimate-$rep" "$our_configs/plotly-decimate.json" "${committed[@]}"
  run "plotly-window-$rep" "$our_configs/plotly-window.json" "${committed[@]}"
done

say "--- medians (records_per_s over reps with reached=true; label prefix = label without -<rep>)"
python3 - "$results" <<'PY' | tee -a "$OUT"
import re, statistics, sys

runs = {}
order = []
for line in open(sys.argv[1]):
    f = dict(kv.split("=", 1) for kv in line.split()[1:] if "=" in kv)
    prefix = re.sub(r"-[0-9]+$", "", f["label"])
    if prefix not in runs:
        runs[prefix] = []
        order.append(prefix)
    runs[prefix].append(f)

med = {}
cpu = {}
print(f"{'label':<18} {'until':<9} {'ok/runs':>7} {'median records_per_s':>21}  values")
for p in order:
    ok = [float(f["records_per_s"]) for f in runs[p] if f.get("reached") == "true"]
    until = runs[p][0].get("until", "?")
    m = statistics.median(ok) if ok else float("nan")
    med[p] = m
    vals = " ".join(f["records_per_s"] if f.get("reached") == "true" else f"({f['records_per_s']},reached=false)"
                    for f in runs[p])
    print(f"{p:<18} {until:<9} {len(ok):>3}/{len(runs[p]):<3} {m:>21.3f}  {vals}")
# process CPU per record (peer-bench's cpu_us_per_record; absent from an unpatched bench): steadier than
# wall time on a shared machine, since it does not count the time the process waited for a core
print()
print(f"{'label':<18} {'median cpu_us_per_record':>25}  values")
for p in order:
    ok = [float(f["cpu_us_per_record"]) for f in runs[p]
          if f.get("reached") == "true" and f.get("cpu_us_per_record", "NaN") != "NaN"]
    cpu[p] = statistics.median(ok) if ok else float("nan")
    print(f"{p:<18} {cpu[p]:>25.3f}  {' '.join(f.get('cpu_us_per_record', '-') for f in runs[p])}")

print()
for num, den in (("plotly-bytes", "null-bytes"), ("plotly-bytes-ackoff", "null-bytes"), ("plotly-map", "null-sink"),
                 ("plotly-keyed-4", "null-sink-keyed")):
    a, b = med.get(num, float("nan")), med.get(den, float("nan"))
    r = a / b if b == b and b else float("nan")
    print(f"ratio {num}/{den} = {a:.3f} / {b:.3f} = {r:.4f}")
    a, b = cpu.get(num, float("nan")), cpu.get(den, float("nan"))
    r = b / a if a == a and a else float("nan")
    print(f"  cpu per record {den}/{num} = {b:.3f} / {a:.3f} = {r:.4f} (the rate ratio if CPU were all that counted)")
PY
say "=== end $(date -u +%Y-%m-%dT%H:%M:%SZ); results in $OUT, full run logs in $logs"
