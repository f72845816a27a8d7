#!/usr/bin/env bash
# Starts the sandbox the README's way (dotnet run ... sandbox), keeps a browser-like connection open, sends SIGTERM
# to `dotnet run` and prints how long it took to exit and with which code. Run from the repository root:
#   bash Bakong.Functional.Sandbox.Tests/sigterm-dotnet-run.sh
set -u
out=$(mktemp)
dotnet run --project Bakong.Functional.Cli -- sandbox --port 0 > "$out" 2>&1 &
pid=$!
for _ in $(seq 1 1200); do grep -q "Stop with" "$out" && break; sleep 0.1; done
port=$(sed -n 's#.*base URL: *http://127.0.0.1:\([0-9]*\)/.*#\1#p' "$out")
# A kept-alive connection, as a dashboard tab leaves one.
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n' >&3
sleep 0.3
start=$(date +%s%N)
kill -TERM "$pid"
wait "$pid"
code=$?
end=$(date +%s%N)
exec 3>&-
echo "dotnet run ... sandbox: exit code $code, $(( (end - start) / 1000000 )) ms after SIGTERM"
if pgrep -f "bakong.dll sandbox --port 0" > /dev/null; then echo "a sandbox process is still running"; exit 1; fi
rm -f "$out"
