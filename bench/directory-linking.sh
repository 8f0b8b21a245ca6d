#!/usr/bin/env bash
# How libldap is linked (issue 18, docs/performance.md "Directory write-back: how libldap is linked").
# In one run, by median, next to a trivial C program:
#  (a) `resetlink verify` as the README builds it (-static-executable, no libldap);
#  (b0) resetlink built --static-swift-stdlib (what an in-process libldap would force: Debian's libldap
#       and its TLS stack are shared libraries only);
#  (b) the same with libldap and liblber linked dynamically (--no-as-needed: the loader maps them and
#      their dependencies, GnuTLS, SASL, p11-kit…, as a real reference would make it);
#  (c) resetlink-directory, the separate executable (--static-swift-stdlib, libldap dynamic): its
#      start-up to the first network call, and a whole password write against a slapd on 127.0.0.1
#      (ldaps://, the ppolicy overlay, the bind, the search, the Password Modify, the read-back).
# Plus callgrind instruction counts of one run of each. Builds into .build-bench-*/.
# Usage: bench/directory-linking.sh [RUNS]   (default 300; the writes run RUNS/3 times)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
. bench/lib.sh
ensure_pkgconfig ldap libldap-dev
ensure_server_command slapd slapd
ensure_command ldapwhoami ldap-utils
ensure_command hyperfine hyperfine
ensure_command gcc gcc
ensure_command openssl openssl
runs=${1:-300}
writes=$((runs / 3))
root=$(pwd)

echo "==> building the release variants (minutes the first time)" >&2
swift build -c release --product resetlink --scratch-path .build-bench-static -Xswiftc -static-executable >/dev/null 2>&1
swift build -c release --product resetlink --scratch-path .build-bench-static-stdlib --static-swift-stdlib >/dev/null
swift build -c release --product resetlink --scratch-path .build-bench-ldap-linked --static-swift-stdlib \
  -Xlinker --no-as-needed -Xlinker -lldap -Xlinker -llber >/dev/null
swift build -c release --product resetlink-directory --scratch-path .build-bench-directory --static-swift-stdlib >/dev/null
static=$root/.build-bench-static/release/resetlink
stdlib=$root/.build-bench-static-stdlib/release/resetlink
linked=$root/.build-bench-ldap-linked/release/resetlink
directory=$root/.build-bench-directory/release/resetlink-directory
readelf -d "$linked" | grep -q 'libldap' || { echo "the libldap variant does not load libldap" >&2; exit 1; }
if readelf -d "$static" | grep -q NEEDED; then echo "resetlink is not a static executable" >&2; exit 1; fi

work=$(mktemp -d)
slapd_pid=""
trap '[ -n "$slapd_pid" ] && kill -9 "$slapd_pid" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"
printf '#include <stdio.h>\nint main(void) { puts("ok"); return 0; }\n' > trivial.c
gcc -O2 -o trivial trivial.c

# resetlink's state: a keyring and a JSON state file, as bench/resetlink-startup.sh.
printf 'reset:\n  keyring: %s/keyring.json\n' "$work" > resetkit.yaml
printf '{"accounts": [{"id": 42, "password_hash": "", "email": "ana@example.org", "source": "local", "status": "active"}]}\n' > accounts.json
"$static" keys new --config resetkit.yaml >/dev/null
token=$("$static" issue --config resetkit.yaml --account 42 --state-file accounts.json)
for bin in "$static" "$stdlib" "$linked"; do
  "$bin" verify --config resetkit.yaml --state-file accounts.json -- "$token" >/dev/null || { echo "$bin: no valid token" >&2; exit 1; }
done

# slapd on 127.0.0.1: ldaps:// with a test CA, ppolicy with a default policy without history (the
# same password is written again and again), the service account with write access to userPassword.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.pem -days 2 -subj "/CN=bench CA" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout server.key -out server.csr -subj "/CN=127.0.0.1" 2>/dev/null
echo "subjectAltName=IP:127.0.0.1" > san.cnf
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile san.cnf 2>/dev/null
mkdir db
cat > slapd.conf <<CONF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload ppolicy
pidfile $work/slapd.pid
TLSCACertificateFile $work/ca.pem
TLSCertificateFile $work/server.pem
TLSCertificateKeyFile $work/server.key
database mdb
suffix "dc=example,dc=org"
rootdn "cn=admin,dc=example,dc=org"
directory $work/db
maxsize 10485760
overlay ppolicy
ppolicy_default "cn=default,dc=example,dc=org"
access to attrs=userPassword by dn.exact="cn=resetkit,dc=example,dc=org" write by anonymous auth by * none
access to * by * read
CONF
cat > data.ldif <<LDIF
dn: dc=example,dc=org
objectClass: dcObject
objectClass: organization
o: Example
dc: example

dn: cn=default,dc=example,dc=org
objectClass: pwdPolicy
objectClass: device
cn: default
pwdAttribute: userPassword
pwdMinLength: 12
pwdCheckQuality: 2

dn: cn=resetkit,dc=example,dc=org
objectClass: person
cn: resetkit
sn: service
userPassword: bench service secret

