"""The smearpress Python module against the command-line tool: the same bytes and pixels, errors
as exceptions, flat memory over many calls, and compression in parallel threads."""
import json
import os
import random
import resource
import sys
import threading
import time

import numpy as np
import pytest

import smearpress
from conftest import CLI, SOURCE_DIR, cli_output, read_pnm, run_cli, sample_jpegs, write_pnm

CONFIGS = {
    "default": None,
    "seed": SOURCE_DIR / "configs" / "seed.json",
    "dict": {"roi": {"feather_px": 5}, "codec": {"quant_step": 60, "chroma_step": 90}},
    "tiled": {"codec": {"tile": 256}},  # a BCCD field (640 x 480) becomes 3 x 2 tiles
}


def cli_config(tmp_path, config):
    """The --config arguments for the CLI that mean `config` to the module."""
    if config is None:
        return []
    if isinstance(config, dict):
        path = tmp_path / "config.json"
        path.write_text(json.dumps(config))
        return ["--config", path]
    return ["--config", config]


def cli_encode(tmp_path, image, config):
    pnm = tmp_path / ("in.ppm" if image.ndim == 3 else "in.pgm")
    write_pnm(pnm, image)
    run_cli("encode", pnm, "-o", tmp_path / "cli.smz", "-q", *cli_config(tmp_path, config))
    return (tmp_path / "cli.smz").read_bytes()


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_encode_matches_cli(tmp_path, fields, name):
    for stem, image in fields.items():
        assert smearpress.encode(image, CONFIGS[name]) == cli_encode(tmp_path, image, CONFIGS[name]), stem


def test_encode_takes_any_strides_and_gray(tmp_path, fields):
    image = next(iter(fields.values()))
    for view in (image[::-1, ::2], np.asfortranarray(image), image[:, :, 1], image[10:90, 20:120, 2]):
        assert smearpress.encode(view) == cli_encode(tmp_path, view, None)
    assert smearpress.encode(image, str(CONFIGS["seed"])) == smearpress.encode(image, CONFIGS["seed"])


@pytest.mark.parametrize("name", ["default", "tiled"])
def test_decode_matches_cli(tmp_path, fields, name):
    for stem, image in fields.items():
        data = cli_encode(tmp_path, image, CONFIGS[name])
        run_cli("decode", tmp_path / "cli.smz", "-o", tmp_path / "out.ppm", "--weights-out", tmp_path / "w.pgm", "-q")
        decoded, weights = smearpress.decode(data)
        assert np.array_equal(decoded, read_pnm(tmp_path / "out.ppm")), stem
        assert np.array_equal(weights, read_pnm(tmp_path / "w.pgm")), stem
        assert decoded.shape == image.shape and weights.dtype == np.uint8


