#!/usr/bin/env bash
# rs-backend.sh - run an unmodified remoteStorage server (armadietto 0.6.6, "monolithic" file-tree server) on
# 127.0.0.1 for manual and end-to-end tests of the proxy, and mint bearer tokens for it.
#
# Usage:
#   scripts/rs-backend.sh start  <dir> [port=8765] [user=rstest] [password=rstest-pass-123]
#   scripts/rs-backend.sh token  <dir> [scope=*:rw]
#   scripts/rs-backend.sh stop   <dir>
#   scripts/rs-backend.sh status <dir>
#
#   set -a; eval "$(scripts/rs-backend.sh start /tmp/rs 8765)"; set +a     # export RS_* to child processes
#   curl -H "Authorization: Bearer $RS_TOKEN" "$RS_BASE/"
#   scripts/rs-backend.sh stop /tmp/rs
#
# start/token print only shell-safe KEY=value lines on stdout (RS_ORIGIN RS_BASE RS_USER RS_PASSWORD RS_TOKEN
# RS_PID RS_DIR) so the output can be eval'ed; progress and errors go to stderr. RS_TOKEN is already URL-decoded.
#
# The node packages come from the project's own testenv/ (package-lock.json pinned, `npm ci`), resolved relative
# to this script, so the same versions run here, in the C# tests and in CI.
# Files in <dir>: conf.json, data/ (users + documents), logs/, armadietto.out, armadietto.pid, state.env.
#
# Environment: RS_FRESH=1 wipes <dir>/data before start; RS_START_TIMEOUT seconds to wait for startup (30).

set -u

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TESTENV="$(cd "$SCRIPT_DIR/../testenv" && pwd)"
ARMADIETTO_JS="$TESTENV/node_modules/armadietto/bin/armadietto.js"

log() { echo "[rs-backend] $*" >&2; }
die() { echo "[rs-backend] ERROR: $*" >&2; exit 1; }

# KEY=value with bash quoting only where needed (base64 tokens and URLs come out unquoted), so `eval` is safe.
emit() { printf '%s=%q\n' "$1" "$2"; }

ensure_deps() {
  command -v node >/dev/null || die "node not found (armadietto 0.6.6 needs node >= 20)"
  command -v curl >/dev/null || die "curl not found"
  local major; major=$(node -p 'process.versions.node.split(".")[0]')
  [ "$major" -ge 20 ] || die "node $(node -v) is too old; armadietto 0.6.6 needs >= 20"
  if [ ! -d "$TESTENV/node_modules" ]; then
    log "installing node packages into $TESTENV (npm ci)"
    # npm's output goes to stderr: stdout is reserved for the RS_* lines.
    npm ci --prefix "$TESTENV" --no-audit --no-fund >&2 || die "npm ci failed"
  fi
  [ -f "$ARMADIETTO_JS" ] || die "$ARMADIETTO_JS missing; delete $TESTENV/node_modules and retry"
}

