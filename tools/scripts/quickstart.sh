#!/usr/bin/env bash
# smearpress quick start for Debian 12: installs what is missing, builds, then
#   demo  - compresses samples/ with configs/default.json and says where the results are
#   test      - runs the whole test suite (Release build)
#   sanitize  - builds with Clang, AddressSanitizer + UBSan and libFuzzer (preset 'fuzz', in
#               build-fuzz/), runs the whole test suite there, then fuzzes the decoder for 60 s
# Usage: tools/scripts/quickstart.sh demo|test|sanitize
set -euo pipefail

mode=${1:-}
case "$mode" in
  demo | test | sanitize) ;;
  *) echo "usage: $0 demo|test|sanitize" >&2; exit 2 ;;
esac

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

# Debian 12 packages the build, the demo and the tests need (nothing is downloaded at build time).
packages=(
  g++ make cmake pkg-config ninja-build
  libopencv-dev libjpeg-dev libfmt-dev nlohmann-json3-dev libcli11-dev catch2
  gnuplot-nox   # plots in report.html
  libjxl-dev libwebp-dev libopenjp2-7-dev   # the peer codecs of 'smearpress bench'
  libtiff-dev libopenslide-dev   # whole slides: TIFF / BigTIFF and the vendor formats (tools/slide)
  pybind11-dev python3-dev python3-numpy python3-pytest   # the Python module and its tests (docs/PYTHON.md)
)
# The tests also render report.html in headless Chromium.
[ "$mode" != demo ] && packages+=(chromium)
# tests/slurm/slurm_test.sh starts a single-node Slurm (munged, slurmctld, slurmd) of its own.
[ "$mode" = test ] && packages+=(slurm-wlm munge)
# Clang with its sanitizer and libFuzzer runtimes; llvm-14 for symbolised reports.
[ "$mode" = sanitize ] && packages+=(clang libclang-rt-dev llvm-14)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "quickstart: installing ${missing[*]}"
  if [ "$(id -u)" = 0 ]; then
    sudo=()
  elif command -v sudo >/dev/null; then
    sudo=(sudo)
  else
    echo "quickstart: need root or sudo to run: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -q
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

jobs=$(nproc 2>/dev/null || echo 2)

if [ "$mode" = sanitize ]; then
  export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
  cmake --preset fuzz
  cmake --build --preset fuzz -j "$jobs"
  ctest --preset fuzz -j "$jobs"
  exec "$root/tools/scripts/fuzz.sh" 60
fi

build=${SMEARPRESS_BUILD_DIR:-build}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSMEARPRESS_WARNINGS_AS_ERRORS=ON
cmake --build "$build" -j "$jobs"

if [ "$mode" = demo ]; then
  out=results/samples
  status=0
  "$build/tools/smearpress" batch --config configs/default.json --input samples --output "$out" || status=$?
  echo
  cat "$out/summary.md"
  echo
  echo "Report:  $root/$out/report.html (open it in a browser)"
  echo "Results: $root/$out/results.csv (one row per image), summary.csv and summary.md (per class),"
  echo "         compressed files in $root/$out/smz/, comparison panels in $root/$out/panels/"
  exit $status
fi

ctest --test-dir "$build" --output-on-failure -j "$jobs"
