#!/usr/bin/env bash
# Throughput and memory of resumable uploads through the proxy, against a plain PUT of the same
# file to the same sink and against @tus/server, in the same run; then the proxy in front of
# armadietto (uploads and downloads, small GETs). See bench/README.md.
#
#   bench/run.sh
#
# Settings (environment):
#   BENCH_SIZE_MB   size of the uploaded file in MiB (default 1024)
#   BENCH_REPS      rounds; each round runs every mode once, in rotated order (default 3)
#   BENCH_CHUNK_MB  PATCH size of the chunked modes in MiB (default 8)
#   BENCH_MODES     the sink modes to run (default: all of them, see bench/README.md)
#   BENCH_LARGE_MB  size of the one extra end-to-end upload whose peak RSS is reported (default
#                   4096; 0 leaves it out)
#   BENCH_RS_MB     size of the document sent to and fetched from armadietto (default 400; 0
#                   leaves the armadietto figures out; armadietto dies above about 512 MiB)
#   BENCH_GETS      sequential small GETs per target in the pass-through figure (default 1000)
#   BENCH_WORKDIR   where the file and the staging directory go (default <repo>/.work); must be a
#                   real disk, not tmpfs, or the staging fsync measures nothing
#   BENCH_RESULTS   also copy the per-run JSON lines to this file (optional)
#   BENCH_STAGING   disk (default) or s3: stage in a bucket of a moto_server the script starts
#   BENCH_BUILD     native (default: what the container image ships, README "A native build"; needs
#                   clang) or jit (dotnet RsResumeProxy.dll, what scripts/dev.sh runs); bare YARP is
#                   built the same way
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
size_mb=${BENCH_SIZE_MB:-1024}
reps=${BENCH_REPS:-3}
chunk_mb=${BENCH_CHUNK_MB:-8}
workdir=${BENCH_WORKDIR:-$root/.work}
all_modes="baseline relay relay-yarp disk peer-one peer-chunked ingest-one ingest-chunked tus-one tus-chunked"
read -r -a modes <<<"${BENCH_MODES:-$all_modes}"
large_mb=${BENCH_LARGE_MB:-4096}
rs_mb=${BENCH_RS_MB:-400}
gets=${BENCH_GETS:-1000}
require_positive_integers bench size_mb reps chunk_mb gets
for setting in large_mb rs_mb; do
    [[ ${!setting} == 0 ]] || require_positive_integers bench "$setting"
done
for mode in "${modes[@]}"; do
    [[ " $all_modes " == *" $mode "* ]] || { echo "bench: unknown mode '$mode' in BENCH_MODES (known: $all_modes)" >&2; exit 2; }
done
require_tools bench dotnet node npm sha256sum dd
build=${BENCH_BUILD:-native}
case $build in
    native) require_tools bench clang ;;
    jit) ;;
    *) echo "bench: BENCH_BUILD must be native or jit, got '$build'" >&2; exit 2 ;;
esac
staging=${BENCH_STAGING:-disk}
case $staging in
    disk) ;;
    s3) require_tools bench moto_server ;;
    *) echo "bench: BENCH_STAGING must be disk or s3, got '$staging'" >&2; exit 2 ;;
esac

