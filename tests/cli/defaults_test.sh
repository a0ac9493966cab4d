#!/usr/bin/env bash
# With no --config every subcommand behaves exactly as with configs/default.json: the same
# bytes from encode, the same mask from detect, the same rows and .smz files from batch, the
# same sizes and qualities from bench.
# Usage: defaults_test.sh SMEARPRESS_BINARY SOURCE_DIR
bin=$1
src=$2
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

def=$src/configs/default.json
in=$work/in
mkdir -p "$in/pbc" "$in/bccd"
cp "$src/samples/pbc/lymphocyte/LY_154997.jpg" "$src/samples/pbc/basophil/BA_147282.jpg" "$in/pbc/"
cp "$src/samples/bccd/BloodImage_00002.jpg" "$in/bccd/"

for img in "$in"/pbc/*.jpg "$in"/bccd/*.jpg; do
  name=$(basename "$img" .jpg)
  expect 0 "encode $name" -- "$bin" encode "$img" -o "$work/$name.builtin.smz"
  expect 0 "encode $name --config default.json" -- "$bin" encode "$img" -o "$work/$name.default.smz" --config "$def"
  cmp -s "$work/$name.builtin.smz" "$work/$name.default.smz" || fail "encode $name: built-in defaults differ from default.json"
  expect 0 "detect $name" -- "$bin" detect "$img" -o "$work/$name.builtin.png"
  expect 0 "detect $name --config default.json" -- "$bin" detect "$img" -o "$work/$name.default.png" --config "$def"
  cmp -s "$work/$name.builtin.png" "$work/$name.default.png" || fail "detect $name: built-in defaults differ from default.json"
done

# The built-in defaults are not the paper's method: its file differs.
expect 0 "encode --config seed.json" -- "$bin" encode "$in/pbc/LY_154997.jpg" -o "$work/seed.smz" --config "$src/configs/seed.json"
cmp -s "$work/seed.smz" "$work/LY_154997.builtin.smz" && fail "seed.json gives the same file as the built-in defaults"

expect 0 "batch" -- "$bin" batch --input "$in" --output "$work/b1" --jobs 1 --no-dumps
expect 0 "batch --config default.json" -- "$bin" batch --input "$in" --output "$work/b2" --jobs 1 --no-dumps --config "$def"
[ "$(wc -l <"$work/b1/results.csv")" = 4 ] || fail "batch: expected 3 rows"
[ "$(untimed "$work/b1/results.csv")" = "$(untimed "$work/b2/results.csv")" ] || fail "batch: results differ"
diff -r "$work/b1/smz" "$work/b2/smz" >/dev/null || fail "batch: .smz files differ"

# bench: every column but the timings and speeds.
untimed_bench() {
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) keep[i] = $i !~ /(_ms|_s|mps|MPs|time)/ }
           { line = ""; for (i = 1; i <= NF; i++) if (keep[i]) line = line $i ","; print line }' "$1"
}
expect 0 "bench" -- "$bin" bench --input "$in/pbc" --json "$work/n1.json" --csv "$work/n1.csv" --repeats 1
expect 0 "bench --config default.json" -- "$bin" bench --input "$in/pbc" --json "$work/n2.json" --csv "$work/n2.csv" --repeats 1 --config "$def"
[ -s "$work/n1.csv" ] || fail "bench wrote no CSV"
[ "$(untimed_bench "$work/n1.csv")" = "$(untimed_bench "$work/n2.csv")" ] || fail "bench: sizes or qualities differ"

finish