@pytest.mark.parametrize("name", ["default", "tiled"])
def test_decode_region_matches_cli(tmp_path, fields, name):
    image = fields["BloodImage_00002"]  # 640 x 480; tiled: 3 x 2 tiles of 256
    data = cli_encode(tmp_path, image, CONFIGS[name])
    whole, whole_weights = smearpress.decode(data)
    for x, y, w, h in [(0, 0, 640, 480), (200, 150, 120, 200), (250, 250, 12, 12), (639, 479, 1, 1)]:
        run_cli("decode", tmp_path / "cli.smz", "-o", tmp_path / "r.ppm", "--weights-out", tmp_path / "rw.pgm",
                "--region", f"{x},{y},{w},{h}", "-q")
        for source in (data, tmp_path / "cli.smz", str(tmp_path / "cli.smz")):
            region, weights = smearpress.decode_region(source, x, y, w, h)
            assert np.array_equal(region, read_pnm(tmp_path / "r.ppm")), (x, y, w, h)
            assert np.array_equal(weights, read_pnm(tmp_path / "rw.pgm")), (x, y, w, h)
            assert np.array_equal(region, whole[y:y + h, x:x + w])
            assert np.array_equal(weights, whole_weights[y:y + h, x:x + w])
    for bad in [(0, 0, 641, 480), (-1, 0, 10, 10), (600, 400, 50, 10), (0, 0, 0, 5)]:
        with pytest.raises(ValueError, match="not inside the 640x480 image"):
            smearpress.decode_region(data, *bad)
    with pytest.raises(smearpress.Error):
        smearpress.decode_region(data[: len(data) // 2], 0, 0, 8, 8)
    with pytest.raises(OSError):
        smearpress.decode_region(tmp_path / "missing.smz", 0, 0, 8, 8)
    if name == "tiled":  # only the tiles a region touches are read: damage to tile 0 spares the others
        damaged = bytearray(data)
        damaged[58 + 20] ^= 0x40  # the first tile follows the 58-byte prefix (codec/tiled.hpp)
        (tmp_path / "damaged.smz").write_bytes(damaged)
        with pytest.raises(smearpress.Error):
            smearpress.decode(damaged)
        with pytest.raises(smearpress.Error):
            smearpress.decode_region(tmp_path / "damaged.smz", 0, 0, 8, 8)
        region, _ = smearpress.decode_region(tmp_path / "damaged.smz", 520, 300, 100, 100)
        assert np.array_equal(region, whole[300:400, 520:620])


@pytest.mark.parametrize("name", ["default", "tiled"])
def test_info_matches_cli(tmp_path, fields, name):
    image = fields["BloodImage_00002"]
    data = cli_encode(tmp_path, image, CONFIGS[name])
    expected = json.loads(cli_output("info", "--json", tmp_path / "cli.smz"))
    del expected["file"]
    assert smearpress.info(data) == expected
    assert smearpress.info(bytearray(data)) == smearpress.info(memoryview(data))
    assert smearpress.info(tmp_path / "cli.smz") == expected == smearpress.info(str(tmp_path / "cli.smz"))
    with pytest.raises(OSError):
        smearpress.info(tmp_path / "missing.smz")


def test_encode_file_matches_cli_for_jpegs(tmp_path):
    for jpeg in sample_jpegs():
        run_cli("encode", jpeg, "-o", tmp_path / "cli.smz", "-q")
        data = smearpress.encode_file(jpeg)
        assert data == (tmp_path / "cli.smz").read_bytes(), jpeg.name
        assert smearpress.info(data)["roi_domain"] == json.loads(cli_output("info", "--json", tmp_path / "cli.smz"))["roi_domain"]
    with pytest.raises(OSError):
        smearpress.encode_file(tmp_path / "missing.jpg")


def test_detect_gives_the_encoders_roi(fields):
    image = fields["BloodImage_00002"]
    mask = smearpress.detect(image)
    assert mask.shape == image.shape[:2] and mask.dtype == np.uint8
    assert set(np.unique(mask)) <= {0, 255} and mask.any()
    assert np.count_nonzero(mask) == smearpress.info(smearpress.encode(image))["roi_pixels"]


def test_memory_stays_flat_over_2000_round_trips(fields):
    crop = fields["BA_147282"]  # a whole PBC field, 360 x 363
    def peak_after(n):
        for _ in range(n):
            smearpress.decode(smearpress.encode(crop))
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    first = peak_after(500)
    peak_after(1000)
    last = peak_after(500)
    print(f"2000 round trips of {crop.shape[1]}x{crop.shape[0]} in {time.perf_counter() - start:.1f} s; peak RSS {first} -> {last} KiB "
          f"({last / first:.3f}x)", file=sys.stderr)
    assert last <= 1.10 * first


def test_damaged_data_raises_error():
    crop = np.zeros((270, 300, 3), np.uint8)  # 2 x 2 tiles of 256
    crop[10:30, 12:40] = (180, 60, 170)
    tiled = smearpress.encode(crop, {"codec": {"tile": 256}})
    assert smearpress.info(tiled)["tiles"]["count"] == 4
    for data in (smearpress.encode(crop), tiled):
        for length in range(len(data)):
            with pytest.raises(smearpress.Error):
                smearpress.decode(data[:length])
            with pytest.raises(smearpress.Error):
                smearpress.info(data[:length])
            with pytest.raises(smearpress.Error):
                smearpress.decode_region(data[:length], 0, 0, 8, 8)
        rng = random.Random(15)
        for _ in range(500):
            flipped = bytearray(data)
            flipped[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
            with pytest.raises(smearpress.Error):
                smearpress.decode(flipped)


@pytest.mark.parametrize("image", [np.zeros((8, 8, 3), np.float32), np.zeros((8, 8, 4), np.uint8),
                                   np.zeros((0, 8, 3), np.uint8), np.zeros((8,), np.uint8), [[1, 2], [3, 4]]])
def test_bad_arrays_raise_value_error(image):
    with pytest.raises(ValueError):
        smearpress.encode(image)
    with pytest.raises(ValueError):
        smearpress.detect(image)


@pytest.mark.parametrize("config", [{"codec": {"quant_step": -1}}, {"nope": 1}, {"codec": {"tile": 100}},
                                    "/nonexistent/config.json"])
def test_bad_configs_raise_value_error(config):
    with pytest.raises(ValueError):
        smearpress.encode(np.zeros((8, 8, 3), np.uint8), config)


def own_cpu():
    use = resource.getrusage(resource.RUSAGE_SELF)
    return use.ru_utime + use.ru_stime


def machine_cpu():
    """CPU seconds all processes have used, plus steal (all but idle and iowait), from /proc/stat."""
    with open("/proc/stat") as f:
        user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in f.readline().split()[1:9])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def cpu_seconds_of_others(own_before, machine_before):
    """CPU seconds other processes (and the hypervisor, as steal) took since the two readings, from
    /proc/stat: for the failure message, so a ratio spoiled by a busy machine says so."""
    return machine_cpu() - machine_before - (own_cpu() - own_before)


def test_set_threads(fields):
    image = next(v for v in fields.values() if v.shape[1] > 256)  # a field: 3 x 2 tiles of 256
    tiled = CONFIGS["tiled"]
    default_tiled, default_one_piece = smearpress.encode(image, tiled), smearpress.encode(image)
    assert smearpress.get_threads() == os.cpu_count()
    try:
        smearpress.set_threads(1)
        assert smearpress.get_threads() == 1
        assert smearpress.encode(image, tiled) == default_tiled
        assert smearpress.encode(image) == default_one_piece
        with pytest.raises(ValueError, match="threads"):
            smearpress.set_threads(-1)
        assert smearpress.get_threads() == 1
    finally:
        smearpress.set_threads(0)
    assert smearpress.get_threads() == os.cpu_count()


# ctest runs this file alone (RUN_SERIAL): on a machine shared with other work the ratio means nothing.
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="needs two cores")
def test_threads_encode_in_parallel(fields):
    images = list(fields.values()) * 20  # about 0.15 s of work for one thread
    def run(chunks):
        threads = [threading.Thread(target=lambda c=c: [smearpress.encode(i) for i in c]) for c in chunks]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return time.perf_counter() - start
    # One core per call, as for a user whose threads are the parallelism: the ratio then shows what
    # Python's threads gain, not OpenCV's own workers helping the single thread.
    smearpress.set_threads(1)
    try:
        run([images[:2]])  # warm up
        one, two = [], []
        started, own, machine = time.monotonic(), own_cpu(), machine_cpu()
        # The best time of each, over at least 12 tries and up to 60 s until the ratio holds: a
        # VM's cores are noisy, and the two-thread run needs both of them quiet at once.
        while not one or (min(one) / min(two) < 1.6 and (len(one) < 12 or time.monotonic() - started < 60)):
            one.append(run([images]))
            two.append(run([images[0::2], images[1::2]]))
        others = cpu_seconds_of_others(own, machine) / (time.monotonic() - started)
    finally:
        smearpress.set_threads(0)
    message = (f"{len(images)} encodes: one thread {min(one):.3f} s, two {min(two):.3f} s "
               f"({min(one) / min(two):.2f}x, best of {len(one)} run(s) each; other processes and steal "
               f"took {max(others, 0.0):.2f} cores meanwhile)")
    print(message, file=sys.stderr)
    assert min(one) / min(two) >= 1.6, message


def test_dataset_example_reads_a_folder(tmp_path, fields):
    sys.path.insert(0, str(SOURCE_DIR / "tools" / "python" / "examples"))
    from smz_dataset import SmzDataset
    for stem, image in fields.items():
        (tmp_path / (stem + ".smz")).write_bytes(smearpress.encode(image))
    dataset = SmzDataset(tmp_path)
    assert len(dataset) == len(fields)
    image, weights = dataset[0]
    assert image.shape[:2] == weights.shape and image.dtype == np.uint8


def test_patches_example_samples_a_tiled_file(tmp_path, fields):
    sys.path.insert(0, str(SOURCE_DIR / "tools" / "python" / "examples"))
    from smz_dataset import SmzPatches
    image = fields["BloodImage_00002"]  # 640 x 480
    (tmp_path / "slide.smz").write_bytes(smearpress.encode(image, CONFIGS["tiled"]))
    whole, whole_weights = smearpress.decode((tmp_path / "slide.smz").read_bytes())
    patches = SmzPatches(tmp_path / "slide.smz", 200, stride=150)
    assert len(patches) == 3 * 2  # x at 0, 150, 300 (450 + 200 > 640); y at 0, 150
    for i, (x, y) in enumerate(patches.origins):
        patch, weights = patches[i]
        assert np.array_equal(patch, whole[y:y + 200, x:x + 200])
        assert np.array_equal(weights, whole_weights[y:y + 200, x:x + 200])


def public_functions():
    """The names of the module's public functions (Error, a class, aside)."""
    return {n for n in dir(smearpress) if not n.startswith("_") and callable(getattr(smearpress, n)) and n != "Error"}


def test_version_and_docstrings():
    assert cli_output("--version").startswith(f"smearpress {smearpress.__version__} ")
    functions = [getattr(smearpress, n) for n in public_functions()]
    assert len(functions) == 8
    for f in functions:
        assert f.__doc__ and len(f.__doc__) > 40, f.__name__


def test_type_stub_lists_the_module():
    """smearpress.pyi declares every public function of the module and nothing it lacks."""
    import re
    stub = (SOURCE_DIR / "tools" / "python" / "smearpress.pyi").read_text()
    declared = set(re.findall(r"^def (\w+)\(", stub, re.M))
    assert declared == public_functions()
    assert "class Error(Exception)" in stub
