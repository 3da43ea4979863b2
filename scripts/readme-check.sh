#!/usr/bin/env bash
# Runs the README's commands as a new user would, on this checkout, and fails when one of them does not work.
#
#  1. The newcomer path ("Try it"): `./minetwin demo` builds the engine on first use and runs it; while it runs,
#     the README's curl commands are sent with the planner token the demo printed; after it stops, the stored
#     history is checked with the command line (series listed, live samples stored in the last minutes).
#  2. "The command line": every `./minetwin ...` command of that section, in a scratch folder, with the README's
#     example CSV as plant-historian.csv.
#
# Every command line found in the sections "Try it", "Build and test" and "The command line" must be one this
# script runs (or, for `mvn verify`, the one .ci/run runs next); a new command in those sections that it does not
# know fails the check, so the README cannot drift from what works.
#
# Usage: scripts/readme-check.sh [--skip-newcomer] [--skip-commands]
# Environment: MINETWIN_CHECK_DIR (scratch folder, default: a new temporary one, removed on success).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readme="$repo/README.md"
run_newcomer=1
run_commands=1
for arg in "$@"; do
  case "$arg" in
    --skip-newcomer) run_newcomer=0 ;;
    --skip-commands) run_commands=0 ;;
    *) echo "readme-check: unknown option $arg (use --skip-newcomer, --skip-commands)" >&2; exit 2 ;;
  esac
done
command -v curl >/dev/null 2>&1 || { echo "readme-check: curl is needed (apt-get install curl)" >&2; exit 2; }

scratch="${MINETWIN_CHECK_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/minetwin-readme.XXXXXX")}"
mkdir -p "$scratch"
demo_pid=""
cleanup() {
  if [ -n "$demo_pid" ] && kill -0 "$demo_pid" 2>/dev/null; then kill "$demo_pid" 2>/dev/null || true; wait "$demo_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT
fail() { echo "readme-check: FAILED: $*" >&2; exit 1; }
step() { echo "readme-check: $*"; }

# ---- the README's commands, by section --------------------------------------------------------------------------
# Prints each command of a section's fenced blocks on one line (continuations joined, trailing comments dropped).
section_commands() {
  awk -v want="$1" '
    /^## / { insec = ($0 == "## " want); next }
    insec && /^```/ { inblock = !inblock; next }
    insec && inblock {
      line = $0
      if (cont != "") { sub(/^[ \t]+/, "", line); line = cont " " line; cont = "" }
      if (line ~ /\\$/) { sub(/[ \t]*\\$/, "", line); cont = line; next }
      if (line ~ /^(\.\/minetwin|curl|mvn) /) { sub(/[ \t]+#.*$/, "", line); print line }
    }' "$readme"
}
# The README's example history CSV (the block that starts with the header).
example_csv() {
  awk '/^```/ { inblock = !inblock; if (!inblock && grab) exit; next }
       inblock && /^time,twin,component,channel,value/ { grab = 1 }
       inblock && grab { print }' "$readme"
}

try_it="$(section_commands "Try it")"
build_and_test="$(section_commands "Build and test")"
command_line="$(section_commands "The command line")"
[ -n "$try_it" ] || fail "no commands found in the README's 'Try it' section"
[ -n "$command_line" ] || fail "no commands found in the README's 'The command line' section"
echo "$build_and_test" | grep -qx 'mvn verify' || fail "the README's 'Build and test' command is not 'mvn verify' (.ci/run runs that one)"
while IFS= read -r c; do
  case "$c" in
    "mvn verify") ;;
    *) fail "the README's 'Build and test' section has a command this check does not run: $c" ;;
  esac
done <<<"$build_and_test"