# 0 if the pid recorded in <dir> is alive and really is the armadietto we started with <dir>'s conf.json.
# The cmdline check keeps a recycled pid from making us kill an unrelated process.
is_ours() {
  local dir="$1" pid
  [ -f "$dir/armadietto.pid" ] || return 1
  pid=$(cat "$dir/armadietto.pid")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "armadietto.js -c $dir/conf.json"
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

http_code() { curl -sS -o /dev/null -w '%{http_code}' "$@" 2>/dev/null || echo 000; }

write_conf() {
  local dir="$1" port="$2"
  mkdir -p "$dir/data" "$dir/logs"
  # http.host must be explicit: armadietto defaults to 0.0.0.0. HTTPS off: everything works over plain HTTP.
  cat >"$dir/conf.json" <<EOF
{
  "allow_signup": true,
  "storage_path": "$dir/data",
  "lock_timeout_ms": 30000,
  "lock_stale_after_ms": 60000,
  "cache_views": true,
  "http": { "host": "127.0.0.1", "port": $port },
  "https": { "enable": false, "force": false },
  "logging": { "log_dir": "$dir/logs", "stdout": ["notice"], "log_files": ["error"] },
  "basePath": ""
}
EOF
}

load_state() {
  local dir="$1"
  [ -f "$dir/state.env" ] || die "not started ($dir/state.env missing)"
  # shellcheck disable=SC1091
  . "$dir/state.env"
}

cmd_token() {
  local dir; dir="$(cd "${1:?usage: token <dir> [scope]}" 2>/dev/null && pwd)" || die "no such dir: $1"
  local scope="${2:-*:rw}"
  load_state "$dir"
  is_ours "$dir" || die "armadietto is not running for $dir"
  local origin="http://127.0.0.1:$RSB_PORT" out code location frag token
  # Implicit-grant form POST, no browser: armadietto answers 302 to redirect_uri#access_token=<urlencoded>&...
  out=$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' -X POST "$origin/oauth" \
        --data-urlencode "username=$RSB_USER" --data-urlencode "password=$RSB_PASSWORD" \
        --data-urlencode "client_id=http://127.0.0.1" --data-urlencode "redirect_uri=http://127.0.0.1/cb" \
        --data-urlencode "response_type=token" --data-urlencode "scope=$scope" \
        --data-urlencode "allow=Allow") || die "OAuth request failed"
  code=${out%% *}; location=${out#* }
  [ "$code" = 302 ] || die "OAuth POST returned HTTP $code (wrong password?)"
  frag=${location#*#}
  case "&$frag" in *"&access_token="*) ;; *) die "no access_token in redirect: $location" ;; esac
  token=${frag#*access_token=}; token=${token%%&*}
  # URL-decode (%3D -> =, %2B -> +, %2F -> /): the token is base64.
  token=$(printf '%b' "${token//%/\\x}")
  [ -n "$token" ] || die "empty access_token in redirect: $location"
  if [ "$scope" = "*:rw" ]; then
    code=$(http_code -H "Authorization: Bearer $token" "$origin/storage/$RSB_USER/")
    [ "$code" = 200 ] || die "token check GET /storage/$RSB_USER/ returned HTTP $code"
  fi
  emit RS_ORIGIN "$origin"
  emit RS_BASE "$origin/storage/$RSB_USER"
  emit RS_USER "$RSB_USER"
  emit RS_PASSWORD "$RSB_PASSWORD"
  emit RS_TOKEN "$token"
  emit RS_PID "$(cat "$dir/armadietto.pid")"
  emit RS_DIR "$dir"
}

cmd_start() {
  local dir="${1:?usage: start <dir> [port] [user] [password]}" port="${2:-8765}"
  local user="${3:-rstest}" pass="${4:-rstest-pass-123}"
  [[ "$port" =~ ^[0-9]+$ ]] || die "port must be a number: $port"
  # armadietto's own rule for usernames (lowercase, at least 2 chars); also keeps state.env shell-safe.
  [[ "$user" =~ ^[a-z0-9._-]{2,}$ ]] || die "user must match ^[a-z0-9._-]{2,}\$"
  [[ "$pass" != *"'"* ]] || die "password must not contain a single quote"
  mkdir -p "$dir" && dir="$(cd "$dir" && pwd)" || die "cannot create $dir"
  ensure_deps

  if is_ours "$dir"; then
    load_state "$dir"
    [ "$RSB_PORT" = "$port" ] || die "already running for $dir on port $RSB_PORT (stop it first)"
    log "already running (pid $(cat "$dir/armadietto.pid")); minting a new token"
  else
    port_busy "$port" && die "127.0.0.1:$port is already in use by another process"
    [ "${RS_FRESH:-0}" = 1 ] && rm -rf "$dir/data" "$dir/logs"
    write_conf "$dir" "$port"
    log "starting armadietto on 127.0.0.1:$port (output: $dir/armadietto.out)"
    # exec so $! is node itself; stdin/stdout/stderr detached so `$(...)` callers are not held open by it.
    ( cd "$dir" && exec node "$ARMADIETTO_JS" -c "$dir/conf.json" >>"$dir/armadietto.out" 2>&1 </dev/null ) &
    echo $! >"$dir/armadietto.pid"
    local started=$SECONDS tries=0 limit=$(( ${RS_START_TIMEOUT:-30} * 10 ))
    until [ "$(http_code "http://127.0.0.1:$port/.well-known/webfinger?resource=acct:$user@127.0.0.1")" = 200 ]; do
      if ! is_ours "$dir"; then
        tail -20 "$dir/armadietto.out" >&2
        rm -f "$dir/armadietto.pid"
        die "armadietto exited during startup"
      fi
      tries=$((tries + 1))
      [ "$tries" -lt "$limit" ] || die "armadietto did not answer within ${RS_START_TIMEOUT:-30}s (see $dir/armadietto.out)"
      sleep 0.1
    done
    log "ready after $((SECONDS - started))s"
  fi
  printf "RSB_PORT=%s\nRSB_USER=%s\nRSB_PASSWORD='%s'\n" "$port" "$user" "$pass" >"$dir/state.env"

  # 201 = created, 409 = exists already (then the password must be the one it was created with).
  local code
  code=$(http_code -X POST "http://127.0.0.1:$port/signup" --data-urlencode "username=$user" \
         --data-urlencode "email=$user@example.com" --data-urlencode "password=$pass")
  case "$code" in
    201) log "created user $user" ;;
    409) log "user $user exists already" ;;
    *) die "signup returned HTTP $code" ;;
  esac
  cmd_token "$dir" "*:rw"
}

cmd_stop() {
  local dir="${1:?usage: stop <dir>}" pid i
  [ -d "$dir" ] && dir="$(cd "$dir" && pwd)"
  [ -f "$dir/armadietto.pid" ] || { log "not running (no pid file)"; return 0; }
  pid=$(cat "$dir/armadietto.pid")
  if is_ours "$dir"; then
    kill -TERM "$pid"
    for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then log "pid $pid ignored SIGTERM; sending SIGKILL"; kill -KILL "$pid"; fi
    log "stopped pid $pid"
  else
    log "recorded pid $pid is not our armadietto any more; nothing killed"
  fi
  rm -f "$dir/armadietto.pid"
}

cmd_status() {
  local dir="${1:?usage: status <dir>}"
  [ -d "$dir" ] && dir="$(cd "$dir" && pwd)"
  if is_ours "$dir"; then
    load_state "$dir"
    echo "running pid=$(cat "$dir/armadietto.pid") port=$RSB_PORT user=$RSB_USER"
  else
    echo "stopped"
    return 1
  fi
}

cmd="${1:-}"
shift || true
case "$cmd" in
  start) cmd_start "$@" ;;
  token) cmd_token "$@" ;;
  stop) cmd_stop "$@" ;;
  status) cmd_status "$@" ;;
  *) sed -n '2,22p' "${BASH_SOURCE[0]}" >&2; exit 2 ;;
esac
