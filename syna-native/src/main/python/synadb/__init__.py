"""synadb: Syna, the AI-native embedded database, from Python (pure ctypes over libsynadb).

    from synadb import SynaDB
    with SynaDB("my.db") as db:
        db.put_float("sensor/temp", 21.5)
        history = db.get_history_tensor("sensor/temp")   # numpy float64, no copy
"""

from ._abi import VERSION as __version_abi__
from ._core import SynaDB
from ._ml import (
    DLPackTensor,
    Experiment,
    ModelRegistry,
    Run,
    SearchResult,
    VectorStore,
    get_tensor,
    get_tensor_dlpack,
    list_tensors,
    put_tensor,
)
from ._lib import (
    InvalidArgumentError,
    KeyNotFoundError,
    SynaError,
    TypeMismatchError,
    faulthandler_changed,
    library_path,
    start,
)

__all__ = [
    "SynaDB",
    "VectorStore",
    "SearchResult",
    "ModelRegistry",
    "Experiment",
    "Run",
    "put_tensor",
    "get_tensor",
    "get_tensor_dlpack",
    "DLPackTensor",
    "list_tensors",
    "SynaError",
    "KeyNotFoundError",
    "TypeMismatchError",
    "InvalidArgumentError",
    "start",
    "library_path",
    "faulthandler_changed",
]
