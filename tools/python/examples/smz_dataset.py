"""A PyTorch-style dataset over a folder of .smz files (docs/PYTHON.md).

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
