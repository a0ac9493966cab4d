#!/usr/bin/env bash
# Fuzzes the .smz decoder with libFuzzer for SECONDS (default 60).
#   tools/scripts/fuzz.sh [SECONDS] [BUILD_DIR]     (FUZZ_JOBS=N sets the workers; default: all cores)
# Needs a build with -DSMEARPRESS_FUZZ=ON (Clang), e.g. `cmake --preset fuzz && cmake --build
# --preset fuzz`, or `tools/scripts/quickstart.sh sanitize`, which also runs this for 60 s.
# The corpus grows in BUILD_DIR/fuzz/corpus (seeded with small valid files from
# smearpress_make_corpus); a crash, sanitizer report, leak, timeout (10 s) or allocation above
# 4 GB stops the run with exit status 1 and leaves the input in BUILD_DIR/fuzz/artifacts/.
set -euo pipefail
seconds=${1:-60}
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${2:-$root/build-fuzz}
fuzzer=$build/tests/smearpress_decode_fuzzer
if [ ! -x "$fuzzer" ]; then
  echo "fuzz: $fuzzer not found; build it first: cmake --preset fuzz && cmake --build --preset fuzz" >&2
  exit 2
fi
dir=$build/fuzz
mkdir -p "$dir/corpus" "$dir/artifacts"
rm -rf "$dir/seeds"
"$build/tests/smearpress_make_corpus" "$dir/seeds"
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
echo "fuzz: decode_fuzzer for ${seconds} s on $jobs worker(s); corpus $dir/corpus"
# -fork runs workers in parallel and keeps going only on success; -rss_limit_mb bounds a
# legitimate 8192 x 8192 file's decode (about 2 GB) with room to spare.
status=0
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
  -fork="$jobs" -artifact_prefix="$dir/artifacts/" "$dir/corpus" "$dir/seeds" \
  >"$dir/last-run.log" 2>&1 || status=$?
tail -n 12 "$dir/last-run.log"
if [ "$status" != 0 ] || ls "$dir/artifacts/" | grep -qE '^(crash|leak|timeout|oom|slow-unit)-'; then
  echo "fuzz: FAILED (status $status); inputs in $dir/artifacts/, log $dir/last-run.log" >&2
  exit 1
fi
echo "fuzz: no findings in ${seconds} s ($(ls "$dir/corpus" | wc -l) corpus files)"