mkdir -p "$workdir"
work=$(mktemp -d "$workdir/bench.XXXXXX")
sink_pid=""
proxy_pid=""
peer_pid=""
rs_pid=""
floor_pid=""
moto_pid=""
cleanup() {
    stop_process "$proxy_pid"
    stop_process "$peer_pid"
    stop_process "$floor_pid"
    stop_process "$rs_pid"
    stop_process "$sink_pid"
    stop_process "$moto_pid"
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() { say "bench: FAILED: $*"; exit 1; }


# Polls until the URL answers at all (any status); bounded to about 30 s.
wait_for() {
    local url=$1
    for _ in $(seq 300); do
        if node -e 'fetch(process.argv[1],{method:"OPTIONS"}).then(()=>process.exit(0),()=>process.exit(1))' "$url"; then
            return 0
        fi
        sleep 0.1
    done
    return 1
}

# "VmRSS" or "VmHWM" of a process, in KiB.
memory_kib() { awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status"; }

load_start=$(cut -d" " -f1-3 /proc/loadavg)
# Builds the project $1 (assembly $2) as BENCH_BUILD says and sets app_command to the command that
# starts it: the native executable, or dotnet and the assembly.
build_app() {
    local project=$1 name=$2 out=$work/build-$2
    if [[ $build == native ]]; then
        dotnet publish "$project" -c Release --use-current-runtime -p:PublishAot=true -o "$out" -nologo -v quiet \
            >"$work/build-$name.log" 2>&1 || { cat "$work/build-$name.log" >&2; fail "native build of $name"; }
        app_command=("$out/$name")
    else
        dotnet build "$project" -c Release -nologo -v quiet >"$work/build-$name.log" 2>&1 \
            || { cat "$work/build-$name.log" >&2; fail "build of $name"; }
        app_command=(dotnet "$(dirname "$project")/bin/Release/net10.0/$name.dll")
    fi
    [[ -f ${app_command[-1]} ]] || fail "no ${app_command[-1]} after the build"
}
say "bench: building the proxy (Release, $build)"
build_app "$root/Proxy/Proxy.csproj" RsResumeProxy
proxy_command=("${app_command[@]}")
# The floor of the small-GET figure: YARP alone with the proxy's route and cluster (bare-yarp/).
floor_command=()
if ((rs_mb > 0)) || [[ " ${modes[*]} " == *" relay-yarp "* ]]; then
    build_app "$here/bare-yarp/BareYarp.csproj" BareYarp
    floor_command=("${app_command[@]}")
fi
# npm ci where node_modules is missing or older than the lockfile (npm writes
# node_modules/.package-lock.json on every install).
npm_ci() {
    local dir=$1
    [[ $dir/node_modules/.package-lock.json -nt $dir/package-lock.json ]] && return 0
    say "bench: npm ci in $dir"
    npm ci --prefix "$dir" --no-audit --no-fund >"$work/npm.log" 2>&1 || { cat "$work/npm.log" >&2; fail "npm ci in $dir"; }
}
npm_ci "$here/tus-server"
((rs_mb > 0)) && npm_ci "$root/testenv"

say "bench: creating a ${size_mb} MiB random file in $work"
fs_type=$(stat -f -c %T "$work")
if [[ $fs_type == tmpfs || $fs_type == ramfs ]]; then
    say "bench: WARNING: $work is $fs_type; fsync costs nothing there. Set BENCH_WORKDIR to a disk."
fi
source_file=$work/source.bin
head -c $((size_mb * 1024 * 1024)) /dev/urandom >"$source_file"
bytes=$(stat -c %s "$source_file")
sha=$(sha256sum "$source_file" | cut -d' ' -f1)
# A small upload through every fresh proxy before the measured one, so that the figures are those
# of a running proxy, not of its JIT compiling the upload path (and the sink's likewise).
warm_file=$work/warm.bin
head -c $((32 * 1024 * 1024)) /dev/urandom >"$warm_file"
warm_bytes=$(stat -c %s "$warm_file")
warm_sha=$(sha256sum "$warm_file" | cut -d' ' -f1)

node "$here/sink.mjs" --sha256 >"$work/sink.port" 2>"$work/sink.log" &
sink_pid=$!
for _ in $(seq 100); do
    [[ -s $work/sink.port ]] && break
    sleep 0.1
done
sink_port=$(head -n1 "$work/sink.port")
[[ $sink_port =~ ^[0-9]+$ ]] || fail "the sink did not start: $(cat "$work/sink.log")"
sink=http://127.0.0.1:$sink_port
puts_seen=0

# Checks that the run just finished produced exactly one PUT at the sink, of the right path,
# length and SHA-256 (those of the measured file unless given).
verify_sink() {
    local mode=$1 path=$2 want_bytes=${3:-$bytes} want_sha=${4:-$sha} stats
    stats=$(node -e 'fetch(process.argv[1]).then(r=>r.text()).then(t=>console.log(t),e=>{console.error(e);process.exit(1)})' "$sink/.stats")
    puts_seen=$((puts_seen + 1))
    node -e '
        const [stats, path, bytes, sha, puts] = process.argv.slice(1);
        const s = JSON.parse(stats);
        const problems = [];
        if (s.puts !== Number(puts)) problems.push(`sink counted ${s.puts} PUTs, expected ${puts}`);
        if (s.path !== path) problems.push(`path ${s.path}, expected ${path}`);
        if (s.bytes !== Number(bytes)) problems.push(`${s.bytes} bytes, expected ${bytes}`);
        if (s.sha256 !== sha) problems.push(`sha256 ${s.sha256}, expected ${sha}`);
        if (problems.length) { console.error(problems.join("; ")); process.exit(1); }
    ' "$stats" "$path" "$want_bytes" "$want_sha" "$puts_seen" || fail "$mode: the sink did not get the file"
}

node "$here/client.mjs" put "$sink/storage/bench/warmup" "$warm_file" >/dev/null || fail "warm-up PUT to the sink"

# With BENCH_STAGING=s3 the proxies stage in a bucket of a local moto_server (S3-compatible, keeps
# objects in memory: a functional stand-in, not a speed reference for real object storage).
staging_args=()
staging_what="staging on $fs_type"
if [[ $staging == s3 ]]; then
    moto_port=$(free_port)
    moto_server -H 127.0.0.1 -p "$moto_port" >"$work/moto.log" 2>&1 &
    moto_pid=$!
    wait_for "http://127.0.0.1:$moto_port/" || { cat "$work/moto.log" >&2; fail "moto_server did not start"; }
    # moto does not check signatures: an unsigned PUT creates the bucket.
    node -e 'fetch(process.argv[1],{method:"PUT"}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' \
        "http://127.0.0.1:$moto_port/bench" || fail "could not create the bucket"
    export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench
    # S3 takes at most 10,000 parts of PartSize (8 MiB by default): the proxy refuses no limit.
    staging_args=(--ResumableUploads:StagingStore=S3 --S3Staging:ServiceUrl="http://127.0.0.1:$moto_port"
        --S3Staging:Bucket=bench --S3Staging:ForcePathStyle=true --ResumableUploads:MaxUploadSize=83886080000)
    staging_what="staging in S3 (moto_server on loopback)"
    # dd into the staging directory says nothing about a bucket.
    kept=()
    for mode in "${modes[@]}"; do [[ $mode == disk ]] || kept+=("$mode"); done
    modes=("${kept[@]}")
fi
verify_sink warm-up /storage/bench/warmup "$warm_bytes" "$warm_sha"

results=$work/results.jsonl
: >"$results"

# Starts a fresh proxy in front of $1 with its own staging and state directories under $2;
# sets proxy_pid and proxy (its origin).
start_proxy() {
    local backend=$1 data=$2 port
    shift 2
    mkdir -p "$data"
    port=$(free_port)
    "${proxy_command[@]}" --urls "http://127.0.0.1:$port" --Backend:Address="$backend" \
        --ResumableUploads:StagingDirectory="$data/staging" --ResumableUploads:StateDirectory="$data/state" \
        --ResumableUploads:MaxUploadSize=0 "${staging_args[@]}" "$@" >"$data/proxy.log" 2>&1 &
    proxy_pid=$!
    proxy=http://127.0.0.1:$port
    wait_for "$proxy/" || { cat "$data/proxy.log" >&2; fail "the proxy did not start"; }
}

# Appends one result line: mode, round, the client's JSON, idle and peak RSS (KiB), commit ms, the
# CPU time the whole machine spent while the measured transfer ran (busy_between), and the page
# cache's growth meanwhile (KiB).
record() {
    node -e '
        const r = JSON.parse(process.argv[1]);
        const num = (s) => (s === "null" || s === "" ? null : Number(s));
        const rep = process.argv[3] === "large" ? "large" : +process.argv[3];
        console.log(JSON.stringify({ mode: process.argv[2], rep, bytes: r.bytes, seconds: r.seconds,
            requests: r.requests, idleRssKiB: num(process.argv[4]), peakRssKiB: num(process.argv[5]), commitMs: num(process.argv[6]),
            cpuSeconds: num(process.argv[7]), pageCacheKiB: num(process.argv[8]) }));
    ' "$3" "$1" "$2" "${4:-null}" "${5:-null}" "${6:-null}" "${7:-null}" "${8:-null}" >>"$results"
    say "bench: round $2 $(tail -n1 "$results")"
}

# CPU time of the whole machine, all cores, in clock ticks (user, nice, system, irq, softirq: what
# the client, the servers and the kernel's own write-back and network work spent; not idle, not
# waiting for the disk). On two cores a transfer that keeps both busy cannot go faster than this
# divided by two, whatever sits in the path.
busy_ticks() { awk '/^cpu /{ print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }
clock_ticks=$(getconf CLK_TCK)
# In awk, not node: the disk mode's clock stops right after it.
busy_between() { awk -v from="$1" -v to="$2" -v hz="$clock_ticks" 'BEGIN { printf "%.2f\n", (to - from) / hz }'; }

# Runs one measured transfer: its output into $client, the machine's CPU seconds around it into
# $cpu, and how far the page cache grew meanwhile (KiB, page-cache.mjs) into $cache (all the
# caller's). Fails as the command does.
measured() {
    local before sampler status=0
    node "$here/page-cache.mjs" >"$work/page-cache.out" &
    sampler=$!
    # The sampler's start-up is not part of the transfer.
    sleep 0.3
    before=$(busy_ticks)
    client=$("$@") || status=$?
    cpu=$(busy_between "$before" "$(busy_ticks)")
    kill -TERM "$sampler" 2>/dev/null || true
    wait "$sampler" || true
    cache=$(cat "$work/page-cache.out")
    cache=${cache:-null}
    return "$status"
}

# dd of $1 to $2 with one fsync at the end, timed; prints a line as client.mjs does.
timed_dd() {
    local started ended
    started=$(date +%s.%N)
    dd if="$1" of="$2" bs=64K conv=fsync status=none || return
    ended=$(date +%s.%N)
    # awk, not node: the machine's CPU count around it stops right after.
    awk -v bytes="$(stat -c %s "$2")" -v from="$started" -v to="$ended" \
        'BEGIN { printf "{\"bytes\":%d,\"seconds\":%.6f,\"requests\":0}\n", bytes, to - from }'
}

# The commit's duration the proxy logged last, in ms, or null.
commit_ms_of() {
    local ms
    ms=$(grep -o 'commit Accepted with [0-9]* ([0-9]* bytes, [0-9.]* ms)' "$1" | tail -n1 | sed -E 's/.*, ([0-9.]+) ms\)/\1/')
    echo "${ms:-null}"
}

# One measured run. Servers under test get a fresh process (fresh staging and state directories),
# warmed up by a 32 MiB upload in 1 MiB PATCHes, then given a second to finish compiling in the
# background, before its idle RSS is read and the clock starts, so that every run starts from the
# same idle memory, its peak RSS is its own, and the upload path is compiled: with a 4 MiB warm-up
# (4 PATCHes) the .NET JIT was still tiering the proxy's upload path up during the measured run
# (17 % of its CPU samples in libclrjit), since a method is recompiled after 30 calls. The ingest and
# peer modes declare the upload one byte longer than the file (BENCH_DECLARE_EXTRA=1): the last
# PATCH then completes nothing, and what is timed is the intake alone, with no commit.
run_mode() {
    local mode=$1 rep=$2 file=${3:-$source_file} path=/storage/bench/doc-$1-$2
    local client idle="null" peak="null" commit_ms="null" chunk=0 extra=0 data=$work/run-$1-$2 cpu="null" cache="null"
    local relay relay_pid relay_port warm
    [[ $mode == *-chunked ]] && chunk=$((chunk_mb * 1024 * 1024))
    [[ $mode == ingest-* || $mode == peer-* ]] && extra=1
    case $mode in
        baseline)
            measured node "$here/client.mjs" put "$sink$path" "$file" || fail "$mode: client"
            verify_sink "$mode" "$path"
            ;;
        relay | relay-yarp)
            # The same plain PUT with a proxy in the path that stages nothing: the proxy passes a
            # plain PUT through (relay), or YARP alone with the proxy's route, cluster and runtime
            # settings (relay-yarp). What any proxy in the path costs, before staging a byte.
            if [[ $mode == relay ]]; then
                start_proxy "$sink" "$data"
                relay_pid=$proxy_pid relay=$proxy
            else
                mkdir -p "$data"
                relay_port=$(free_port)
                "${floor_command[@]}" --urls "http://127.0.0.1:$relay_port" --Backend:Address="$sink" >"$data/proxy.log" 2>&1 &
                floor_pid=$!
                relay_pid=$floor_pid relay=http://127.0.0.1:$relay_port
                wait_for "$relay/" || { cat "$data/proxy.log" >&2; fail "$mode: bare YARP did not start"; }
            fi
            # Warmed up like the other modes: the warm-up file, here as four plain PUTs (a PUT is one
            # request where the other modes send 32), then a second for background compilation.
            for warm in 1 2 3 4; do
                node "$here/client.mjs" put "$relay$path-warmup" "$warm_file" >/dev/null || fail "$mode: warm-up PUT"
                verify_sink "$mode warm-up" "$path-warmup" "$warm_bytes" "$warm_sha"
            done
            sleep 1
            idle=$(memory_kib "$relay_pid" VmRSS)
            measured node "$here/client.mjs" put "$relay$path" "$file" || { tail -n 20 "$data/proxy.log" >&2; fail "$mode: client"; }
            peak=$(memory_kib "$relay_pid" VmHWM)
            stop_process "$relay_pid"
            proxy_pid="" floor_pid=""
            verify_sink "$mode" "$path"
            ;;
        disk)
            # What the staging disk alone does with the same bytes: write them, then one fsync.
            mkdir -p "$work/disk"
            measured timed_dd "$file" "$work/disk/copy.bin" || fail "$mode: dd"
            rm -f "$work/disk/copy.bin"
            ;;
        peer-*)
            mkdir -p "$data/files"
            node "$here/tus-server/server.mjs" "$data/files" >"$data/port" 2>"$data/peer.log" &
            peer_pid=$!
            for _ in $(seq 100); do [[ -s $data/port ]] && break; sleep 0.1; done
            local peer=http://127.0.0.1:$(head -n1 "$data/port")
            wait_for "$peer/files" || { cat "$data/peer.log" >&2; fail "$mode: @tus/server did not start"; }
            node "$here/client.mjs" tus "$peer/files" "$warm_file" $((1024 * 1024)) >/dev/null || fail "$mode: warm-up upload"
            sleep 1
            idle=$(memory_kib "$peer_pid" VmRSS)
            measured env BENCH_DECLARE_EXTRA=$extra node "$here/client.mjs" tus "$peer/files" "$file" "$chunk" || fail "$mode: client"
            peak=$(memory_kib "$peer_pid" VmHWM)
            stop_process "$peer_pid"
            peer_pid=""
            ;;
        ingest-* | tus-*)
            # The ingest modes time the intake alone: no PUT may start ahead of the completing
            # request (commit ahead would stream all but the last byte to the sink meanwhile).
            if [[ $mode == ingest-* ]]; then
                start_proxy "$sink" "$data" --ResumableUploads:CommitAheadIdleTimeout=00:00:00
            else
                start_proxy "$sink" "$data"
            fi
            BENCH_AUTH="Bearer bench" node "$here/client.mjs" tus "$proxy$path-warmup" "$warm_file" $((1024 * 1024)) >/dev/null \
                || { tail -n 20 "$data/proxy.log" >&2; fail "$mode: warm-up upload"; }
            verify_sink "$mode warm-up" "$path-warmup" "$warm_bytes" "$warm_sha"
            sleep 1
            idle=$(memory_kib "$proxy_pid" VmRSS)
            measured env BENCH_AUTH="Bearer bench" BENCH_DECLARE_EXTRA=$extra node "$here/client.mjs" tus "$proxy$path" "$file" "$chunk" \
                || { tail -n 20 "$data/proxy.log" >&2; fail "$mode: client"; }
            peak=$(memory_kib "$proxy_pid" VmHWM)
            stop_process "$proxy_pid"
            proxy_pid=""
            if [[ $mode == tus-* ]]; then
                commit_ms=$(commit_ms_of "$data/proxy.log")
                verify_sink "$mode" "$path" "$(stat -c %s "$file")" "$(sha256sum "$file" | cut -d' ' -f1)"
            fi
            ;;
    esac
    rm -rf "$data"
    record "$mode" "$rep" "$client" "$idle" "$peak" "$commit_ms" "$cpu" "$cache"
}

