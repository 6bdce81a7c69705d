# Helpers shared by bench/run.sh and bench/scale-out.sh (sourced, not run).

# Stops a process politely (TERM), then firmly (KILL) after about 5 s. An empty pid is a no-op.
stop_process() {
    local pid=$1
    [[ -n $pid ]] || return 0
    kill -TERM "$pid" 2>/dev/null || return 0
    for _ in $(seq 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

say() { printf '%s\n' "$*" >&2; }

# A free loopback port: bind port 0, read what the kernel picked, let it go.
free_port() {
    node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
