# Helpers shared by the CLI test scripts. Source after setting $bin and $src.
set -u
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect STATUS DESCRIPTION -- COMMAND...: runs the command, checks its exit status, and for a
# failure (status 1 or 2) that stderr is exactly one line.
expect() {
  local want=$1 what=$2
  shift 3
  "$@" >"$work/stdout" 2>"$work/err"
  local got=$?
  if [ "$got" != "$want" ]; then
    fail "$what: exit $got, expected $want"; sed 's/^/  | /' "$work/err" | head -20
  elif { [ "$want" = 1 ] || [ "$want" = 2 ]; } && [ "$(wc -l <"$work/err")" != 1 ]; then
    fail "$what: stderr is not one line:"; sed 's/^/  | /' "$work/err"
  fi
}
stderr_has() { grep -q -- "$1" "$work/err" || fail "stderr lacks '$1': $(head -5 "$work/err")"; }

# CSV without the timing columns (encode_ms, decode_ms are the last two).
untimed() { awk -F, 'BEGIN{OFS=","} {NF=NF-2; print}' "$1"; }

finish() {
  if [ "$failures" != 0 ]; then
    echo "$failures check(s) failed"
    exit 1
  fi
  echo "all checks passed"
  exit 0
}
