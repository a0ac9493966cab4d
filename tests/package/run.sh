#!/usr/bin/env bash
# run.sh BUILD_DIR SOURCE_DIR WORK_DIR - installs a built smearpress into a fresh prefix under
# WORK_DIR, then configures, builds and runs tests/package (a find_package consumer) against it
# with the build's generator and compiler. Any failure ends the script with a message.
set -euo pipefail
trap 'echo "package test: FAILED (line $LINENO: $BASH_COMMAND)" >&2' ERR

if [[ $# -ne 3 ]]; then
  echo "usage: $0 BUILD_DIR SOURCE_DIR WORK_DIR" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
source=$(cd "$2" && pwd)
work=$3

# One value from the build's CMakeCache.txt (empty when absent).
cache_value() {
  sed -n "s/^$1:[A-Z]*=//p" "$build/CMakeCache.txt" | head -n 1
}

rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)
prefix=$work/prefix

echo "== install $build -> $prefix"
cmake --install "$build" --prefix "$prefix"

lib=$(cache_value CMAKE_INSTALL_LIBDIR)
lib=${lib:-lib}
inc=$(cache_value CMAKE_INSTALL_INCLUDEDIR)
inc=${inc:-include}
for f in "$lib"/libsmearpress_{codec,roi,pipeline}.a "$lib"/cmake/smearpress/smearpressConfig{,Version}.cmake \
         "$inc"/codec/codec.hpp "$inc"/roi/detect.hpp "$inc"/smearpress/{pipeline,settings,mat_bridge}.hpp; do
  if [[ ! -f $prefix/$f ]]; then
    echo "package test: $f is not installed" >&2
    exit 1
  fi
done

# The Python module, when built: installed where the build's python3 looks under the default
# prefix (its platlib path, e.g. /usr/local/lib/python3.11/dist-packages, without /usr/local),
# and importable from there.
if [[ $(cache_value SMEARPRESS_PYTHON) == ON ]]; then
  python=$(cache_value Python3_EXECUTABLE)
  pydir=$(cache_value SMEARPRESS_PYTHON_INSTALL_DIR)
  platlib=$("$python" -c 'import sysconfig; print(sysconfig.get_path("platlib"))')
  if [[ $platlib == /usr/local/* && $pydir != "${platlib#/usr/local/}" ]]; then
    echo "package test: the Python module installs into $pydir, but $python looks in $platlib" >&2
    exit 1
  fi
  for f in smearpress.pyi py.typed; do
    if [[ ! -f $prefix/$pydir/$f ]]; then
      echo "package test: $pydir/$f is not installed" >&2
      exit 1
    fi
  done
  echo "== import the installed Python module from $prefix/$pydir"
  (cd "$work" && PYTHONPATH="$prefix/$pydir" "$python" -c '
import sys, numpy, smearpress
assert smearpress.__file__.startswith(sys.argv[1]), smearpress.__file__
image = numpy.zeros((40, 48, 3), numpy.uint8)
image[10:30, 12:36] = (180, 60, 120)
back, weights = smearpress.decode(smearpress.encode(image))
assert back.shape == image.shape and weights.shape == image.shape[:2]
print("imported", smearpress.__file__)
' "$prefix/$pydir")
fi

args=(-G "$(cache_value CMAKE_GENERATOR)" -DCMAKE_BUILD_TYPE=Release
      -DCMAKE_CXX_COMPILER="$(cache_value CMAKE_CXX_COMPILER)"
      -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_FIND_PACKAGE_NO_PACKAGE_REGISTRY=ON)
if [[ $(cache_value SMEARPRESS_SANITIZE) == ON ]]; then
  # The installed libraries are instrumented; the consumer must link the sanitizer runtimes.
  args+=(-DCMAKE_CXX_FLAGS="-fsanitize=address,undefined" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined")
fi

echo "== configure $source/tests/package"
cmake -S "$source/tests/package" -B "$work/consumer" "${args[@]}"
found=$(sed -n 's/^smearpress_DIR:PATH=//p' "$work/consumer/CMakeCache.txt")
if [[ $found != "$prefix/$lib/cmake/smearpress" ]]; then
  echo "package test: smearpress found in '$found', not in the fresh prefix" >&2
  exit 1
fi

echo "== build"
cmake --build "$work/consumer"

echo "== run"
"$work/consumer/consumer"
echo "package test: OK"
