#!/usr/bin/env bash
# One `bakong transaction md5` from the Native AOT binary beside one curl POST doing the same call, each a fresh process
# against the emulator served on 127.0.0.1 by a separate process; runs alternate, figures are medians.
#   bash Bakong.Functional.Cli/aot-startup.sh [--runs N] [--bakong PATH]
# Without --bakong it publishes the tool as Native AOT first (needs clang; a few minutes on two cores).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=11 bakong=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --bakong) bakong=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
for tool in /usr/bin/time curl; do
  command -v "$tool" >/dev/null || { echo "$tool is required (apt-get install time curl)" >&2; exit 2; }
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
if [ -z "$bakong" ]; then
  linker=$(command -v clang-14 || command -v clang || true)
  [ -n "$linker" ] || { echo "Native AOT needs clang (apt-get install clang)" >&2; exit 2; }
  dotnet publish Bakong.Functional.Cli -c Release -r linux-x64 -p:PublishAot=true -p:CppCompilerAndLinker="$(basename "$linker")" \
    -o "$work/aot" -v q -nologo >/dev/null
  bakong=$work/aot/bakong
fi
. scripts/emulator-host.sh
start_emulator_host

bakong_call=("$bakong" transaction md5 "$md5" --base-url "$url" --token "$token")
curl_call=(curl -sS -X POST "${url}v1/check_transaction_by_md5" -H "Authorization: Bearer $token" \
  -H "Content-Type: application/json" -d "{\"md5\":\"$md5\"}")
measure() {
  local -n cmd="$1_call"
  local start=$EPOCHREALTIME
  "${cmd[@]}" > "$work/out"
  local end=$EPOCHREALTIME
  grep -q -i "hash" "$work/out" || { echo "$1 did not find the payment:" >&2; cat "$work/out" >&2; exit 1; }
  /usr/bin/time -f "%M" -o "$work/time" "${cmd[@]}" > /dev/null
  awk -v s="$start" -v e="$end" -v r="$(cat "$work/time")" 'BEGIN { printf "%.4f %d\n", e - s, r }'
}
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

measure bakong >/dev/null; measure curl >/dev/null   # warm the disk cache
for i in $(seq "$runs"); do
  if [ $((i % 2)) -eq 0 ]; then order="curl bakong"; else order="bakong curl"; fi
  for m in $order; do measure "$m" >> "$work/runs.$m"; done
done

wall() { awk '{ print $1 }' "$work/runs.$1" | median; }
rss() { awk '{ print $2 }' "$work/runs.$1" | median; }
size=$(stat -L -c %s "$bakong")
echo "bakong transaction md5 vs curl: $(nproc) cores, $runs runs each, alternating, medians"
echo "binary: $(awk -v s="$size" 'BEGIN { printf "%.1f MiB", s / 1048576 }') ($bakong)"
printf '%-16s %10s %10s %8s %8s\n' "figure" "bakong" "curl" "ratio" "target"
printf '%-16s %10s %10s %8s %8s\n' "wall (s)" "$(wall bakong)" "$(wall curl)" \
  "$(awk -v a="$(wall bakong)" -v b="$(wall curl)" 'BEGIN { printf "%.2fx", (b > 0) ? a / b : 0 }')" "<=2x"
printf '%-16s %10s %10s %8s %8s\n' "peak RSS (KB)" "$(rss bakong)" "$(rss curl)" \
  "$(awk -v a="$(rss bakong)" -v b="$(rss curl)" 'BEGIN { printf "%.2fx", (b > 0) ? a / b : 0 }')" "-"
