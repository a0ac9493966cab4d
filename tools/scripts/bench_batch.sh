#!/usr/bin/env bash
# Batch throughput: wall time of `smearpress batch` with --jobs 1 and --jobs 2 on the same folder,
# alternating runs, median of REPEATS each, and the speed-up measured in this one run.
# Usage: tools/scripts/bench_batch.sh SMEARPRESS INPUT_DIR [CONFIG] [REPEATS]
set -euo pipefail
bin=$1
input=$2
config=${3:-configs/default.json}
repeats=${4:-5}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

images=$(find "$input" -type f \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' -o -iname '*.tif' -o -iname '*.tiff' \) | wc -l)
declare -A times
for ((r = 0; r < repeats; r++)); do
  for j in 1 2; do
    start=$(date +%s.%N)
    status=0
    "$bin" batch --config "$config" --input "$input" --output "$out/j$j" --jobs "$j" 2>/dev/null || status=$?
    [ "$status" = 0 ] || [ "$status" = 3 ] || { echo "batch failed ($status)" >&2; exit 1; }
    end=$(date +%s.%N)
    times[$j]+="$(echo "$end - $start" | bc) "
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
t1=$(echo "${times[1]}" | median)
t2=$(echo "${times[2]}" | median)
printf 'images %d, repeats %d, config %s\n' "$images" "$repeats" "$config"
printf 'jobs 1: %.3f s (%.1f ms/image)\n' "$t1" "$(echo "1000 * $t1 / $images" | bc -l)"
printf 'jobs 2: %.3f s (%.1f ms/image)\n' "$t2" "$(echo "1000 * $t2 / $images" | bc -l)"
printf 'speed-up: %.2fx\n' "$(echo "$t1 / $t2" | bc -l)"
