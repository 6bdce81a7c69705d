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

# Exits 2 unless every named variable holds a positive integer (the sizes and counts the scripts
# take from the environment). The first argument names the script in the message.
require_positive_integers() {
    local script=$1 setting
    shift
    for setting in "$@"; do
        if ! [[ ${!setting} =~ ^[1-9][0-9]{0,5}$ ]]; then
            echo "${script}: ${setting} must be a positive integer, got '${!setting}'" >&2
            exit 2
        fi
    done
}

# Exits 2 unless every named command is on the PATH.
require_tools() {
    local script=$1 tool
    shift
    for tool in "$@"; do
        command -v "$tool" >/dev/null || { echo "${script}: $tool is required" >&2; exit 2; }
    done
}
