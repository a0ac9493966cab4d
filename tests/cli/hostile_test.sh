#!/usr/bin/env bash
# Awkward and broken inputs end to end: images, configs and .smz files. Each gets a correct round
# trip or a one-line error with exit 1 (2 for configs), never a crash, a hang or a partial file.
# The cases and outcomes are listed in docs/ROBUSTNESS.md.
# Usage: hostile_test.sh SMEARPRESS_BINARY SOURCE_DIR MAKE_INPUTS_BINARY
bin=$1
src=$2
make_inputs=$3
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

cfg=$src/configs/default.json
in=$work/in
"$make_inputs" "$in" || { echo "FAIL: make_inputs"; exit 1; }
# Every command runs under a time limit: a hang is a failure (timeout exits 124).
sp() { timeout 60 "$bin" "$@"; }

# no_leftovers DIR WHAT: nothing but the expected files; no temporaries anywhere.
no_temporaries() { [ -z "$(find "$1" -name '*.tmp-*')" ] || fail "$2 left temporary files"; }

# png_size FILE: "WIDTH HEIGHT COLOUR_TYPE" from the PNG header.
png_size() {
  od -An -tu1 -j16 -N10 "$1" | awk '{print $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8, $10}'
}

# ---- images that cannot be encoded: exit 1, one line naming the problem, no .smz -------------
bad_image() {  # FILE EXPECTED_MESSAGE
  expect 1 "encode $1" -- sp encode "$in/$1" -o "$work/out/$1.smz" --config "$cfg"
  stderr_has "$1: $2"
  [ ! -e "$work/out/$1.smz" ] || fail "encode $1 left an .smz"
  expect 1 "detect $1" -- sp detect "$in/$1" -o "$work/out/$1.mask.png" --config "$cfg"
  [ ! -e "$work/out/$1.mask.png" ] || fail "detect $1 left a mask"
}
mkdir -p "$work/out"
bad_image empty.png "empty file"
bad_image text.jpg "not a readable image"
bad_image truncated.jpg "truncated JPEG"
bad_image truncated.png "truncated PNG"
bad_image bomb.png "image is 60000 x 60000 pixels; smearpress takes at most 65535 on a side"
no_temporaries "$work/out" "failed encodes"

# ---- images that round-trip: exit 0, the decoded PNG has the input's size and kind ------------
good_image() {  # FILE "W H COLOUR_TYPE" [NOTICE]
  local f=$1 want=$2 notice=${3:-}
  expect 0 "encode $f" -- sp encode "$in/$f" -o "$work/out/$f.smz" --config "$cfg"
  if [ -n "$notice" ]; then stderr_has "notice: .*$f: $notice"; fi
  expect 0 "decode $f" -- sp decode "$work/out/$f.smz" -o "$work/out/$f.png"
  [ "$(png_size "$work/out/$f.png")" = "$want" ] || fail "$f decodes to $(png_size "$work/out/$f.png"), expected $want"
  expect 0 "detect $f" -- sp detect "$in/$f" -o "$work/out/$f.mask.png" --config "$cfg"
}
# PNG colour types: 0 gray, 2 RGB.
good_image colour.png "48 40 2"
good_image gray.png "48 40 0"
good_image gray-alpha.png "48 40 0" "alpha channel dropped (gray + alpha input)"
good_image one.png "1 1 2"
good_image tiny.png "3 5 2"
good_image wide.png "97 1 2"
good_image rgba.png "48 40 2" "alpha channel dropped"
good_image deep16.png "48 40 2" "16-bit samples scaled to 8 bits"
good_image deep16.tif "48 40 2" "16-bit samples scaled to 8 bits"
# Converted inputs encode exactly like their 8-bit, alpha-free originals.
for f in deep16.png deep16.tif rgba.png; do
  cmp -s "$work/out/$f.smz" "$work/out/colour.png.smz" || fail "$f does not encode like colour.png"
done
cmp -s "$work/out/gray-alpha.png.smz" "$work/out/gray.png.smz" || fail "gray-alpha.png does not encode like gray.png"

# A batch over all of them: one row each, errors for the broken ones, exit 3, no partial files.
expect 3 "batch over awkward inputs" -- sp batch --config "$cfg" --input "$in" --output "$work/batch" --no-dumps
n_in=$(find "$in" -type f | wc -l)
[ "$(($(wc -l <"$work/batch/results.csv") - 1))" = "$n_in" ] || fail "batch results.csv lacks rows"
[ "$(grep -c "^[^,]*,[^,]*,error," "$work/batch/results.csv")" = 5 ] || fail "batch should report 5 errors"
for f in empty.png text.jpg truncated.jpg truncated.png bomb.png; do
  [ ! -e "$work/batch/smz/$f.smz" ] || fail "batch wrote an .smz for $f"
