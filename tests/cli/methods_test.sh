#!/usr/bin/env bash
# The whole-image methods end to end: the paper's base method (configs/base-paper.json) and the
# lossless mode (configs/lossless.json), on generated gray and colour images.
# Usage: methods_test.sh SMEARPRESS_BINARY SOURCE_DIR MAKE_INPUTS_BINARY
bin=$1
src=$2
make_inputs=$3
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

"$make_inputs" "$work/gen" || { echo "FAIL: make_inputs"; exit 1; }
in=$work/in
mkdir -p "$in"
for f in gray.png colour.png tiny.png one.png wide.png gray-alpha.png; do cp "$work/gen/$f" "$in/"; done

# column NAME CSV: the values of a results.csv column, one per line.
column() {
  awk -F, -v name="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; next } { print $c }' "$2"
}

# ---- base method -----------------------------------------------------------------------------
base=$src/configs/base-paper.json
expect 0 "encode, base method" -- "$bin" encode "$in/gray.png" -o "$work/b.smz" --config "$base"
expect 0 "info, base method" -- "$bin" info "$work/b.smz" --json
grep -q '"background_method": "haar-pivot-huffman"' "$work/stdout" || fail "info lacks the base method"
grep -q '"pivot_block": 3' "$work/stdout" || fail "info lacks the pivot block"
expect 0 "decode, base method" -- "$bin" decode "$work/b.smz" -o "$work/b.png"
[ -s "$work/b.png" ] || fail "base method decoded nothing"
expect 0 "batch, base method" -- "$bin" batch --config "$base" --input "$in" --output "$work/base" --no-dumps
# Rounding the coefficients costs at most one grey level per pixel: PSNR above 48 dB everywhere.
column psnr "$work/base/results.csv" | awk '$1 != "inf" && $1 < 48 { bad = 1 } END { exit bad }' ||
  fail "base method PSNR below 48 dB: $(column psnr "$work/base/results.csv" | tr '\n' ' ')"
[ "$(column roi_fraction "$work/base/results.csv" | sort -u)" = "0.000000" ] || fail "base method stored ROI pixels"

# ---- lossless -----------------------------------------------------------------------------
lossless=$src/configs/lossless.json
expect 0 "batch, lossless" -- "$bin" batch --config "$lossless" --input "$in" --output "$work/ll" --no-dumps
[ "$(column psnr "$work/ll/results.csv" | sort -u)" = "inf" ] ||
  fail "lossless is not lossless: PSNR $(column psnr "$work/ll/results.csv" | tr '\n' ' ')"
[ "$(column roi_exact "$work/ll/results.csv" | sort -u)" = "1" ] || fail "lossless: an ROI pixel differs"
[ "$(column roi_fraction "$work/ll/results.csv" | sort -u)" = "1.000000" ] || fail "lossless: not every pixel stored"
# Bit-exact through the files too: decode, encode the decoded PNG again, same .smz.
expect 0 "encode, lossless" -- "$bin" encode "$in/colour.png" -o "$work/l1.smz" --config "$lossless"
expect 0 "decode, lossless" -- "$bin" decode "$work/l1.smz" -o "$work/l1.png"
expect 0 "encode the decoded image" -- "$bin" encode "$work/l1.png" -o "$work/l2.smz" --config "$lossless"
cmp -s "$work/l1.smz" "$work/l2.smz" || fail "lossless: the decoded image encodes differently"

finish