dn: uid=ana,dc=example,dc=org
objectClass: inetOrgPerson
uid: ana
cn: Ana
sn: Lima
userPassword: ana first password
LDIF
slapadd -f slapd.conf -l data.ldif >/dev/null 2>&1
port=$(free_port)
/usr/sbin/slapd -f slapd.conf -h "ldaps://127.0.0.1:$port/" -d 0 >slapd.log 2>&1 &
slapd_pid=$!
disown "$slapd_pid"
umask 077
printf 'bench service secret\n' > secret
printf 'the benchmark password 1\n' > password
write=("$directory" --url "ldaps://127.0.0.1:$port" --ca-file "$work/ca.pem" --bind-dn cn=resetkit,dc=example,dc=org
       --secret-file "$work/secret" --base-dn dc=example,dc=org --filter "(uid={username})" --kind rfc3062 --username ana)
for _ in $(seq 50); do "${write[@]}" < password >/dev/null 2>&1 && break; sleep 0.1; done
"${write[@]}" < password | grep -q '^changed ' || { echo "resetlink-directory does not write: $(cat slapd.log)" >&2; exit 1; }
# Start-up to the first network call: the options parsed, then plain ldap:// refused (exit 2).
startup=("$directory" --url ldap://127.0.0.1:1 --bind-dn cn=x --secret-file "$work/secret" --base-dn dc=x --filter "(uid={username})"
         --kind rfc3062 --username ana)

echo "==> hyperfine, $runs runs each (writes: $writes)" >&2
hyperfine -N --warmup 20 --runs "$runs" --export-json times.json \
  -n "C trivial" ./trivial \
  -n "(a) resetlink verify, -static-executable" "$static verify --config resetkit.yaml --state-file accounts.json -- $token" \
  -n "(b0) resetlink verify, --static-swift-stdlib" "$stdlib verify --config resetkit.yaml --state-file accounts.json -- $token" \
  -n "(b) resetlink verify, --static-swift-stdlib + libldap" "$linked verify --config resetkit.yaml --state-file accounts.json -- $token" \
  -n "(c) resetlink-directory start-up (exit 2 before connecting)" "$(printf '%q ' "${startup[@]}")" \
  -i >/dev/null
# A write reads its password on standard input: through hyperfine's shell, whose own start-up it subtracts.
hyperfine --warmup 5 --runs "$writes" --export-json writes.json \
  -n "(c) resetlink-directory, one whole write (ldaps, bind, search, Password Modify, read-back)" \
  "$(printf '%q ' "${write[@]}") < $work/password > /dev/null" >/dev/null

instructions() {
  # valgrind cannot read the DWARF 5 these binaries carry: count on a copy without it.
  objcopy --strip-debug "$1" "$work/stripped"
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$work/stripped" "${@:2}" 2>&1 >/dev/null </dev/null \
    | sed -n 's/.*refs: *\([0-9,]*\).*/\1/p'
}
if command -v valgrind >/dev/null; then
  echo "==> callgrind" >&2
  {
    echo "C trivial	$(instructions ./trivial)"
    echo "(a) resetlink verify, -static-executable	$(instructions "$static" verify --config resetkit.yaml --state-file accounts.json -- "$token")"
    echo "(b0) resetlink verify, --static-swift-stdlib	$(instructions "$stdlib" verify --config resetkit.yaml --state-file accounts.json -- "$token")"
    echo "(b) resetlink verify, --static-swift-stdlib + libldap	$(instructions "$linked" verify --config resetkit.yaml --state-file accounts.json -- "$token")"
    echo "(c) resetlink-directory start-up	$(instructions "${startup[@]}")"
    objcopy --strip-debug "$directory" "$work/stripped"
    echo "(c) resetlink-directory, one whole write	$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$work/stripped" "${write[@]:1}" \
      2>&1 >/dev/null < password | sed -n 's/.*refs: *\([0-9,]*\).*/\1/p')"
  } > instructions.tsv
fi

python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
results = json.load(open(f"{work}/times.json"))["results"] + json.load(open(f"{work}/writes.json"))["results"]
floor = results[0]["median"]
print("| Process (release) | Median [ms] | Median / C | CPU mean [ms] |")
print("|:---|---:|---:|---:|")
for r in results:
    print(f"| {r['command']} | {r['median'] * 1000:.2f} | {r['median'] / floor:.2f} | {(r['user'] + r['system']) * 1000:.2f} |")
try:
    counts = [line.rstrip("\n").split("\t") for line in open(f"{work}/instructions.tsv")]
except FileNotFoundError:
    counts = []
if counts:
    print()
    print("| Program, one run | Instructions (callgrind) |")
    print("|:---|---:|")
    for what, count in counts:
        print(f"| {what} | {count} |")
PY
for bin in "$static" "$stdlib" "$linked" "$directory"; do
  echo "$(basename "$(dirname "$(dirname "$bin")")"): $(stat -c %s "$bin") bytes, $(readelf -d "$bin" | grep -c NEEDED) shared libraries named, $(ldd "$bin" 2>/dev/null | grep -c '=>') loaded"
done
cat /proc/loadavg