done
no_temporaries "$work/batch" "batch"
grep -q "notice: deep16.tif: 16-bit samples scaled to 8 bits" "$work/err" || fail "batch does not log notices"

# ---- configs: exit 2, one line naming the key path (or line:column) and what is allowed -------
bad_config() {  # DESCRIPTION JSON EXPECTED...
  local what=$1 json=$2
  shift 2
  printf '%s' "$json" >"$work/c.json"
  expect 2 "config: $what" -- sp encode "$in/tiny.png" -o "$work/c.smz" --config "$work/c.json"
  for want in "$@"; do stderr_has "$want"; done
  [ ! -e "$work/c.smz" ] || fail "config $what: an .smz was written"
}
bad_config "unknown key" '{"codec": {"quant_stp": 60}}' "unknown key 'codec.quant_stp'" "quant_step"
bad_config "wrong type" '{"codec": {"quant_step": "60"}}' "codec.quant_step: expected an integer in 1..65535" '"60" (string)'
bad_config "out of range" '{"roi": {"feather_px": 900}}' "roi.feather_px: expected an integer in 0..255"
bad_config "unknown choice" '{"roi": {"method": "magic"}}' 'roi.method: expected one of "saturation", "stain"'
bad_config "section not an object" '{"codec": 5}' "codec: expected an object with keys"
bad_config "malformed JSON" $'{\n  "codec": {\n    "quant_step": 60,\n  }\n}\n' "c.json:4:3: invalid JSON"
bad_config "not an object" '[1, 2]' "expected a JSON object at the top level"
bad_config "empty file" '' "c.json:1:1: invalid JSON"

# ---- .smz files: truncations, flipped bits, random bytes -> exit 1, one line, no output -------
expect 0 "encode a reference file" -- sp encode "$in/gray.png" -o "$work/ref.smz" --config "$cfg"
ref=$work/ref.smz
size=$(stat -c %s "$ref")
bad_smz() {  # DESCRIPTION FILE [no-info]
  expect 1 "decode $1" -- sp decode "$2" -o "$work/bad.png"
  [ ! -e "$work/bad.png" ] || { fail "decode $1 wrote an output"; rm -f "$work/bad.png"; }
  [ -n "${3:-}" ] || expect 1 "info $1" -- sp info "$2"
}
for cut in 0 1 8 9 10 17 18 30 $((size / 2)) $((size - 5)) $((size - 1)); do
  head -c "$cut" "$ref" >"$work/cut.smz"
  bad_smz "truncated to $cut bytes" "$work/cut.smz"
done
# One flipped bit in every byte (the bit varies with the offset): the CRCs catch them all.
for ((i = 0; i < size; i++)); do
  cp "$ref" "$work/flip.smz"
  byte=$(od -An -tu1 -j"$i" -N1 "$ref" | tr -d ' ')
  printf "$(printf '\\%03o' $((byte ^ (1 << (i % 8)))))" | dd of="$work/flip.smz" bs=1 seek="$i" conv=notrunc status=none
  bad_smz "bit $((i % 8)) of byte $i flipped" "$work/flip.smz" no-info
done
stderr_has "flip.smz: invalid .smz file (corrupt): section BKGD: CRC mismatch"
# Random bytes behind a valid signature and version, and with none.
for seed in 1 2 3; do
  { head -c 10 "$ref"; awk -v s="$seed" 'BEGIN{srand(s); for(i=0;i<4000;i++) printf "%c", int(rand()*256)}' LC_ALL=C; } >"$work/rand.smz"
  bad_smz "random bytes $seed" "$work/rand.smz"
  awk -v s="$seed" 'BEGIN{srand(s); for(i=0;i<4000;i++) printf "%c", int(rand()*256)}' LC_ALL=C >"$work/rand.smz"
  bad_smz "random bytes without a signature $seed" "$work/rand.smz"
done
# An unknown format version.
cp "$ref" "$work/v9.smz"
printf '\x09\x00' | dd of="$work/v9.smz" bs=1 seek=8 conv=notrunc status=none
bad_smz "version 9" "$work/v9.smz"
stderr_has "version"
no_temporaries "$work" "failed decodes"

finish
