#!/usr/bin/env bash
# End-to-end checks of the smearpress command line: exit statuses, one-line errors, outputs.
# Usage: cli_test.sh SMEARPRESS_BINARY SOURCE_DIR
bin=$1
src=$2
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

img=$src/samples/pbc/lymphocyte/LY_154997.jpg

expect 0 "--version" -- "$bin" --version
grep -q "smearpress" "$work/stdout" || fail "--version output"
expect 0 "--help" -- "$bin" --help
for cmd in encode decode info detect roi-eval batch merge sweep; do
  expect 0 "$cmd --help" -- "$bin" "$cmd" --help
  grep -qi "usage" "$work/stdout" || fail "$cmd --help prints no usage"
done

expect 0 "encode" -- "$bin" encode "$img" -o "$work/a.smz" --config "$src/configs/seed.json"
[ -s "$work/a.smz" ] || fail "encode wrote no file"
expect 0 "info" -- "$bin" info "$work/a.smz"
grep -q "cr_file" "$work/stdout" || fail "info lacks cr_file"
expect 0 "info --json" -- "$bin" info "$work/a.smz" --json
grep -q '"quant_step": 60' "$work/stdout" || fail "info --json lacks quant_step"
expect 0 "decode" -- "$bin" decode "$work/a.smz" -o "$work/a.png" --weights-out "$work/w.png"
[ -s "$work/a.png" ] && [ -s "$work/w.png" ] || fail "decode outputs missing"
expect 0 "detect" -- "$bin" detect "$img" -o "$work/m.png"
[ -s "$work/m.png" ] || fail "detect wrote no mask"

# The detector's evaluation against annotations, and its debug pictures.
expect 0 "roi-eval" -- "$bin" roi-eval --images "$src/samples/bccd" --annotations "$src/samples/bccd" --config "$src/configs/default.json"
grep -q "^overall (3 images, 3 WBC boxes): recall 1.000" "$work/stdout" || fail "roi-eval overall: $(tail -1 "$work/stdout")"
expect 0 "roi-eval --json" -- "$bin" roi-eval --images "$src/samples/bccd" --annotations "$src/samples/bccd" --json
grep -q '"precision"' "$work/stdout" || fail "roi-eval --json lacks precision"
expect 1 "roi-eval without annotations" -- "$bin" roi-eval --images "$src/samples/bccd" --annotations "$work/none"
expect 0 "detect --debug" -- "$bin" detect "$src/samples/bccd/BloodImage_00002.jpg" -o "$work/m2.png" --config "$src/configs/default.json" --debug "$work/dbg"
for step in feature threshold red_cells objects roi; do
  [ -s "$work/dbg/BloodImage_00002_$step.png" ] || fail "detect --debug wrote no $step picture"
done

# Failures: one line, the right status, nothing left behind.
expect 1 "missing input" -- "$bin" encode "$work/nope.jpg" -o "$work/nope.smz"
stderr_has "nope.jpg"
[ ! -e "$work/nope.smz" ] || fail "a failed encode left an output"
: >"$work/empty.jpg"
expect 1 "empty input" -- "$bin" encode "$work/empty.jpg" -o "$work/e.smz"
stderr_has "empty file"
head -c 100 "$work/a.smz" >"$work/trunc.smz"
expect 1 "truncated .smz" -- "$bin" decode "$work/trunc.smz" -o "$work/t.png"
[ ! -e "$work/t.png" ] || fail "a failed decode left an output"
expect 1 "not an .smz" -- "$bin" info "$img"
stderr_has "not an .smz file"
echo '{"codec": {"quant_step": "sixty"}}' >"$work/bad.json"
expect 2 "bad config" -- "$bin" encode "$img" -o "$work/b.smz" --config "$work/bad.json"
stderr_has "codec.quant_step"
expect 2 "lossy decode output refused" -- "$bin" decode "$work/a.smz" -o "$work/a.jpg"
expect 2 "output over input refused" -- "$bin" encode "$img" -o "$img"
expect 2 "unknown subcommand" -- "$bin" squash "$img"
expect 2 "missing argument" -- "$bin" encode "$img"

# Batch: a good image, a broken one; exit 3, a row for each.
mkdir -p "$work/in/lymphocyte" "$work/in/junk"
cp "$img" "$work/in/lymphocyte/"
echo "garbage" >"$work/in/junk/bad.png"
expect 3 "batch with a broken file" -- "$bin" batch --config "$src/configs/seed.json" --input "$work/in" --output "$work/out" --jobs 2
[ "$(wc -l <"$work/out/results.csv")" = 3 ] || fail "results.csv should have a header and 2 rows"
grep -q "^junk/bad.png,junk,error," "$work/out/results.csv" || fail "no error row for the broken file"
grep -q "^ALL,2,1," "$work/out/summary.csv" || fail "summary ALL row: $(tail -1 "$work/out/summary.csv")"
rm "$work/in/junk/bad.png"
expect 0 "batch, all good" -- "$bin" batch --config "$src/configs/seed.json" --input "$work/in" --output "$work/out2"

finish
