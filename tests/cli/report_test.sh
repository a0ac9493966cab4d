#!/usr/bin/env bash
# report.html: works offline (links only files inside OUTPUT, all present) and renders in headless
# Chromium with every image loaded. Exits 77 (skipped) when no Chromium is installed.
# Usage: report_test.sh SMEARPRESS_BINARY SOURCE_DIR
bin=$1
src=$2
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

chrome=""
for c in chromium chromium-browser google-chrome; do
  command -v "$c" >/dev/null && { chrome=$(command -v "$c"); break; }
done

in=$work/in
mkdir -p "$in/broken"
cp -r "$src/samples/pbc/." "$in/"
: >"$in/broken/empty.jpg"
echo '{"dumps": {"panels": "worst", "count": 5}}' >"$work/cfg.json"
expect 3 "batch" -- "$bin" batch --config "$work/cfg.json" --input "$in" --output "$work/out" --jobs 2
out=$work/out
[ -s "$out/report.html" ] || fail "no report.html"

# Every src/href is a relative path inside OUTPUT that exists.
check_links "$out/report.html" "$out"
# 5 thumbnails + 5 panel links + the size/PSNR plot when gnuplot is there.
[ "$n_links" -ge 10 ] || fail "report has only $n_links links"
if command -v gnuplot >/dev/null; then
  [ -s "$out/plots/size_psnr.svg" ] || fail "gnuplot is installed but the plot is missing"
  grep -q '<svg' "$out/plots/size_psnr.svg" || fail "plot is not SVG"
fi
grep -q "broken/empty.jpg" "$out/report.html" || fail "report does not list the failed file"

if [ -z "$chrome" ]; then
  echo "no Chromium: skipping the rendering check"
  [ "$failures" = 0 ] && exit 77
  finish
fi

flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --user-data-dir="$work/profile" --hide-scrollbars
       --virtual-time-budget=10000 --window-size=1280,2000)
"$chrome" "${flags[@]}" --dump-dom "file://$out/report.html" >"$work/dom.html" 2>"$work/chrome.err" ||
  fail "chromium --dump-dom failed: $(tail -3 "$work/chrome.err")"
grep -q 'data-broken-images="0"' "$work/dom.html" ||
  fail "images failed to load: $(grep -o 'data-broken-images="[0-9]*"' "$work/dom.html" || echo 'no load event')"
images=$(grep -o 'data-images="[0-9]*"' "$work/dom.html" | grep -o '[0-9]*')
[ "${images:-0}" -ge 5 ] || fail "the rendered page has ${images:-0} images"
"$chrome" "${flags[@]}" --screenshot="$work/shot.png" "file://$out/report.html" >/dev/null 2>>"$work/chrome.err" ||
  fail "chromium --screenshot failed"
[ "$(stat -c %s "$work/shot.png" 2>/dev/null || echo 0)" -gt 50000 ] || fail "screenshot is blank or missing"
finish
