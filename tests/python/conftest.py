"""Shared fixtures of the Python module's tests: the command-line tool (SMEARPRESS_CLI), the
source tree (SMEARPRESS_SOURCE_DIR), and PPM/PGM files, which NumPy alone reads and writes."""
import os
import pathlib
import re
import subprocess

import numpy as np
import pytest

SOURCE_DIR = pathlib.Path(os.environ.get("SMEARPRESS_SOURCE_DIR", pathlib.Path(__file__).parents[2]))
CLI = os.environ.get("SMEARPRESS_CLI", "smearpress")


def run_cli(*args):
    subprocess.run([CLI, *map(str, args)], check=True, capture_output=True)


def cli_output(*args):
    return subprocess.run([CLI, *map(str, args)], check=True, capture_output=True, text=True).stdout


def write_pnm(path, image):
    """Writes a B,G,R image as a P6 PPM (R,G,B on disk) or a gray one as a P5 PGM."""
    image = np.asarray(image)
    pixels = image[:, :, ::-1] if image.ndim == 3 else image
    magic = b"P6" if image.ndim == 3 else b"P5"
    header = b"%s\n%d %d\n255\n" % (magic, image.shape[1], image.shape[0])
    pathlib.Path(path).write_bytes(header + np.ascontiguousarray(pixels).tobytes())


def read_pnm(path):
    """Reads a P6 PPM into B,G,R or a P5 PGM into gray (maxval 255, no comments: as OpenCV writes)."""
    data = pathlib.Path(path).read_bytes()
    header = re.match(rb"(P[56])\s+(\d+)\s+(\d+)\s+255\s", data)
    assert header, f"{path}: not an 8-bit binary PPM/PGM"
    magic, width, height = header.groups()
    pixels = data[header.end():]
    shape = (int(height), int(width), 3) if magic == b"P6" else (int(height), int(width))
    image = np.frombuffer(pixels, np.uint8).reshape(shape)
    return image[:, :, ::-1].copy() if magic == b"P6" else image.copy()


def sample_jpegs():
    return sorted(SOURCE_DIR.glob("samples/pbc/*/*.jpg"))[::4] + sorted(SOURCE_DIR.glob("samples/bccd/*.jpg"))[:2]


@pytest.fixture(scope="session")
def fields(tmp_path_factory):
    """Real smear pixels for each sample JPEG: the JPEG through the CLI's encode and decode."""
    folder = tmp_path_factory.mktemp("fields")
    out = {}
    for jpeg in sample_jpegs():
        smz, ppm = folder / (jpeg.stem + ".smz"), folder / (jpeg.stem + ".ppm")
        run_cli("encode", jpeg, "-o", smz, "-q")
        run_cli("decode", smz, "-o", ppm, "-q")
        out[jpeg.stem] = read_pnm(ppm)
    return out
