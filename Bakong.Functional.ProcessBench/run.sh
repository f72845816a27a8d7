#!/usr/bin/env bash
# The process-level benchmark: whole client processes against the emulator served on 127.0.0.1, the library beside raw
# HttpClient + System.Text.Json (source-generated), measured in the same run and reported as ratios.
#   bash Bakong.Functional.ProcessBench/run.sh [--runs N] [--calls N] [--long-runs N] [--telemetry] [--before CLIENT]
# First call: N fresh processes per client, one check each. Steady state: --long-runs processes per client, --calls
# sequential checks each over one keep-alive connection. Each figure is the median; runs alternate between clients.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=15 calls=20000 long_runs=3 telemetry=0 before=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --calls) calls=$2; shift 2 ;;
    --long-runs) long_runs=$2; shift 2 ;;
    # Adds the library with a span and a metric listener attached to the steady-state runs.
    --telemetry) telemetry=1; shift ;;
    # Another build's client binary (an older commit's Bakong.Functional.ProcessBench), measured as "before" in the same
    # runs: its first calls and its long runs.
    --before) before=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v /usr/bin/time >/dev/null || { echo "GNU time (/usr/bin/time) is required: apt-get install time" >&2; exit 2; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build -c Release Bakong.Functional.ProcessBench -v q -nologo >/dev/null
client=Bakong.Functional.ProcessBench/bin/Release/net10.0/Bakong.Functional.ProcessBench
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

# The emulator runs in its own process, so the clients are measured alone.
source scripts/emulator-host.sh
start_emulator_host

# One measured process: "wall_s cpu_s maxrss_kb first_answer_ms"
measure() {
  if [ "$1" = before ]; then
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$before" library "$url" "$token" "$md5" "$2" > "$work/out"
  else
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$client" "$1" "$url" "$token" "$md5" "$2" > "$work/out"
  fi
  read -r wall user sys rss < "$work/time"
  first=$(sed -E 's/.*first_answer_ms=([0-9.]+).*/\1/' "$work/out")
  awk -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v f="$first" 'BEGIN { printf "%.3f %.3f %d %.1f\n", w, u + s, r, f }'
}
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
column_of() { awk -v c="$1" '{ print $c }' "$2" | median; }

measure raw 1 >/dev/null; measure library 1 >/dev/null   # warm the disk cache, not the processes
for i in $(seq "$runs"); do
  if [ $((i % 2)) -eq 0 ]; then order="raw library"; else order="library raw"; fi
  for m in $order; do measure "$m" 1 >> "$work/first.$m"; done
  [ -n "$before" ] && measure before 1 >> "$work/first.before"
done
long_modes="library raw"
[ "$telemetry" = 1 ] && long_modes="library listening raw"
[ -n "$before" ] && long_modes="before $long_modes"
for i in $(seq "$long_runs"); do
  for m in $long_modes; do measure "$m" "$calls" >> "$work/long.$m"; done
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }'; }
echo "Process-level benchmark: $(nproc) cores, $runs first-call runs and $long_runs runs of $calls calls per client, medians"
printf '%-34s %12s %12s %8s %8s\n' "figure" "library" "raw" "ratio" "target"
row() { printf '%-34s %12s %12s %8s %8s\n' "$1" "$2" "$3" "$(ratio "$2" "$3")x" "$4"; }
row "first call: process wall (s)" "$(column_of 1 "$work/first.library")" "$(column_of 1 "$work/first.raw")" "<=1.3x"
row "first call: start to answer (ms)" "$(column_of 4 "$work/first.library")" "$(column_of 4 "$work/first.raw")" "<=1.3x"
row "first call: peak RSS (KB)" "$(column_of 3 "$work/first.library")" "$(column_of 3 "$work/first.raw")" "<=1.2x"
row "$calls calls: wall (s)" "$(column_of 1 "$work/long.library")" "$(column_of 1 "$work/long.raw")" "<=1.10x"
row "$calls calls: client CPU (s)" "$(column_of 2 "$work/long.library")" "$(column_of 2 "$work/long.raw")" "<=1.10x"
row "$calls calls: peak RSS (KB)" "$(column_of 3 "$work/long.library")" "$(column_of 3 "$work/long.raw")" "-"
if [ "$telemetry" = 1 ]; then
  printf '%-34s %12s %12s %8s %8s\n' "" "listening" "library" "" ""
  row "$calls calls: CPU, listeners vs none" "$(column_of 2 "$work/long.listening")" "$(column_of 2 "$work/long.library")" "<=1.10x"
  row "$calls calls: listening vs raw" "$(column_of 2 "$work/long.listening")" "$(column_of 2 "$work/long.raw")" "-"
fi
if [ -n "$before" ]; then
  printf '%-34s %12s %12s %8s %8s\n' "" "library" "before" "" ""
  row "first call: start to answer (ms)" "$(column_of 4 "$work/first.library")" "$(column_of 4 "$work/first.before")" "-"
  row "first call: peak RSS (KB)" "$(column_of 3 "$work/first.library")" "$(column_of 3 "$work/first.before")" "-"
  row "first call: before vs raw (ms)" "$(column_of 4 "$work/first.before")" "$(column_of 4 "$work/first.raw")" "-"
  row "$calls calls: CPU, this build vs before" "$(column_of 2 "$work/long.library")" "$(column_of 2 "$work/long.before")" "<=1.01x"
  row "$calls calls: before vs raw" "$(column_of 2 "$work/long.before")" "$(column_of 2 "$work/long.raw")" "-"
fi
