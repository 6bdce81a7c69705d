#!/usr/bin/env bash
# Runs every test: unit tests and integration tests against a real armadietto (and, where state is
# shared, a real redis-server), all on 127.0.0.1. Installs the pinned node test dependencies first.
#   scripts/test.sh                 # everything
#   scripts/test.sh --filter Name   # extra arguments go to `dotnet test`
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ ! -f testenv/node_modules/.package-lock.json ] || [ testenv/package-lock.json -nt testenv/node_modules/.package-lock.json ]; then
  echo "[test] installing node test dependencies (npm ci in testenv/)" >&2
  npm ci --prefix testenv --no-audit --no-fund >&2
fi

dotnet build RsResumeProxy.sln -c Release -nologo -v quiet
dotnet test RsResumeProxy.sln -c Release --no-build -nologo --logger "console;verbosity=normal" "$@"
