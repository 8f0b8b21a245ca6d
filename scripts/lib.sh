# Shared by the set-up scripts: install what the build needs on a Debian machine.

# ensure_pkgconfig MODULE DEBIAN-PACKAGE: install the package when pkg-config cannot find the module.
ensure_pkgconfig() {
    local module=$1 package=$2
    if ! command -v pkg-config >/dev/null 2>&1; then
        apt_install pkg-config
    fi
    if ! pkg-config --exists "$module"; then
        echo "==> pkg-config cannot find $module: installing $package" >&2
        apt_install "$package"
    fi
}

# ensure_command COMMAND DEBIAN-PACKAGE: install the package when the command is missing.
ensure_command() {
    local command=$1 package=$2
    if ! command -v "$command" >/dev/null 2>&1; then
        echo "==> $command not found: installing $package" >&2
        apt_install "$package"
    fi
}

# ensure_file PATH DEBIAN-PACKAGE: install the package when the file (a plugin, a module) is missing.
ensure_file() {
    local path=$1 package=$2
    if [ ! -e "$path" ]; then
        echo "==> $path not found: installing $package" >&2
        apt_install "$package"
    fi
}

# ensure_server_command COMMAND DEBIAN-PACKAGE: like ensure_command, for a web server whose package
# starts a service on installation (nginx on port 80, fcgiwrap's socket): the tests start their own
# instances, so the packaged one must not start. A policy-rc.d that refuses every start is in place
# during the installation (one already there is left alone); should a service start all the same,
# or the package's configuration fail because it could not (a container without init), the install
# is not fatal as long as the command is there, and a running packaged service is stopped.
ensure_server_command() {
    local command=$1 package=$2
    # /usr/sbin may not be on a user's PATH.
    if command -v "$command" >/dev/null 2>&1 || [ -x "/usr/sbin/$command" ]; then return 0; fi
    echo "==> $command not found: installing $package (without starting its service)" >&2
    apt_install_without_services "$package"
    if ! command -v "$command" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$command" ]; then
        echo "==> $command is still missing after installing $package" >&2
        return 1
    fi
    stop_packaged_service "$package"
}

# ensure_server_file PATH DEBIAN-PACKAGE: like ensure_file, for a web server's module whose package
# enables it and restarts the packaged server (libapache2-mod-authnz-external): installed the same way.
ensure_server_file() {
    local path=$1 package=$2
    if [ -e "$path" ]; then return 0; fi
    echo "==> $path not found: installing $package (without starting a service)" >&2
    apt_install_without_services "$package"
    if [ ! -e "$path" ]; then
        echo "==> $path is still missing after installing $package" >&2
        return 1
    fi
}

# apt_install_without_services PACKAGE: installs with a policy-rc.d that refuses every start.
apt_install_without_services() {
    local package=$1 sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    local policy=/usr/sbin/policy-rc.d ours=""
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\n# Written by ResetKit scripts/lib.sh during an installation: no service starts.\nexit 101\n' \
            | $sudo tee "$policy" >/dev/null
        $sudo chmod 0755 "$policy"
        ours=1
    fi
    apt_install "$package" || echo "==> installing $package reported an error (a service that could not start?)" >&2
    if [ -n "$ours" ]; then $sudo rm -f "$policy"; fi
}

# stop_packaged_service NAME: stop the service a package started (by its init script or, without
# one, by the PID in /run/NAME.pid), so that nothing of it listens (nginx on port 80).
stop_packaged_service() {
    local name=$1 sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    if [ -x "/etc/init.d/$name" ]; then
        $sudo "/etc/init.d/$name" stop >/dev/null 2>&1 || true
    fi
    if [ -r "/run/$name.pid" ]; then
        local pid
        pid=$(cat "/run/$name.pid")
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then $sudo kill "$pid" || true; fi
    fi
}

apt_install() {
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    # A fresh machine may have empty package lists: update once, then retry.
    if ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >/dev/null 2>&1; then
        $sudo apt-get update -qq
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
    fi
}
