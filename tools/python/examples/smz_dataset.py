"""PyTorch-style datasets over .smz files (docs/PYTHON.md): whole images from a folder
(SmzDataset), and patches of one slide (SmzPatches).

It follows torch.utils.data.Dataset's protocol (__len__ and __getitem__) without importing torch,
so a DataLoader can take it as is; convert the arrays with torch.from_numpy in a transform.
"""
import pathlib

import smearpress


class SmzDataset:
    """Every .smz file under `root` (sorted by path), decoded on access into (image, weights):
    image H x W x 3 uint8 (B,G,R), weights H x W uint8 (255 = exact ROI pixel)."""

    def __init__(self, root, transform=None):
        self.paths = sorted(pathlib.Path(root).rglob("*.smz"))
        self.transform = transform

    def __len__(self):
        return len(self.paths)

    def __getitem__(self, index):
        image, weights = smearpress.decode(self.paths[index].read_bytes())
        if self.transform is not None:
            return self.transform(image, weights)
        return image, weights


class SmzPatches:
    """Square patches of side `size` over one .smz file, typically a whole slide stored tiled, on
    a grid of step `stride` (default `size`: patches side by side; the right and bottom edges that
    do not fill a patch are left out). Each patch is decoded on access by decode_region, which reads
    only the tiles it touches, so a slide far larger than memory can be sampled."""

    def __init__(self, path, size, stride=None, transform=None):
        self.path = pathlib.Path(path)
        self.size = size
        self.transform = transform
        meta = smearpress.info(self.path)
        step = stride or size
        self.origins = [(x, y) for y in range(0, meta["height"] - size + 1, step)
                        for x in range(0, meta["width"] - size + 1, step)]

    def __len__(self):
        return len(self.origins)

    def __getitem__(self, index):
        x, y = self.origins[index]
        image, weights = smearpress.decode_region(self.path, x, y, self.size, self.size)
        if self.transform is not None:
            return self.transform(image, weights)
        return image, weights
