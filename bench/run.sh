#!/usr/bin/env bash
# Throughput and memory of resumable uploads through the proxy, against a plain PUT of the same
# file to the same sink in the same run. See bench/README.md.
#
#   bench/run.sh
#
# Settings (environment):
#   BENCH_SIZE_MB   size of the uploaded file in MiB (default 1024)
#   BENCH_REPS      rounds; each round runs every mode once, in rotated order (default 3)
#   BENCH_CHUNK_MB  PATCH size of the chunked mode in MiB (default 8)
#   BENCH_WORKDIR   where the file and the staging directory go (default <repo>/.work); must be a
#                   real disk, not tmpfs, or the staging fsync measures nothing
#   BENCH_RESULTS   also copy the per-run JSON lines to this file (optional)
#   BENCH_STAGING   disk (default) or s3: stage in a bucket of a moto_server the script starts
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
size_mb=${BENCH_SIZE_MB:-1024}
reps=${BENCH_REPS:-3}
chunk_mb=${BENCH_CHUNK_MB:-8}
workdir=${BENCH_WORKDIR:-$root/.work}
staging=${BENCH_STAGING:-disk}
require_positive_integers bench size_mb reps chunk_mb
require_tools bench dotnet node sha256sum dd
case $staging in
    disk) ;;
    s3) require_tools bench moto_server ;;
    *) echo "bench: BENCH_STAGING must be disk or s3, got '$staging'" >&2; exit 2 ;;
esac

mkdir -p "$workdir"
work=$(mktemp -d "$workdir/bench.XXXXXX")
sink_pid=""
proxy_pid=""
moto_pid=""
cleanup() {
    stop_process "$proxy_pid"
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

say "bench: building the proxy (Release)"
dotnet build -c Release "$root/Proxy/Proxy.csproj" -nologo -v quiet >"$work/build.log" 2>&1 \
    || { cat "$work/build.log" >&2; fail "build"; }
proxy_dll=$root/Proxy/bin/Release/net10.0/RsResumeProxy.dll
[[ -f $proxy_dll ]] || fail "no $proxy_dll after the build"

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
head -c $((4 * 1024 * 1024)) /dev/urandom >"$warm_file"
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
fi
verify_sink warm-up /storage/bench/warmup "$warm_bytes" "$warm_sha"

results=$work/results.jsonl
: >"$results"

# One measured run. Proxied modes get a fresh proxy process (fresh staging and state directories),
# warmed up by a 4 MiB upload in 1 MiB PATCHes before its idle RSS is read and the clock starts,
# so that every run starts from the same idle memory and its peak RSS is its own.
run_mode() {
    local mode=$1 rep=$2 path=/storage/bench/doc-$1-$2
    local client idle="null" peak="null" commit_ms="null"
    case $mode in
        baseline)
            client=$(node "$here/client.mjs" put "$sink$path" "$source_file") || fail "$mode: client"
            verify_sink "$mode" "$path"
            ;;
        disk)
            # What the staging disk alone does with the same bytes: write them, then one fsync.
            mkdir -p "$work/disk"
            local started ended
            started=$(date +%s.%N)
            dd if="$source_file" of="$work/disk/copy.bin" bs=64K conv=fsync status=none
            ended=$(date +%s.%N)
            rm -f "$work/disk/copy.bin"
            client=$(node -e 'console.log(JSON.stringify({bytes:+process.argv[1],seconds:process.argv[3]-process.argv[2],requests:0}))' \
                "$bytes" "$started" "$ended")
            ;;
        tus-one | tus-chunked)
            local data=$work/proxy-$mode-$rep port chunk=0
            mkdir -p "$data"
            port=$(free_port)
            dotnet "$proxy_dll" --urls "http://127.0.0.1:$port" --Backend:Address="$sink" \
                --ResumableUploads:StagingDirectory="$data/staging" --ResumableUploads:StateDirectory="$data/state" \
                --ResumableUploads:MaxUploadSize=0 "${staging_args[@]}" >"$data/proxy.log" 2>&1 &
            proxy_pid=$!
            wait_for "http://127.0.0.1:$port/" || { cat "$data/proxy.log" >&2; fail "$mode: the proxy did not start"; }
            BENCH_AUTH="Bearer bench" node "$here/client.mjs" tus "http://127.0.0.1:$port$path-warmup" "$warm_file" $((1024 * 1024)) >/dev/null \
                || { tail -n 20 "$data/proxy.log" >&2; fail "$mode: warm-up upload"; }
            verify_sink "$mode warm-up" "$path-warmup" "$warm_bytes" "$warm_sha"
            idle=$(memory_kib "$proxy_pid" VmRSS)
            [[ $mode == tus-chunked ]] && chunk=$((chunk_mb * 1024 * 1024))
            client=$(BENCH_AUTH="Bearer bench" node "$here/client.mjs" tus "http://127.0.0.1:$port$path" "$source_file" "$chunk") \
                || { tail -n 20 "$data/proxy.log" >&2; fail "$mode: client"; }
            peak=$(memory_kib "$proxy_pid" VmHWM)
            stop_process "$proxy_pid"
            proxy_pid=""
            commit_ms=$(grep -o 'commit Accepted with [0-9]* ([0-9]* bytes, [0-9.]* ms)' "$data/proxy.log" \
                | tail -n1 | sed -E 's/.*, ([0-9.]+) ms\)/\1/')
            [[ -n $commit_ms ]] || commit_ms=null
            verify_sink "$mode" "$path"
            rm -rf "$data"
            ;;
    esac
    node -e '
        const r = JSON.parse(process.argv[1]);
        const num = (s) => (s === "null" ? null : Number(s));
        console.log(JSON.stringify({ mode: process.argv[2], rep: +process.argv[3], bytes: r.bytes, seconds: r.seconds,
            requests: r.requests, idleRssKiB: num(process.argv[4]), peakRssKiB: num(process.argv[5]), commitMs: num(process.argv[6]) }));
    ' "$client" "$mode" "$rep" "$idle" "$peak" "$commit_ms" >>"$results"
    say "bench: round $rep $(tail -n1 "$results")"
}

modes=(baseline tus-one tus-chunked)
# dd into the staging directory says nothing about a bucket.
[[ $staging == disk ]] && modes+=(disk)
say "bench: $reps rounds of ${modes[*]} (order rotates each round), ${chunk_mb} MiB PATCHes, $staging_what"
for ((rep = 1; rep <= reps; rep++)); do
    for ((i = 0; i < ${#modes[@]}; i++)); do
        run_mode "${modes[(i + rep - 1) % ${#modes[@]}]}" "$rep"
    done
done

[[ -n ${BENCH_RESULTS:-} ]] && cp "$results" "$BENCH_RESULTS"
echo "RsResumeProxy upload benchmark: $(date -u +%Y-%m-%dT%H:%MZ), ${size_mb} MiB file, $reps rounds, $(nproc) cores, $staging_what"
node "$here/report.mjs" "$results" "$chunk_mb"
echo "every run verified at the sink: one PUT, $bytes bytes, sha256 ${sha:0:16}..."
