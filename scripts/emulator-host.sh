# Sourced by the scripts that drive client processes: starts Bakong.Functional.EmulatorHost (Release) in the background
# on 127.0.0.1 and sets $seed (the JSON line it prints), $url, $token and $md5 (a payment found on the first check).
# The caller provides $work (a temporary folder) and ends the host with `kill $(jobs -p)`.
host_field() { printf '%s' "$seed" | sed -E "s/.*\"$1\":\"([^\"]*)\".*/\1/"; }

start_emulator_host() {
  local root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  dotnet build -c Release "$root/Bakong.Functional.EmulatorHost" -v q -nologo > /dev/null
  mkfifo "$work/host"
  # The host serves until its standard input closes; sleep keeps it open.
  sleep 100000 | "$root/Bakong.Functional.EmulatorHost/bin/Release/net10.0/Bakong.Functional.EmulatorHost" > "$work/host" &
  seed=""
  read -r -t 120 seed < "$work/host" || true
  [ -n "$seed" ] || { echo "the emulator host did not start" >&2; return 1; }
  url=$(host_field baseUrl) token=$(host_field token) md5=$(host_field benchMd5)
}
