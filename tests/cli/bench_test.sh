#!/usr/bin/env bash
# `smearpress bench`: outputs, their shape, the Infinity convention, the report's links, errors.
# Usage: bench_test.sh SMEARPRESS_BINARY SOURCE_DIR
bin=$1
src=$2
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

# Two colour crops and one small gray image with odd sizes (a PGM written here).
in=$work/in
mkdir -p "$in/pbc" "$in/gray"
cp "$src/samples/pbc/lymphocyte/LY_154997.jpg" "$src/samples/pbc/basophil/BA_147282.jpg" "$in/pbc/"
{
  printf 'P5\n37 23\n255\n'
  LC_ALL=C awk 'BEGIN { for (y = 0; y < 23; y++) for (x = 0; x < 37; x++) printf "%c", (40 + 5 * x + 3 * y) % 256 }'
} >"$in/gray/odd.pgm"

expect 0 "bench" -- "$bin" bench --input "$in" --config "$src/configs/default.json" --json "$work/b.json" \
  --csv "$work/b.csv" --report "$work/rep" --repeats 1 --rd
cp "$work/stdout" "$work/table.txt"
# Not every image is a JPEG: the two peers of JPEG files are left out, with a note.
stderr_has "source-file, jxl-jpeg-transcode left out: they apply to JPEG files only, and 1 of the 3 images"
if grep -q -e "source-file" -e "jxl-jpeg-transcode" "$work/b.json" "$work/table.txt"; then
  fail "a JPEG-only peer ran on a folder with a non-JPEG"
fi
grep -q "| size vs source | size vs JXL |" "$work/table.txt" || fail "the table lacks size vs source, first of the ratios"
json=$work/b.json
[ -s "$json" ] || fail "no JSON"

# The JSON's shape: every codec, every required key; Infinity where pixels are identical.
grep -q '"images": 3,' "$json" || fail "JSON lacks \"images\": 3"
grep -q '"megapixels": ' "$json" || fail "JSON lacks megapixels"
for name in smearpress png webp-lossless jxl-lossless-e7 jp2-lossless jpeg-q90; do
  grep -q "\"name\": \"$name\"" "$json" || fail "JSON lacks codec $name"
  grep -q "^| $name " "$work/table.txt" || fail "the table lacks $name"
done
grep -q '"rd": \[' "$json" || fail "JSON lacks rd (--rd)"
if grep -q 'NaN' "$json"; then fail "JSON holds NaN"; fi
# Each codec object on one line: {"name": .., "bytes": .., ...}.
objects=$(tr -d '\n ' <"$json" | grep -oE '\{"name":"[a-z0-9-]+","bytes":[0-9]+,[^{}]*\}')
[ "$(echo "$objects" | wc -l)" = 7 ] || fail "JSON: expected 7 codec objects, found $(echo "$objects" | wc -l)"
for key in name bytes encode_mps decode_mps psnr psnr_roi psnr_bg; do
  [ "$(echo "$objects" | grep -c "\"$key\":")" = 7 ] || fail "JSON: \"$key\" is not in every codec"
done
codec_field() { echo "$objects" | grep "\"name\":\"$1\"" | grep -oE "\"$2\":[^,}]*" | cut -d: -f2; }
[ "$(codec_field smearpress psnr_roi)" = Infinity ] || fail "smearpress psnr_roi is $(codec_field smearpress psnr_roi), not Infinity"
for name in png webp-lossless jxl-lossless-e7 jp2-lossless; do
  [ "$(codec_field "$name" psnr)" = Infinity ] || fail "$name psnr is $(codec_field "$name" psnr), not Infinity"
done
case "$(codec_field jpeg-q90 psnr)" in
  Infinity | null | "") fail "jpeg-q90 psnr should be finite: $(codec_field jpeg-q90 psnr)" ;;
esac
case "$(codec_field smearpress psnr_bg)" in
  Infinity | null | "") fail "smearpress psnr_bg should be finite: $(codec_field smearpress psnr_bg)" ;;
esac
# Python's json module reads the file (Infinity included) when it is installed.
if command -v python3 >/dev/null; then
  python3 - "$json" <<'EOF' || fail "python3 rejects the JSON or its shape"
import json, math, sys
d = json.load(open(sys.argv[1]))
names = [c["name"] for c in d["codecs"]]
assert names == ["smearpress", "png", "png-9", "webp-lossless", "jxl-lossless-e7", "jp2-lossless", "jpeg-q90"], names
assert d["images"] == 3 and d["megapixels"] > 0.2
for c in d["codecs"]:
    assert c["bytes"] > 0 and c["encode_mps"] > 0 and c["decode_mps"] > 0, c
    if c["name"] not in ("smearpress", "jpeg-q90"):
        assert c["psnr"] == math.inf and c["psnr_roi"] == math.inf and c["psnr_bg"] == math.inf, c
assert d["codecs"][0]["psnr_roi"] == math.inf
assert {p["codec"] for p in d["rd"]} == {"smearpress", "jpeg", "jp2"}
assert all(p["bytes"] > 0 and math.isfinite(p["psnr_bg"]) for p in d["rd"])
EOF
fi

