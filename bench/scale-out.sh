#!/usr/bin/env bash
# Scale-out benchmark: 50 concurrent uploads through one proxy instance and through two instances
# sharing Redis and one staging directory, round-robin per request, in the same run and against
# the same streaming sink (bench/sink.mjs). Prints throughput and errors side by side.
#
#   bench/scale-out.sh
#
# Settings (environment):
#   SCALE_UPLOADS    concurrent uploads per mode (default 50)
#   SCALE_SIZE_MB    size of each upload in MiB (default 16)
#   SCALE_CHUNK_MB   PATCH size in MiB (default 4)
#   BENCH_WORKDIR    where the file, staging and Redis go (default <repo>/.work); a real disk
#
# Modes: one-disk (one instance, the default disk state and local locks), one-redis (one instance
# on Redis: the cost of Redis alone), two-redis (two instances on Redis, every PATCH of an upload
# on the other instance than the one before). On one 2-core machine both instances share the same
# cores and disk, so two-redis measures the coordination cost, not a gain in capacity: capacity
# grows with instances only when they have their own cores.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
uploads=${SCALE_UPLOADS:-50}
size_mb=${SCALE_SIZE_MB:-16}
chunk_mb=${SCALE_CHUNK_MB:-4}
workdir=${BENCH_WORKDIR:-$root/.work}
require_positive_integers scale-out uploads size_mb chunk_mb
require_tools scale-out dotnet node redis-server

mkdir -p "$workdir"
work=$(mktemp -d "$workdir/scale-out.XXXXXX")
pids=()
cleanup() {
    # Proxies start inside $(...) subshells, so their pids come back through files.
    for file in "$work"/*/proxy.pid; do
        [[ -f $file ]] && pids+=("$(cat "$file")")
    done
    for pid in "${pids[@]}"; do stop_process "$pid"; done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() { say "scale-out: FAILED: $*"; exit 1; }
wait_for() {
    for _ in $(seq 300); do
        node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "$1" && return 0
        sleep 0.1
    done
    return 1
}

say "scale-out: building the proxy (Release)"
dotnet build -c Release "$root/Proxy/Proxy.csproj" -nologo -v quiet >"$work/build.log" 2>&1 \
    || { cat "$work/build.log" >&2; fail "build"; }
proxy_dll=$root/Proxy/bin/Release/net10.0/RsResumeProxy.dll

source_file=$work/source.bin
head -c $((size_mb * 1024 * 1024)) /dev/urandom >"$source_file"

node "$here/sink.mjs" >"$work/sink.port" 2>"$work/sink.log" &
pids+=($!)
for _ in $(seq 100); do [[ -s $work/sink.port ]] && break; sleep 0.1; done
sink=http://127.0.0.1:$(head -n1 "$work/sink.port")

redis_port=$(free_port)
redis-server --save '' --appendonly no --port "$redis_port" --bind 127.0.0.1 --dir "$work" >"$work/redis.log" 2>&1 &
pids+=($!)
redis="127.0.0.1:$redis_port"
key=$(head -c 32 /dev/urandom | base64)

# Starts one proxy instance; prints its origin.
start_proxy() {
    local name=$1 staging=$2 port
    shift 2
    port=$(free_port)
    mkdir -p "$work/$name"
    dotnet "$proxy_dll" --urls "http://127.0.0.1:$port" --Backend:Address="$sink" \
        --ResumableUploads:StagingDirectory="$staging" --ResumableUploads:StateDirectory="$work/$name/state" \
        --ResumableUploads:MaxUploadSize=0 --ResumableUploads:CredentialKey="$key" \
        --ResumableUploads:MaxPendingUploadsPerCredential=0 --ResumableUploads:DiskReserveBytes=0 \
        --Serilog:MinimumLevel:Default=Warning "$@" >"$work/$name/proxy.log" 2>&1 &
    echo $! >"$work/$name/proxy.pid"
    wait_for "http://127.0.0.1:$port/healthz" || { cat "$work/$name/proxy.log" >&2; fail "$name did not start"; }
    echo "http://127.0.0.1:$port"
}

puts_before() { node -e 'fetch(process.argv[1]).then(r=>r.json()).then(s=>console.log(s.puts))' "$sink/.stats"; }

run_mode() {
    local mode=$1 before after result
    shift
    before=$(puts_before)
    result=$(BENCH_AUTH="Bearer scale-out" node "$here/scale-out.mjs" "$source_file" "$uploads" $((chunk_mb * 1024 * 1024)) \
        "/storage/bench/$mode-" "$@") || fail "$mode: client"
    after=$(puts_before)
    node -e '
        const [mode, json, puts] = process.argv.slice(1);
        const r = JSON.parse(json);
        console.log(JSON.stringify({ mode, ...r, commitsAtSink: Number(puts) }));
    ' "$mode" "$result" $((after - before)) >>"$work/results.jsonl"
    say "scale-out: $(tail -n1 "$work/results.jsonl")"
}

: >"$work/results.jsonl"
say "scale-out: $uploads concurrent uploads of $size_mb MiB in $chunk_mb MiB PATCHes per mode"

one=$(start_proxy one-disk "$work/one-disk/staging")
run_mode one-disk "$one"

one_redis=$(start_proxy one-redis "$work/one-redis/staging" --Redis:Configuration="$redis" --Redis:InstanceName=one:)
run_mode one-redis "$one_redis"

shared=$work/shared-staging
a=$(start_proxy two-a "$shared" --Redis:Configuration="$redis" --Redis:InstanceName=two:)
b=$(start_proxy two-b "$shared" --Redis:Configuration="$redis" --Redis:InstanceName=two:)
run_mode two-redis "$a" "$b"

printf '\n%-10s %8s %8s %10s %8s %8s %8s\n' mode uploads failed MiB/s seconds errors commits
node -e '
    const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
    for (const r of lines) {
        console.log(`${r.mode.padEnd(10)} ${String(r.uploads).padStart(8)} ${String(r.failedUploads).padStart(8)} ` +
            `${r.mibPerSecond.toFixed(1).padStart(10)} ${r.seconds.toFixed(1).padStart(8)} ${String(r.errors).padStart(8)} ${String(r.commitsAtSink).padStart(8)}`);
        for (const p of r.problems) console.log(`  ${r.mode}: ${p}`);
    }
' "$work/results.jsonl"
