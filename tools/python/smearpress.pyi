# Type stub of the smearpress extension module (tools/python/module.cpp).
import os
from typing import Any, Mapping, Union

import numpy as np
import numpy.typing as npt

__version__: str

Config = Union[None, str, os.PathLike[str], Mapping[str, Any]]
BytesLike = Union[bytes, bytearray, memoryview]

class Error(Exception):
    """Damaged .smz data, or an image the encoder refuses."""

def encode(image: npt.NDArray[np.uint8], config: Config = None) -> bytes:
    """Compress an H x W or H x W x 3 (B,G,R) uint8 image into .smz bytes."""

def encode_file(path: Union[str, os.PathLike[str]], config: Config = None) -> bytes:
    """Compress an image or slide file into .smz bytes, as `smearpress encode` does."""

def decode(data: BytesLike) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.uint8]]:
    """Decode .smz bytes into (image, weights); weights 255 = exact ROI pixel."""

def decode_region(
    source: Union[BytesLike, str, os.PathLike[str]], x: int, y: int, width: int, height: int
) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.uint8]]:
    """Decode one region of .smz bytes or a .smz file into (image, weights); from a path, a tiled
    file is read only for the tiles the region touches."""

def detect(image: npt.NDArray[np.uint8], config: Config = None) -> npt.NDArray[np.uint8]:
    """The H x W ROI mask (255 = ROI) the encoder uses for an image."""

def info(source: Union[BytesLike, str, os.PathLike[str]]) -> dict[str, Any]:
    """The fields of `smearpress info --json` for .smz bytes or a .smz file (without "file")."""

def set_threads(threads: int) -> None:
    """The most threads one call may use (0: one per core, the default; 1 when your own threads or
    processes are the parallelism). Process-wide; outputs never depend on it."""

def get_threads() -> int:
    """The most threads one call may use, 0 resolved to the number of cores."""
