# Helpers shared by the CLI test scripts. Source after setting $bin and $src.
set -u
# Under ASan/UBSan a report must never pass for an expected failure (their default status is 1).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=99"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}exitcode=99:print_stacktrace=1"
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

# check_links HTML DIR: every src/href of HTML is a relative path inside DIR that exists (an
# offline page); sets n_links to the number of links.
check_links() {
  local html=$1 dir=$2 links link path
  links=$(grep -oE '(src|href)="[^"]*"' "$html" | sed -E 's/^(src|href)="(.*)"$/\2/')
  n_links=0
  while IFS= read -r link; do
    [ -z "$link" ] && continue
    n_links=$((n_links + 1))
    case "$link" in
      *://* | /* | *..* | data:*) fail "$html links outside $dir: $link" ;;
    esac
    path=$(printf '%b' "${link//%/\\x}")
    [ -e "$dir/$path" ] || fail "$html links a missing file: $link"
  done <<<"$links"
}

finish() {
  if [ "$failures" != 0 ]; then
    echo "$failures check(s) failed"
    exit 1
  fi
  echo "all checks passed"
  exit 0
}
