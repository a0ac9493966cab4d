#!/usr/bin/env bash
# Whole slides end to end: a tiled BigTIFF mosaic of the sample fields is encoded into a tiled
# .smz (the same bytes on 1 and 2 threads), listed by info, decoded whole (PPM and a pyramidal
# BigTIFF) and by region (equal to the same rows of the whole), measured by a batch (one row),
# refused cleanly when damaged, and an encode killed half-way leaves no output.
# Usage: slide_test.sh SMEARPRESS_BINARY SOURCE_DIR MAKE_MOSAIC_BINARY
bin=$1
src=$2
make_mosaic=$3
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

sp() { timeout 120 "$bin" "$@"; }
no_temporaries() { [ -z "$(find "$1" -name '*.tmp-*' -o -name '*.partial-*')" ] || fail "$2 left temporary files"; }
fields=$src/samples/bccd
mkdir -p "$work/in" "$work/out"
"$make_mosaic" --fields "$fields" --annotations "$fields" --width 2600 --height 1900 --tile 256 \
  -o "$work/in/mosaic.tif" --boxes "$work/mosaic.xml" || { echo "FAIL: make_mosaic"; exit 1; }

expect 0 "encode a slide" -- sp encode "$work/in/mosaic.tif" -o "$work/out/m.smz" --threads 2
grep -q "in 6 tiles of 1024x1024" "$work/stdout" || fail "encode summary: $(cat "$work/stdout")"
expect 0 "encode on one thread" -- sp encode "$work/in/mosaic.tif" -o "$work/out/m1.smz" --threads 1 -q
cmp -s "$work/out/m.smz" "$work/out/m1.smz" || fail "the tiled file depends on the thread count"
expect 0 "info" -- sp info "$work/out/m.smz"
grep -q "3 x 2 = 6 tiles of 1024 x 1024" "$work/stdout" || fail "info: $(cat "$work/stdout")"
expect 0 "info --json" -- sp info --json "$work/out/m.smz"
grep -q '"count": 6' "$work/stdout" || fail "info --json lacks the tile count"

# Whole into PPM; a full-width band by region equals the same rows of it (PPM rows are raw).
expect 0 "decode whole" -- sp decode "$work/out/m.smz" -o "$work/out/whole.ppm" -q
expect 0 "decode a region" -- sp decode "$work/out/m.smz" -o "$work/out/band.ppm" --region 0,700,2600,300
header=$(head -3 "$work/out/whole.ppm" | tr '\n' ' ')
[ "$header" = "P6 2600 1900 255 " ] || fail "whole.ppm header: $header"
body_at() { tail -c +"$(( $(head -3 "$1" | wc -c) + 1 + $2 ))" "$1" | head -c "$3"; }
cmp -s <(body_at "$work/out/whole.ppm" $((700 * 2600 * 3)) $((300 * 2600 * 3))) <(body_at "$work/out/band.ppm" 0 $((300 * 2600 * 3))) ||
  fail "a region differs from the same rows of the whole decode"
expect 0 "decode into a pyramidal BigTIFF" -- sp decode "$work/out/m.smz" -o "$work/out/m.tif" -q --weights-out "$work/out/w.tif"
[ "$(head -c 4 "$work/out/m.tif" | od -An -tx1 | tr -d ' ')" = "49492b00" ] || fail "m.tif is not a BigTIFF"
expect 0 "the decoded BigTIFF encodes again" -- sp encode "$work/out/m.tif" -o "$work/out/again.smz" -q
expect 2 "a region outside the image" -- sp decode "$work/out/m.smz" -o "$work/out/x.png" --region 2500,0,200,10
stderr_has "not inside"
expect 2 "a malformed region" -- sp decode "$work/out/m.smz" -o "$work/out/x.png" --region 1,2,3
expect 2 "BigTIFF output with PNG weights" -- sp decode "$work/out/m.smz" -o "$work/out/x.tif" --weights-out "$work/out/x.png"
[ ! -e "$work/out/x.png" ] && [ ! -e "$work/out/x.tif" ] || fail "a refused decode wrote output"

