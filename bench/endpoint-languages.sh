#!/usr/bin/env bash
# What the endpoint's languages cost a CGI request: callgrind instruction counts (repeatable on a
# shared machine) of one resetlink process per request, run directly with the meta-variables a web
# server sets, for GET /link (303), GET /forgot and POST /forgot (a known address: the answer,
# then the reset mail rendered and written to a Maildir). Each request on a one-language site and,
# when the binary knows site.languages, on an [en, de] site in English and in German
# (Accept-Language: de-CH,de;q=0.9): a request parses only its own language's strings.
# RESETLINK=path measures that binary (default: the README's static release build);
# COMPARE="name=path …" adds other binaries (an older commit's: it gets the one-language rows only,
# since it refuses site.languages).
# Usage: bench/endpoint-languages.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
. bench/lib.sh
ensure_command valgrind valgrind
if [ -z "${RESETLINK:-}" ]; then
  echo "==> building resetlink (release, static executable)" >&2
  swift build -c release --product resetlink --scratch-path .build-bench-static -Xswiftc -static-executable >/dev/null 2>&1
  RESETLINK=$(pwd)/.build-bench-static/release/resetlink
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
origin="http://127.0.0.1:8080"
write_endpoint_config "$work" "$origin" "throttle_per_hour: 100"
# The built-in templates and strings, as a deployment has them (and each binary its own).
sed -i '/^  templates: /d' "$work/resetkit.yaml"
sed 's|^site:$|site:\n  languages: [en, de]|' "$work/resetkit.yaml" > "$work/resetkit-de.yaml"
pairs=("resetlink=$RESETLINK" ${COMPARE:-})

# A binary's instruction count for one request: ENV... are the request's meta-variables.
instructions() {
  local bin=$1 config=$2 input=$3
  shift 3
  printf '%s' "$input" | env -i GATEWAY_INTERFACE=CGI/1.1 SERVER_NAME=127.0.0.1 SERVER_PORT=8080 REMOTE_ADDR=127.0.0.1 \
    "RESETLINK_CONFIG=$config" "$@" valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" 2>&1 >/dev/null \
    | sed -n 's/.*refs: *\([0-9,]*\).*/\1/p'
}
# The request's answer (for the form's cookie and proof).
run() {
  local bin=$1 config=$2
  shift 2
  env -i GATEWAY_INTERFACE=CGI/1.1 SERVER_NAME=127.0.0.1 SERVER_PORT=8080 REMOTE_ADDR=127.0.0.1 "RESETLINK_CONFIG=$config" "$@" "$bin"
}

echo "| Binary | Site | Request | Instructions (callgrind) |"
echo "|:---|:---|:---|---:|"
for pair in "${pairs[@]}"; do
  name=${pair%%=*}
  # valgrind cannot read the DWARF 5 these binaries carry: count on a copy without it.
  bin="$work/$name"
  objcopy --strip-debug "${pair#*=}" "$bin"
  rm -rf "$work/private"
  "$bin" keys new --config "$work/resetkit.yaml" >/dev/null
  "$bin" accounts add ana --email ana@example.org --config "$work/resetkit.yaml" >/dev/null
  link=$("$bin" issue --account 1 --link --config "$work/resetkit.yaml")
  token=${link##*token=}
  sites=("one language=$work/resetkit.yaml=")
  if "$bin" check --config "$work/resetkit-de.yaml" >/dev/null 2>&1; then
    sites+=("[en, de], English=$work/resetkit-de.yaml=en" "[en, de], German=$work/resetkit-de.yaml=de-CH,de;q=0.9")
  fi
  for site in "${sites[@]}"; do
    label=${site%%=*}; rest=${site#*=}; config=${rest%%=*}; accept=${rest#*=}
    headers=(); [ -n "$accept" ] && headers=("HTTP_ACCEPT_LANGUAGE=$accept")
    echo "| $name | $label | GET /link | $(instructions "$bin" "$config" "" REQUEST_METHOD=GET PATH_INFO=/link "QUERY_STRING=token=$token" "${headers[@]}") |"
    echo "| $name | $label | GET /forgot | $(instructions "$bin" "$config" "" REQUEST_METHOD=GET PATH_INFO=/forgot "${headers[@]}") |"
    page=$(run "$bin" "$config" REQUEST_METHOD=GET PATH_INFO=/forgot "${headers[@]}")
    cookie=$(printf '%s' "$page" | sed -n 's/^Set-Cookie: resetlink_form=\([^;]*\);.*/\1/p' | tr -d '\r')
    csrf=$(printf '%s' "$page" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
    lang=$(printf '%s' "$page" | sed -n 's/.*name="lang" value="\([^"]*\)".*/\1/p' | head -1)
    body="csrf=$csrf&email=ana%40example.org&username=${lang:+&lang=$lang}"
    echo "| $name | $label | POST /forgot | $(instructions "$bin" "$config" "$body" REQUEST_METHOD=POST PATH_INFO=/forgot \
      "HTTP_COOKIE=resetlink_form=$cookie" CONTENT_TYPE=application/x-www-form-urlencoded "CONTENT_LENGTH=${#body}" "${headers[@]}") |"
  done
done
echo
echo "Each row is one process; every POST row rendered and wrote one reset mail (throttle_per_hour: 100)."
