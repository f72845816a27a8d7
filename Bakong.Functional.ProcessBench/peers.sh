#!/usr/bin/env bash
# The same sequential check_transaction_by_md5 calls over one keep-alive connection, against the emulator served on
# 127.0.0.1 by its own process, made by: this library, raw HttpClient + System.Text.Json, Python's http.client, Ruby's
# Net::HTTP, and curl in one process. Wall time, CPU time and peak RSS of each whole client process, as a ratio to
# this library, medians of --runs runs, all in one run of this script. It installs nothing: a missing client is named
# and skipped.
# With --aot the two .NET clients also run published as Native AOT (needs clang-14; a few minutes to publish).
#   bash Bakong.Functional.ProcessBench/peers.sh [--calls 2000] [--runs 5] [--aot]
set -euo pipefail
cd "$(dirname "$0")/.."
calls=2000 runs=5 aot=0
while [ $# -gt 0 ]; do
  case "$1" in
    --aot) aot=1; shift ;;
    --calls) calls=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -x /usr/bin/time ] || { echo "GNU time (/usr/bin/time) is required; it is not installed (Debian package: time)" >&2; exit 2; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build -c Release Bakong.Functional.ProcessBench -v q -nologo >/dev/null
here=Bakong.Functional.ProcessBench
client=$here/bin/Release/net10.0/Bakong.Functional.ProcessBench
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

source scripts/emulator-host.sh
start_emulator_host

# curl reads every request from one config file, so one process reuses one connection for all of them.
for i in $(seq "$calls"); do
  [ "$i" -gt 1 ] && echo next
  printf 'url = "%sv1/check_transaction_by_md5"\nrequest = "POST"\nheader = "Content-Type: application/json"\nheader = "Authorization: Bearer %s"\ndata = "{\\"md5\\":\\"%s\\"}"\noutput = "/dev/null"\n' "$url" "$token" "$md5"
done > "$work/curl.cfg"

declare -A command
command[library]="$client library $url $token $md5 $calls"
command[raw-httpclient]="$client raw $url $token $md5 $calls"
clients=(library raw-httpclient)
if [ "$aot" -eq 1 ]; then
  dotnet publish -c Release -r linux-x64 -p:PublishAot=true -p:CppCompilerAndLinker=clang-14 $here -o "$work/aot" -v q -nologo >/dev/null
  command[library-aot]="$work/aot/Bakong.Functional.ProcessBench library $url $token $md5 $calls"
  command[raw-httpclient-aot]="$work/aot/Bakong.Functional.ProcessBench raw $url $token $md5 $calls"
  clients+=(library-aot raw-httpclient-aot)
fi
if command -v python3 >/dev/null; then command[python-http.client]="python3 $here/peer_python.py $url $token $md5 $calls"; clients+=(python-http.client); else echo "skipped: python3 is not installed"; fi
if command -v ruby >/dev/null; then command[ruby-net-http]="ruby $here/peer_ruby.rb $url $token $md5 $calls"; clients+=(ruby-net-http); else echo "skipped: ruby is not installed (Debian package: ruby)"; fi
if command -v curl >/dev/null; then command[curl]="curl -s -K $work/curl.cfg"; clients+=(curl); else echo "skipped: curl is not installed"; fi

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
for name in "${clients[@]}"; do ${command[$name]} > /dev/null; done   # warm the disk cache
for _ in $(seq "$runs"); do
  for name in "${clients[@]}"; do
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" ${command[$name]} > /dev/null
    awk '{ printf "%.3f %.3f %d\n", $1, $2 + $3, $4 }' "$work/time" >> "$work/$name"
  done
done

col() { awk -v c="$1" '{ print $c }' "$work/$2" | median; }
base_wall=$(col 1 library) base_cpu=$(col 2 library) base_rss=$(col 3 library)
echo "$calls sequential check_transaction_by_md5 calls, one keep-alive connection, emulator on 127.0.0.1; medians of $runs runs"
printf '%-20s %9s %7s %9s %7s %10s %7s\n' client "wall s" ratio "CPU s" ratio "RSS KB" ratio
for name in "${clients[@]}"; do
  w=$(col 1 "$name") c=$(col 2 "$name") r=$(col 3 "$name")
  printf '%-20s %9s %7s %9s %7s %10s %7s\n' "$name" "$w" "$(awk -v a="$w" -v b="$base_wall" 'BEGIN{printf "%.2f", a/b}')" \
    "$c" "$(awk -v a="$c" -v b="$base_cpu" 'BEGIN{printf "%.2f", a/b}')" "$r" "$(awk -v a="$r" -v b="$base_rss" 'BEGIN{printf "%.2f", a/b}')"
done