# ---- 1. the newcomer path ---------------------------------------------------------------------------------------
if [ "$run_newcomer" = 1 ]; then
  demo_cmd="$(echo "$try_it" | grep '^\./minetwin ' | head -1)"
  [ "$demo_cmd" = "./minetwin demo" ] || fail "the README's first command is '$demo_cmd', not './minetwin demo'"
  data="$scratch/demo"
  log="$scratch/demo.log"
  step "running the README's first command: ./minetwin demo --for 60s --no-train-models --data $data"
  started=$SECONDS
  (cd "$repo" && exec ./minetwin demo --for 60s --no-train-models --data "$data") >"$log" 2>&1 &
  demo_pid=$!
  # The first start builds the engine (about a minute) and seeds 14 days of history before the API is up.
  token=""
  deadline=$((SECONDS + 900))
  while [ -z "$token" ]; do
    kill -0 "$demo_pid" 2>/dev/null || { tail -40 "$log" >&2; fail "the demo exited before printing its tokens (log above)"; }
    [ $SECONDS -lt $deadline ] || { tail -40 "$log" >&2; fail "no tokens after 15 minutes (log above)"; }
    token="$(sed -n 's/^  planner  *\([A-Za-z0-9_-]\{20,\}\)$/\1/p' "$log" | head -1)"
    [ -n "$token" ] || sleep 1
  done
  [ -f "$data/demo-tokens.json" ] || fail "the demo printed tokens but did not write $data/demo-tokens.json"
  grep -q "\"planner\" *: *\"$token\"" "$data/demo-tokens.json" || fail "demo-tokens.json does not hold the printed planner token"
  step "tokens printed after $((SECONDS - started)) s"
  # The README's curl commands, with the printed planner token.
  n=0
  while IFS= read -r c; do
    case "$c" in
      "./minetwin demo") continue ;;
      curl\ *) ;;
      *) fail "the README's 'Try it' section has a command this check does not run: $c" ;;
    esac
    url="$(echo "$c" | grep -o 'https\?://[^ "]*' | head -1)"
    # The README names the demo's default data folder; this run's is $data.
    cacert="$(echo "$c" | sed -n 's/.*--cacert \([^ ]*\).*/\1/p')"
    tls=()
    if [ -n "$cacert" ]; then
      case "$cacert" in
        data/demo/*) cacert="$data/${cacert#data/demo/}" ;;
        *) fail "a 'Try it' curl command trusts a certificate outside data/demo/: $c" ;;
      esac
      tls=(--cacert "$cacert")
    fi
    case "$url" in https://*) [ -n "$cacert" ] || fail "an https 'Try it' curl command without --cacert: $c" ;; esac
    echo "$c" | grep -q '<planner token>' || fail "a 'Try it' curl command does not use <planner token>: $c"
    [ -n "$url" ] || fail "no URL in the README command: $c"
    body=""
    deadline=$((SECONDS + 120))
    until body="$(curl -sf "${tls[@]}" -H "Authorization: Bearer $token" "$url")"; do
      kill -0 "$demo_pid" 2>/dev/null || { tail -40 "$log" >&2; fail "the demo exited while answering $url"; }
      [ $SECONDS -lt $deadline ] || fail "$url did not answer 200 within 2 minutes of the tokens"
      sleep 1
    done
    echo "$body" | grep -q '"items"' || fail "$url answered without an items list: ${body:0:300}"
    step "ok: ${c/<planner token>/<token>}"
    n=$((n + 1))
  done <<<"$try_it"
  [ "$n" -ge 1 ] || fail "no curl command in the README's 'Try it' section"
  wait "$demo_pid" || { code=$?; demo_pid=""; tail -40 "$log" >&2; fail "./minetwin demo --for 60s exited with $code (log above)"; }
  demo_pid=""
  applied="$(sed -n 's/^demo stopped: \([0-9,]*\) samples applied.*/\1/p' "$log" | tr -d ,)"
  [ -n "$applied" ] && [ "$applied" -gt 0 ] || { tail -20 "$log" >&2; fail "the demo stopped without applying live samples"; }
  series="$(cd "$repo" && ./minetwin history series --data "$data" | wc -l)"
  [ "$series" -gt 100 ] || fail "only $series series stored in $data"
  # Live samples stored in the minutes the demo ran (not only the seeded history).
  from="$(date -u -d '-10 min' +%Y-%m-%dT%H:%M:%SZ)"
  live="$(cd "$repo" && ./minetwin history query --data "$data" --twin baiyun:shovel-01 --channel hoist-motor.winding-temp \
      --from "$from" --to "$(date -u -d '+1 min' +%Y-%m-%dT%H:%M:%SZ)" --format csv | tail -n +2 | wc -l)"
  [ "$live" -gt 10 ] || fail "only $live live samples of baiyun:shovel-01 hoist-motor.winding-temp stored in the last 10 minutes"
  step "newcomer path ok in $((SECONDS - started)) s: $applied samples applied, $series series, $live live samples of one channel"
fi

# ---- 2. the command line section ----------------------------------------------------------------------------------
if [ "$run_commands" = 1 ]; then
  work="$scratch/cli"
  mkdir -p "$work"
  # './minetwin' in the scratch folder is the checkout's launcher (it finds its own home).
  printf '#!/usr/bin/env bash\nexec %q "$@"\n' "$repo/minetwin" >"$work/minetwin"
  chmod +x "$work/minetwin"
  example_csv >"$work/plant-historian.csv"
  [ "$(wc -l <"$work/plant-historian.csv")" -ge 2 ] || fail "the README's example CSV was not found"
  while IFS= read -r c; do
    case "$c" in
      ./minetwin\ *) ;;
      *) fail "the README's 'The command line' section has a command this check does not run: $c" ;;
    esac
    step "running: $c"
    out="$scratch/cmd.out"
    t0=$SECONDS
    if ! (cd "$work" && eval "$c") >"$out" 2>&1; then
      tail -30 "$out" >&2
      fail "'$c' failed (output above)"
    fi
    case "$c" in
      *"history query"*) grep -q '95.5' "$out" || { cat "$out" >&2; fail "'$c' did not print the imported value 95.5"; } ;;
      *"history import"*--help*) grep -qi 'usage' "$out" || fail "'$c' printed no usage" ;;
      *"history import"*) grep -qi 'stored\|imported' "$out" || { cat "$out" >&2; fail "'$c' did not report what it stored"; } ;;
      *"--json"*) grep -q '^{' "$out" || grep -q '^ *{' "$out" || { tail -5 "$out" >&2; fail "'$c' printed no JSON"; } ;;
    esac
    step "ok in $((SECONDS - t0)) s"
  done <<<"$command_line"
fi

step "all README commands ran"
if [ -z "${MINETWIN_CHECK_DIR:-}" ]; then rm -rf "$scratch"; fi
