"""PyTorch datasets over Syna: rows of a stored tensor, or sliding windows over a key's history.

    from synadb.torch import TensorDataset, HistoryDataset
    loader = torch.utils.data.DataLoader(TensorDataset(db, "train/x", labels="train/y"), batch_size=32)
"""

import torch
from torch.utils.data import Dataset

from ._ml import get_tensor


class TensorDataset(Dataset):
    """Rows of tensor name (first dimension), optionally paired with the rows of tensor labels. The tensors are
    read once into numpy arrays over the library's buffers and served as torch tensors sharing that memory."""

    def __init__(self, db, name, labels=None):
        self._x = torch.from_numpy(get_tensor(db, name))
        self._y = None if labels is None else torch.from_numpy(get_tensor(db, labels))
        if self._y is not None and len(self._y) != len(self._x):
            raise ValueError(f"{name} has {len(self._x)} rows but {labels} has {len(self._y)}")

    def __len__(self):
        return len(self._x)

    def __getitem__(self, i):
        return self._x[i] if self._y is None else (self._x[i], self._y[i])


class HistoryDataset(Dataset):
    """Windows of `window` consecutive values of a key's history, each with the value after it as the target
    (for forecasting); the history is read once with get_history_tensor (no copy)."""

    def __init__(self, db, key, window, dtype=torch.float32):
        if window < 1:
            raise ValueError(f"window must be >= 1, got {window}")
        self._series = torch.from_numpy(db.get_history_tensor(key)).to(dtype)
        self._window = int(window)

    def __len__(self):
        return max(0, len(self._series) - self._window)

    def __getitem__(self, i):
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._series[i:i + self._window], self._series[i + self._window]
