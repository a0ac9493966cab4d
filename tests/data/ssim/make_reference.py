#!/usr/bin/env python3
"""Regenerates the SSIM reference pairs and values that tests/tools/metrics_test.cpp checks.

Run from this folder with Debian 12's python3-skimage (scikit-image 0.19.3) and python3-opencv:
    python3 make_reference.py /path/to/shared/data/pbc/basophil/BA_147282.jpg
It writes the PNG pairs and reference.csv (file_a, file_b, ssim, provenance).
The "degraded" images are made here with OpenCV operations, so no smearpress code is involved.
"""
import sys

import cv2
import numpy as np
import skimage
from skimage.metrics import structural_similarity

src = cv2.imread(sys.argv[1], cv2.IMREAD_COLOR)
crop = src[120:216, 130:226].copy()       # 96 x 96 around the nucleus
odd = src[40:71, 200:245].copy()          # 45 x 31, odd size, background and red cells

pairs = []
def add(name_a, a, name_b, b):
    cv2.imwrite(name_a, a)
    cv2.imwrite(name_b, b)
    pairs.append((name_a, name_b, a, b))

# Colour: LL-only reconstruction at step 60 (what the codec does to the background), by hand.
ll = cv2.resize(crop.astype(np.float64), (48, 48), interpolation=cv2.INTER_AREA) * 2.0
q = np.floor(ll / 60.0 + 0.5) * 60.0 / 2.0
add("color_a.png", crop, "color_b.png",
    np.clip(cv2.resize(q, (96, 96), interpolation=cv2.INTER_NEAREST), 0, 255).astype(np.uint8))
# Gray: Gaussian blur.
g = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
add("gray_a.png", g, "gray_b.png", cv2.GaussianBlur(g, (7, 7), 2.0))
# Odd size, colour: additive noise from a seeded generator.
rng = np.random.default_rng(2024)
noisy = np.clip(odd.astype(np.int32) + rng.integers(-20, 21, odd.shape), 0, 255).astype(np.uint8)
add("odd_a.png", odd, "odd_b.png", noisy)

with open("reference.csv", "w") as f:
    f.write("file_a,file_b,ssim,provenance\n")
    for a_name, b_name, a, b in pairs:
        # Read back the written PNGs so the reference is computed on exactly the stored pixels.
        a8 = cv2.imread(a_name, cv2.IMREAD_UNCHANGED)
        b8 = cv2.imread(b_name, cv2.IMREAD_UNCHANGED)
        kw = dict(gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=255)
        if a8.ndim == 3:
            kw["channel_axis"] = 2
        s = structural_similarity(a8, b8, **kw)
        f.write(f"{a_name},{b_name},{s:.10f},scikit-image {skimage.__version__} structural_similarity"
                f"(gaussian_weights=True sigma=1.5 use_sample_covariance=False data_range=255"
                f"{' channel_axis=2' if a8.ndim == 3 else ''})\n")
