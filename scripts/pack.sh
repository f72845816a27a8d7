#!/usr/bin/env bash
# Packs every package of this repository and the bakong tool into one folder, for a local NuGet source:
#   bash scripts/pack.sh ~/bakong-packages
# Versions are 1.0.0-dev.<commit count> (Directory.Build.targets), so a pack after a new commit is a new version.
# The tool is RID-specific: on linux-x64 with clang it also packs the Native AOT build, which `dotnet tool install`
# picks there (a few minutes on two cores); every other platform gets the framework-dependent build ("any").
set -euo pipefail
out=$(mkdir -p "${1:?usage: pack.sh FOLDER}" && cd "$1" && pwd)
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
# One version for the whole pack, even if a commit lands meanwhile: the tool's packages must agree.
height=$(git rev-list --count HEAD 2>/dev/null || true)
pack() { dotnet pack "$@" -c Release -o "$out" -v q -nologo ${height:+-p:BakongCommitHeight=$height}; }
for project in Bakong.Functional Bakong.Functional.FSharp Bakong.Functional.DependencyInjection Bakong.Functional.Testing Bakong.Functional.Redis; do
  pack "$project"
done
# A tool package takes its whole publish folder: start from empty ones, so nothing stale rides along.
rm -rf Bakong.Functional.Cli/bin/Release/net10.0/*/publish Bakong.Functional.Cli/bin/Release/net10.0/publish
linker=$(command -v clang-14 || command -v clang || true)
if [ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] && [ -n "$linker" ]; then
  pack Bakong.Functional.Cli                                   # the pointer package: which package each platform gets
  pack Bakong.Functional.Cli -r any                            # framework-dependent, for every other platform
  pack Bakong.Functional.Cli -r linux-x64 -p:CppCompilerAndLinker="$(basename "$linker")"   # Native AOT
else
  [ -n "$linker" ] || echo "pack.sh: no clang, so the bakong tool is packed framework-dependent only (apt-get install clang-14 for Native AOT)" >&2
  pack Bakong.Functional.Cli -p:ToolPackageRuntimeIdentifiers=any
  pack Bakong.Functional.Cli -r any -p:ToolPackageRuntimeIdentifiers=any
fi
ls "$out"/*.nupkg | sed 's#.*/#packed: #'
