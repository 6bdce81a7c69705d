#!/usr/bin/env bash
# Runs the tests, all on 127.0.0.1.
#   scripts/test.sh                 # everything (the CI gate): Tests/Unit, and Tests/Integration against a real
#                                   # armadietto, redis-server, chromium and the node clients; installs the pinned
#                                   # node test dependencies first
#   scripts/test.sh --unit          # Tests/Unit only: needs nothing but the .NET SDK
#   scripts/test.sh --native        # only the native pass below (needs clang and zlib1g-dev)
#   scripts/test.sh --filter Name   # extra arguments go to `dotnet test`; no native pass
# The full run ends with a native pass: it publishes the native build (README, "A native build") and
# runs the test classes that start the proxy as a separate process (trait Proxy=Process) against it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

target=RsResumeProxy.sln
jit=1
native=1
if [ "${1:-}" = "--unit" ]; then
  shift
  target=Tests/Unit/Unit.csproj
  native=0
elif [ "${1:-}" = "--native" ]; then
  shift
  jit=0
fi
[ $# -eq 0 ] || [ $jit = 0 ] || native=0
if [ $native = 1 ] && ! command -v clang >/dev/null; then
  echo "[test] the native pass needs clang (and zlib1g-dev): apt-get install clang zlib1g-dev, or run .ci/run" >&2
  exit 1
fi

# A test file outside the two projects would compile into neither and silently never run.
stray=$(find Tests -name '*.cs' -not -path 'Tests/Unit/*' -not -path 'Tests/Integration/*' -not -path 'Tests/Shared/*' | sort)
if [ -n "$stray" ]; then
  echo "[test] these files belong to no test project; move them under Tests/Unit (SDK only) or Tests/Integration:" >&2
  echo "$stray" >&2
  exit 1
fi

if [ "$target" = RsResumeProxy.sln ]; then
  if [ ! -f testenv/node_modules/.package-lock.json ] || [ testenv/package-lock.json -nt testenv/node_modules/.package-lock.json ]; then
    echo "[test] installing node test dependencies (npm ci in testenv/)" >&2
    npm ci --prefix testenv --no-audit --no-fund >&2
  fi
  # The remotestorage.js add-on's own packages (tus-js-client, and esbuild for its browser bundle);
  # the bundle is built afresh each run, so the browser tests never run an older source.
  addon=clients/remotestorage-resumable
  if [ ! -f $addon/node_modules/.package-lock.json ] || [ $addon/package-lock.json -nt $addon/node_modules/.package-lock.json ]; then
    echo "[test] installing the add-on's node packages (npm ci in $addon/)" >&2
    npm ci --prefix $addon --no-audit --no-fund >&2
  fi
  npm run --silent --prefix $addon build >&2
fi

dotnet build "$target" -c Release -nologo -v quiet

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
if [ $jit = 1 ]; then
  dotnet test "$target" -c Release --no-build -nologo --logger "console;verbosity=normal" "$@" 2>&1 | tee -a "$log" || status=$?
fi
if [ $native = 1 ]; then
  native_dir=Proxy/bin/native
  echo "[test] native pass: publishing the native build to $native_dir" >&2
  dotnet publish Proxy/Proxy.csproj -c Release --use-current-runtime -p:PublishAot=true -o "$native_dir" -nologo -v quiet >&2
  filter="Proxy=Process"
  if [ "${1:-}" = "--filter" ] && [ -n "${2:-}" ]; then
    filter="$filter&($2)"
    shift 2
  fi
  RSRP_PROXY_EXECUTABLE="$PWD/$native_dir/RsResumeProxy" \
    dotnet test Tests/Integration/Integration.csproj -c Release --no-build -nologo --logger "console;verbosity=normal" \
      --filter "$filter" "$@" 2>&1 | tee -a "$log" || status=$?
fi
# One plain summary line over every test project, whatever the runner printed above.
passed=$(sed -n 's/^ *Passed: *\([0-9][0-9]*\)$/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
failed=$(sed -n 's/^ *Failed: *\([0-9][0-9]*\)$/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
skipped=$(sed -n 's/^ *Skipped: *\([0-9][0-9]*\)$/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
# Failures again at the end, so a log cut to its last lines still says what failed and why.
if [ "$failed" -gt 0 ]; then
  echo "failed tests:"
  awk '
    /^  Failed [^ ]/ { show = 1; n = 0 }
    /^  (Passed|Skipped) [^ ]/ { show = 0 }
    /^\[/ { show = 0 }
    show && n < 30 { print; n++ }
  ' "$log"
fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit $status