say "bench: $reps rounds of ${modes[*]} (order rotates each round), ${chunk_mb} MiB PATCHes, $staging_what"
for ((rep = 1; rep <= reps; rep++)); do
    for ((i = 0; i < ${#modes[@]}; i++)); do
        run_mode "${modes[(i + rep - 1) % ${#modes[@]}]}" "$rep"
    done
done

# Peak RSS must not follow the upload's size: one more end-to-end upload of a larger file.
if ((large_mb > 0)); then
    say "bench: one end-to-end upload of ${large_mb} MiB for the proxy's peak RSS"
    rm -f "$source_file"
    large_file=$work/large.bin
    head -c $((large_mb * 1024 * 1024)) /dev/urandom >"$large_file"
    run_mode tus-one large "$large_file"
    rm -f "$large_file"
fi

# The proxy in front of the real backend: a document up and down, and small GETs passed through.
if ((rs_mb > 0)); then
    node "$here/armadietto.mjs" "$work/armadietto" >"$work/rs.json" 2>"$work/rs.log" &
    rs_pid=$!
    for _ in $(seq 300); do [[ -s $work/rs.json ]] && break; sleep 0.1; done
    [[ -s $work/rs.json ]] || fail "armadietto did not start: $(cat "$work/rs.log")"
    rs_port=$(node -e 'console.log(JSON.parse(process.argv[1]).port)' "$(cat "$work/rs.json")")
    rs_token=$(node -e 'console.log(JSON.parse(process.argv[1]).token)' "$(cat "$work/rs.json")")
    rs=http://127.0.0.1:$rs_port
    rs_file=$work/rs.bin
    head -c $((rs_mb * 1024 * 1024)) /dev/urandom >"$rs_file"
    head -c 1024 /dev/urandom >"$work/small.bin"
    start_proxy "$rs" "$work/rs-proxy"
    export BENCH_AUTH="Bearer $rs_token"
    node "$here/client.mjs" put "$rs/storage/bench/small" "$work/small.bin" >/dev/null || fail "small document PUT to armadietto"
    say "bench: ${rs_mb} MiB to and from armadietto, $reps rounds"
    for ((rep = 1; rep <= reps; rep++)); do
        client=$(node "$here/client.mjs" put "$rs/storage/bench/rs-put-$rep" "$rs_file") || fail "rs-put: client"
        record rs-put "$rep" "$client"
        client=$(node "$here/client.mjs" tus "$proxy/storage/bench/rs-tus-$rep" "$rs_file" 0) \
            || { tail -n 20 "$work/rs-proxy/proxy.log" >&2; fail "rs-tus: client"; }
        record rs-tus "$rep" "$client" null null "$(commit_ms_of "$work/rs-proxy/proxy.log")"
        client=$(node "$here/client.mjs" get "$rs/storage/bench/rs-tus-$rep" "$rs_file") || fail "rs-get: client"
        record rs-get "$rep" "$client"
        client=$(node "$here/client.mjs" get "$proxy/storage/bench/rs-put-$rep" "$rs_file") || fail "rs-get-proxied: client"
        record rs-get-proxied "$rep" "$client"
    done
    floor_port=$(free_port)
    "${floor_command[@]}" --urls "http://127.0.0.1:$floor_port" --Backend:Address="$rs" >"$work/floor.log" 2>&1 &
    floor_pid=$!
    wait_for "http://127.0.0.1:$floor_port/" || { cat "$work/floor.log" >&2; fail "bare YARP did not start"; }
    say "bench: ${gets} small GETs each, straight to armadietto, through the proxy and through bare YARP, interleaved"
    node "$here/small-get.mjs" "$rs/storage/bench/small" "$proxy/storage/bench/small" "$gets" "http://127.0.0.1:$floor_port/storage/bench/small" \
        >"$work/small-get.json" || fail "small GETs"
    stop_process "$floor_pid"
    floor_pid=""
    node -e 'console.log(JSON.stringify({ mode: "small-get", ...JSON.parse(process.argv[1]) }))' "$(cat "$work/small-get.json")" >>"$results"
    say "bench: $(tail -n1 "$results")"
    unset BENCH_AUTH
fi

[[ -n ${BENCH_RESULTS:-} ]] && cp "$results" "$BENCH_RESULTS"
echo "RsResumeProxy benchmark: $(date -u +%Y-%m-%dT%H:%MZ), ${size_mb} MiB file, $reps rounds, $(nproc) cores, $build build, $staging_what, load average at the start: $load_start"
node "$here/report.mjs" "$results" "$chunk_mb"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "every proxied run verified at the sink: one PUT of the right length and SHA-256 (${sha:0:16}... for the ${size_mb} MiB file)"
