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

apt_install() {
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    # A fresh machine may have empty package lists: update once, then retry.
    if ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >/dev/null 2>&1; then
        $sudo apt-get update -qq
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
    fi
}