# CSV: a header and one row per codec, inf spelled as elsewhere in the project.
[ "$(head -1 "$work/b.csv")" = "name,bytes,size_vs_source,encode_mps,decode_mps,psnr,psnr_roi,psnr_bg,roi_dct_images,roi_vs_source_blocks" ] || fail "CSV header: $(head -1 "$work/b.csv")"
[ "$(wc -l <"$work/b.csv")" = 8 ] || fail "CSV should have 8 lines"
grep -q '^png,[0-9]*,[0-9.]*,[0-9.]*,[0-9.]*,inf,inf,inf,,$' "$work/b.csv" || fail "CSV png row: $(grep '^png' "$work/b.csv")"
# smearpress: both JPEGs' ROI in the DCT domain (the PGM has none to keep).
grep -q '^smearpress,[0-9]*,[0-9.]*,[0-9.]*,[0-9.]*,[0-9.]*,inf,[0-9.]*,2,0\.[0-9]*$' "$work/b.csv" || fail "CSV smearpress row: $(grep '^smearpress' "$work/b.csv")"

# The report links only files inside its folder, and they exist.
rep=$work/rep
[ -s "$rep/bench.html" ] || fail "no bench.html"
check_links "$rep/bench.html" "$rep"
if command -v gnuplot >/dev/null; then
  [ "$n_links" -ge 2 ] || fail "report has $n_links links, expected the speed and rd plots"
  for svg in speed_size rd_background; do
    grep -q '<svg' "$rep/plots/$svg.svg" 2>/dev/null || fail "plot $svg.svg missing or not SVG"
  done
fi
grep -q 'jxl-lossless-e7' "$rep/bench.html" || fail "report lacks the table"

# Only JPEGs: source-file and jxl-jpeg-transcode run; the source file is the size reference.
expect 0 "bench on JPEGs" -- "$bin" bench --input "$in/pbc" --json "$work/j.json" --csv "$work/j.csv" --repeats 1
for name in source-file jxl-jpeg-transcode; do
  grep -q "^| $name " "$work/stdout" || fail "the JPEG table lacks $name"
done
grep -q "jxl-jpeg-transcode rebuilds the source file byte for byte on 2 of 2 images" "$work/stdout" ||
  fail "the JPEG table lacks the rebuilt-file note"
grep -q "^| source-file .* 1.000x |.* n/a |" "$work/stdout" || fail "source-file row: $(grep '^| source-file' "$work/stdout")"
grep -q '^source-file,[0-9]*,1.0000,,[0-9.]*,inf,inf,inf,,$' "$work/j.csv" || fail "CSV source-file row: $(grep '^source-file' "$work/j.csv")"
if command -v python3 >/dev/null; then
  python3 - "$work/j.json" <<'EOF' || fail "the JPEG run's JSON"
import json, math, sys
d = json.load(open(sys.argv[1]))
c = {x["name"]: x for x in d["codecs"]}
assert list(c)[-2:] == ["source-file", "jxl-jpeg-transcode"], list(c)
f, t, s = c["source-file"], c["jxl-jpeg-transcode"], c["smearpress"]
assert f["bytes"] == d["source_bytes"] and f["size_vs_source"] == 1 and f["encode_mps"] is None, f
assert f["lossless"] and f["psnr"] == math.inf and f["decode_mps"] > 0, f
assert t["bytes"] < f["bytes"] and not t["lossless"] and t["source_rebuilt_images"] == 2, t
assert 35 < t["psnr"] < math.inf, t
assert s["roi_dct_images"] == 2 and 0 < s["roi_vs_source_blocks"] < 2, s
assert all(im["roi_domain"] == "dct" for im in d["per_image"]), d["per_image"]
assert all(im["codecs"]["source-file"]["encode_ms"] is None for im in d["per_image"])
EOF
fi

expect 0 "bench --help" -- "$bin" bench --help
grep -q -- "--repeats" "$work/stdout" || fail "bench --help lacks --repeats"

# Failures: one line on stderr, the documented statuses, no output left behind.
expect 2 "bench without --json" -- "$bin" bench --input "$in"
expect 2 "bench --repeats 0" -- "$bin" bench --input "$in" --json "$work/x.json" --repeats 0
echo '{"codec": {"quant_step": 0}}' >"$work/bad.json"
expect 2 "bench with a bad config" -- "$bin" bench --input "$in" --json "$work/x.json" --config "$work/bad.json"
expect 1 "bench on a missing folder" -- "$bin" bench --input "$work/none" --json "$work/x.json"
expect 1 "bench into a missing folder" -- "$bin" bench --input "$in" --json "$work/no/x.json"
mkdir -p "$work/broken"
echo "garbage" >"$work/broken/bad.png"
expect 1 "bench on a broken image" -- "$bin" bench --input "$work/broken" --json "$work/x.json" --repeats 1
stderr_has "bad.png"
[ ! -e "$work/x.json" ] || fail "a failed bench left an output"
finish
