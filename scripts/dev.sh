#!/usr/bin/env bash
# Starts a local remoteStorage server (armadietto, on 127.0.0.1:8765, data in .work/rs) and the proxy
# in front of it (127.0.0.1:5000) on the embedded defaults: no Redis, upload state on local disk
# (.work/proxy). Prints a token and how to try a resumable upload. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
RS_PORT=${RS_PORT:-8765}
PROXY_URL=${PROXY_URL:-http://127.0.0.1:5000}
mkdir -p .work

set -a
eval "$(scripts/rs-backend.sh start "$ROOT/.work/rs" "$RS_PORT")"
set +a
trap 'scripts/rs-backend.sh stop "$ROOT/.work/rs"' EXIT

dotnet build Proxy/Proxy.csproj -c Release -nologo -v quiet
PROXIED_BASE="$PROXY_URL/storage/$RS_USER"
cat >&2 <<INFO

  remoteStorage server : $RS_ORIGIN   (user $RS_USER, password $RS_PASSWORD)
  proxy                : $PROXY_URL
  storage root         : $PROXIED_BASE
  token                : $RS_TOKEN

  Try a resumable upload (see README, "A resumable upload with curl"):
    T='$RS_TOKEN'
    head -c 3000000 /dev/urandom > /tmp/demo.bin
    curl -i -X PUT -H "Authorization: Bearer \$T" -H 'Tus-Resumable: 1.0.0' -H 'Upload-Length: 3000000' \\
         -H 'Content-Type: application/octet-stream' --data-binary @<(head -c 1000000 /tmp/demo.bin) $PROXIED_BASE/demo/file.bin
    curl -I -H "Authorization: Bearer \$T" -H 'Tus-Resumable: 1.0.0' $PROXIED_BASE/demo/file.bin
    curl -i -X PATCH -H "Authorization: Bearer \$T" -H 'Tus-Resumable: 1.0.0' -H 'Upload-Offset: 1000000' \\
         -H 'Content-Type: application/offset+octet-stream' --data-binary @<(tail -c +1000001 /tmp/demo.bin) $PROXIED_BASE/demo/file.bin

INFO
dotnet Proxy/bin/Release/net10.0/RsResumeProxy.dll \
  --urls "$PROXY_URL" \
  --Backend:Address "$RS_ORIGIN" \
  --ResumableUploads:StagingDirectory "$ROOT/.work/proxy/staging" \
  --ResumableUploads:StateDirectory "$ROOT/.work/proxy/state" \
  --ResumableUploads:MaxUploadSize 536870888 "$@"