# Damage: a flipped byte inside a tile, a cut file.
cp "$work/out/m.smz" "$work/out/flip.smz"
printf '\xff' | dd of="$work/out/flip.smz" bs=1 seek=5000 conv=notrunc status=none
expect 1 "a damaged tile" -- sp decode "$work/out/flip.smz" -o "$work/out/flip.png"
stderr_has "CRC mismatch"
head -c 20000 "$work/out/m.smz" >"$work/out/cut.smz"
expect 1 "a cut file" -- sp decode "$work/out/cut.smz" -o "$work/out/cut.png"
expect 1 "info on a cut file" -- sp info "$work/out/cut.smz"
[ ! -e "$work/out/flip.png" ] && [ ! -e "$work/out/cut.png" ] || fail "a damaged file was decoded"

# A disk that fills up (a file size limit stands in for it): a clear error, no output, no temporary.
mkdir -p "$work/full"
expect 1 "encode onto a full disk" -- bash -c 'trap "" XFSZ; ulimit -f 40; exec "$@"' _ \
  "$bin" encode "$work/in/mosaic.tif" -o "$work/full/m.smz" -q
stderr_has "write failed"
expect 1 "decode onto a full disk" -- bash -c 'trap "" XFSZ; ulimit -f 400; exec "$@"' _ \
  "$bin" decode "$work/out/m.smz" -o "$work/full/m.tif" -q
stderr_has "File too large); nothing was written"
[ -z "$(ls -A "$work/full")" ] || fail "a full disk left files: $(ls "$work/full")"

# bench --slide: the exact ROI checked on every tile, regions equal to the full decode, and the
# mosaic's boxes found (the fields' WBCs are all detected by the default settings).
expect 0 "bench --slide" -- sp bench --slide "$work/in/mosaic.tif" --boxes "$work/mosaic.xml" --regions 5 \
  --json "$work/slide.json" --work "$work/bench"
json_number() {  # the number after "$2": within the object "$1" of the JSON (2-space indent)
  sed -n "/^  \"$1\": {/,/^  }/s/^ *\"$2\": \([0-9.]*\),\{0,1\}$/\1/p" "$work/slide.json"
}
[ "$(json_number exact mismatches)" = 0 ] || fail "bench --slide: exact ROI mismatches: $(json_number exact mismatches)"
[ "$(json_number exact pixels)" -gt 100000 ] || fail "bench --slide: too few exact pixels: $(json_number exact pixels)"
[ "$(json_number regions count)" = 5 ] && [ "$(json_number regions mismatches)" = 0 ] ||
  fail "bench --slide: regions: $(json_number regions count) decoded, $(json_number regions mismatches) differ"
[ "$(json_number detection recall)" = 1.0 ] || fail "bench --slide: WBC recall $(json_number detection recall)"
grep -q "ROI [0-9.]*% exact (0 mismatching pixels)" "$work/stdout" || fail "bench --slide summary: $(cat "$work/stdout")"

# A batch takes the slide as one row among images.
cp "$fields/BloodImage_00002.jpg" "$work/in/"
expect 0 "batch with a slide" -- sp batch --input "$work/in" --output "$work/batch" -j 2
rows=$(grep -c "^mosaic.tif," "$work/batch/results.csv")
[ "$rows" = 1 ] || fail "batch: $rows rows for the slide"
grep "^mosaic.tif," "$work/batch/results.csv" | grep -q ",ok," || fail "batch: the slide's row is not ok"

# An encode killed half-way leaves no output (a temporary at most), and a rerun succeeds; one
# stopped by SIGTERM removes its temporary and exits 130.
"$make_mosaic" --fields "$fields" --annotations "$fields" --width 6000 --height 6000 -o "$work/in/big.tif" \
  --boxes "$work/big.xml" || fail "make_mosaic big"
"$bin" encode "$work/in/big.tif" -o "$work/out/big.smz" --threads 1 -q &
pid=$!
sleep 1
kill -KILL $pid 2>/dev/null
wait $pid 2>/dev/null
[ ! -e "$work/out/big.smz" ] || fail "a killed encode left its output"
"$bin" encode "$work/in/big.tif" -o "$work/out/big.smz" --threads 1 -q 2>"$work/term.err" &
pid=$!
sleep 1
kill -TERM $pid 2>/dev/null
wait $pid
status=$?
[ "$status" = 130 ] || fail "SIGTERM: exit $status, expected 130: $(cat "$work/term.err")"
[ -e "$work/out/big.smz.tmp-$pid-0" ] && fail "SIGTERM left its temporary"
[ ! -e "$work/out/big.smz" ] || fail "SIGTERM left an output"
expect 0 "rerun after the kill" -- sp encode "$work/in/big.tif" -o "$work/out/big.smz" -q
no_temporaries "$work/out" "the rerun after a killed encode"
finish
