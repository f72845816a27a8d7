#!/usr/bin/env bash
# Follows the README's Install section literally, outside the repository: packs the packages (scripts/pack.sh), makes
# new C# and F# apps in an empty temporary folder for net8.0 and net10.0, adds the packages from the local folder, and
# runs a payment check against the emulator served on 127.0.0.1 by a separate process. Then proves that a pack after a
# new commit is a new version the apps pick up, installs the bakong tool from the same folder (into a tool path of its
# own, so nothing global changes; the Native AOT build on linux-x64) and runs one check with it, timed beside curl.
#   bash scripts/install-check.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/bakong-install.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Only the .NET 10 runtime may be installed; a net8.0 app then runs on it.
export DOTNET_ROLL_FORWARD=Major
if ! dotnet --list-runtimes | grep -q '^Microsoft.NETCore.App 8\.'; then
  echo "install check: no .NET 8 runtime here, so the net8.0 apps run on .NET $(dotnet --list-runtimes | sed -n 's/^Microsoft.NETCore.App \([0-9]*\).*/\1/p' | tail -1) (DOTNET_ROLL_FORWARD=Major)"
fi

# --- README: Install (1) pack, from the repository root
cd "$repo"
bash scripts/pack.sh "$work/packages" > /dev/null

source "$repo/scripts/emulator-host.sh"
start_emulator_host

failed=0
for framework in net8.0 net10.0; do
  for language in C# F#; do
    app="$work/apps/shop-${framework}-${language/\#/sharp}"
    mkdir -p "$app" && cd "$app"
    # --- README: Install (2) a new app in an empty folder, the packages from the local folder
    dotnet new console --language "$language" --framework "$framework" -o . -v q > /dev/null 2>&1 \
      || { dotnet new console --language "$language" -o . > /dev/null && sed -i -E "s#<TargetFramework>[^<]+#<TargetFramework>$framework#" ./*.?sproj; }
    dotnet new nugetconfig > /dev/null
    dotnet nuget add source "$work/packages" --name bakong-local --configfile nuget.config > /dev/null
    dotnet add package Bakong.Functional --version '1.0.0-*' > /dev/null
    if [ "$language" = "C#" ]; then
      cat > Program.cs <<'CS'
using Bakong.Functional;
using LanguageExt;

var client = new BakongClient(new HttpClient(), new BakongClientOptions
{
    BaseUrl = new Uri(args[0]),
    Token = AccessToken.From(args[1]).ToOption(),
});
Fin<Option<Transaction>> paid = await client.SendAsync(CheckTransactionByMd5.Create(args[2]).OrNone());
Console.WriteLine(paid.Match(
    Succ: found => found.Match(Some: t => $"paid {t.Amount} {t.Currency}", None: () => "not paid yet"),
    Fail: error => BakongError.From(error).Summary));
CS
    else
      # --- README: From F#, the F# package (packed once) and the README's program, as written
      dotnet add package Bakong.Functional.FSharp --version '1.0.0-*' > /dev/null
      cp "$repo/Bakong.Functional.FSharp.Tests/Readme/Program.fs" Program.fs
    fi
    answer=$(dotnet run -- "$url" "$token" "$md5" 2>&1 | tail -1)
    if [ "$answer" = "paid 1.50 USD" ]; then
      echo "install check $framework $language: ok ($answer)"
    else
      echo "install check $framework $language: FAILED: $answer"
      failed=$((failed + 1))
    fi
  done
done
# --- CHANGELOG: a pack after a new commit is a new version, and an app's next build takes it (not its NuGet cache)
before=$(ls "$work/packages" | sed -n 's/^Bakong\.Functional\.\(1\.0\.0-dev\.[0-9]*\)\.nupkg$/\1/p')
git clone --quiet "$repo" "$work/clone"
git -C "$work/clone" -c user.name=check -c user.email=check@example.com commit --quiet --allow-empty -m "a new commit"
dotnet pack "$work/clone/Bakong.Functional" -c Release -o "$work/packages" -v q -nologo > /dev/null
after=$(git -C "$work/clone" rev-list --count HEAD)
cd "$work/apps/shop-net10.0-Csharp"
dotnet restore --force > /dev/null   # README: after a new pack, take the newest version the '1.0.0-*' references allow
answer=$(dotnet run -- "$url" "$token" "$md5" 2>&1 | tail -1)
resolved=$(dotnet list package | sed -n 's/.*> Bakong\.Functional  *[^ ]*  *\([^ ]*\).*/\1/p')
if [ "$resolved" = "1.0.0-dev.$after" ] && [ "$resolved" != "$before" ] && [ "$answer" = "paid 1.50 USD" ]; then
  echo "install check: a re-pack after a new commit is picked up: ok ($before, then $resolved)"
else
  echo "install check: re-pack FAILED: $before, then resolved '$resolved' (expected 1.0.0-dev.$after): $answer"
  failed=$((failed + 1))
fi

# --- README: Install the bakong tool
cd "$repo"
dotnet tool install Bakong.Functional.Cli --prerelease --tool-path "$work/tools" --add-source "$work/packages" > /dev/null
answer=$("$work/tools/bakong" transaction md5 "$md5" --base-url "$url" --token "$token" --json 2>&1 || true)
kind=framework-dependent
if [ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ]; then
  kind="Native AOT"
  # The AOT package holds one native executable and no managed bakong.dll.
  [ -z "$(find "$work/tools/.store" -name bakong.dll)" ] || { echo "install check: bakong tool FAILED: linux-x64 got the JIT build"; failed=$((failed + 1)); }
fi
if printf '%s' "$answer" | grep -q '"amount": *1.5'; then
  echo "install check: bakong tool: ok ($kind)"
  bash Bakong.Functional.Cli/aot-startup.sh --bakong "$work/tools/bakong" --runs 5 | sed 's/^/install check: /'
else
  echo "install check: bakong tool FAILED: $answer"
  failed=$((failed + 1))
fi
exit "$failed"
