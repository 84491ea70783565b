"""VectorStore, tensors, ModelRegistry and Experiment over libsynadb."""

import ctypes
import json
from dataclasses import dataclass, field

from . import _abi
from ._core import SynaDB, _numpy, _owned_array
from ._lib import check, encode, lib


def _database(db_or_path, **options):
    """(SynaDB, owned): a SynaDB given is used as is; a path opens one this object owns."""
    if isinstance(db_or_path, SynaDB):
        return db_or_path, False
    return SynaDB(db_or_path, **options), True


def _take_text(library, pointer):
    try:
        return ctypes.string_at(pointer.value).decode("utf-8")
    finally:
        library.SYNA_free_text(pointer)


def _json_arg(value, what):
    if value is None:
        return None
    if not isinstance(value, dict):
        raise TypeError(f"{what} must be a dict, not {type(value).__name__}")
    return json.dumps(value).encode("utf-8")


@dataclass
class SearchResult:
    """One hit: key, distance (smaller is nearer), score (-distance) and the vector's metadata."""

    key: str
    distance: float
    score: float
    metadata: dict = field(default_factory=dict)


class VectorStore:
    """A durable vector store inside a database: VectorStore("vectors.db", dimensions=768).

    db: a SynaDB or a path (then the store owns its database). dimensions may be omitted to reopen. metric:
    "cosine" (default), "euclidean" or "dot_product". index: an index provider such as "hnsw". An existing
    store keeps its own metric and index settings (as its last writable open left them) unless given here.
    """

    def __init__(self, db, dimensions=0, metric=None, index=None, name="default", index_threshold=None):
        self._db, self._owns = _database(db)
        self._lib = lib()
        self.name = name
        opts = []
        if metric:
            opts.append(f"metric={metric}")
        if index:
            opts.append(f"index={index}")
        if index_threshold is not None:
            opts.append(f"index_threshold={int(index_threshold)}")
        handle = ctypes.c_int64()
        check(self._lib.SYNA_vector_store_open(self._db.handle, encode(name, "name"), int(dimensions),
                                               ",".join(opts).encode(), ctypes.byref(handle)))
        self._handle = handle.value
        self.dimensions = int(dimensions)

    def _vector(self, v):
        np = _numpy()
        a = np.ascontiguousarray(v, dtype=np.float32).reshape(-1)
        return a

    def insert(self, key, vector, metadata=None):
        a = self._vector(vector)
        check(self._lib.SYNA_vector_store_insert(self._handle, encode(key), a.ctypes.data, a.size,
                                                 _json_arg(metadata, "metadata")))

    def insert_batch(self, keys, vectors):
        np = _numpy()
        rows = np.ascontiguousarray(vectors, dtype=np.float32)
        if rows.ndim != 2 or rows.shape[0] != len(keys):
            raise ValueError(f"vectors must be (len(keys), dim), got {rows.shape} for {len(keys)} keys")
        encoded = [encode(k) for k in keys]
        array = (ctypes.c_char_p * len(encoded))(*encoded)
        check(self._lib.SYNA_vector_store_insert_batch(self._handle, array, rows.ctypes.data, rows.shape[0],
                                                       rows.shape[1]))
        return len(keys)

    def search(self, query, k=10, filter=None):
        """The k nearest, nearest first; filter is a dict of metadata values that must match (and optionally
        "$key_prefix")."""
        a = self._vector(query)
        out = ctypes.c_void_p()
        check(self._lib.SYNA_vector_store_search(self._handle, a.ctypes.data, a.size, int(k),
                                                 _json_arg(filter, "filter"), ctypes.byref(out)))
        return [SearchResult(**hit) for hit in json.loads(_take_text(self._lib, out))]

    def get(self, key):
        out = ctypes.c_void_p()
        n = ctypes.c_size_t()
        code = self._lib.SYNA_vector_store_get(self._handle, encode(key), ctypes.byref(out), ctypes.byref(n))
        if code == _abi.KEY_NOT_FOUND:
            return None
        check(code)
        return _owned_array(out.value, n.value, ctypes.c_float, "float32", self._lib.SYNA_free_vector)

    def delete(self, key):
        existed = ctypes.c_int32()
        check(self._lib.SYNA_vector_store_delete(self._handle, encode(key), ctypes.byref(existed)))
        return bool(existed.value)

    def __len__(self):
        n = ctypes.c_int64()
        check(self._lib.SYNA_vector_store_size(self._handle, ctypes.byref(n)))
        return n.value

    def close(self):
        if getattr(self, "_handle", None) is not None:
            h, self._handle = self._handle, None
            if self._db._handle is not None:
                check(self._lib.SYNA_vector_store_close(h))
            if self._owns:
                self._db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


# ---- tensors --------------------------------------------------------------------------------------------

_NUMPY_TO_DTYPE = {descr: tag for tag, (_, descr) in _abi.DTYPES.items() if descr}


def put_tensor(db, name, array):
    """Stores a numpy array as tensor name (dtypes f2, f4, f8, i1, u1, i2, i4, i8, bool)."""
    np = _numpy()
    a = np.ascontiguousarray(array)
    if a.dtype.byteorder == ">":
        a = a.astype(a.dtype.newbyteorder("<"))
    descr = a.dtype.str
    tag = _NUMPY_TO_DTYPE.get(descr)
    if tag is None:
        raise TypeError(f"numpy dtype {a.dtype} has no Syna tensor dtype")
    shape = (ctypes.c_int64 * max(1, a.ndim))(*a.shape)
    check(lib().SYNA_tensor_put(db.handle, encode(name, "name"), tag, shape, a.ndim, a.ctypes.data, a.nbytes))


def get_tensor(db, name):
    """The tensor (or the rows of every tensor a glob matches) as a numpy array over the library's buffer."""
    np = _numpy()
    library = lib()
    dtype = ctypes.c_int32()
    rank = ctypes.c_int32()
    shape = (ctypes.c_int64 * 32)()
    data = ctypes.c_void_p()
    nbytes = ctypes.c_size_t()
    check(library.SYNA_tensor_get(db.handle, encode(name, "name"), ctypes.byref(dtype), shape, 32,
                                  ctypes.byref(rank), ctypes.byref(data), ctypes.byref(nbytes)))
    label, descr = _abi.DTYPES[dtype.value]
    if descr is None:
        library.SYNA_free_tensor_data(data)
        raise TypeError(f"tensor {name} has dtype {label}, which numpy has no type for")
    dims = tuple(shape[i] for i in range(rank.value))
    flat = _owned_array(data.value, nbytes.value, ctypes.c_uint8, "uint8", library.SYNA_free_tensor_data)
    return flat.view(np.dtype(descr)).reshape(dims)


class _DLDevice(ctypes.Structure):
    _fields_ = [("device_type", ctypes.c_int32), ("device_id", ctypes.c_int32)]


class _DLDataType(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint8), ("bits", ctypes.c_uint8), ("lanes", ctypes.c_uint16)]


class _DLTensor(ctypes.Structure):
    _fields_ = [("data", ctypes.c_void_p), ("device", _DLDevice), ("ndim", ctypes.c_int32),
                ("dtype", _DLDataType), ("shape", ctypes.POINTER(ctypes.c_int64)),
                ("strides", ctypes.POINTER(ctypes.c_int64)), ("byte_offset", ctypes.c_uint64)]


_DELETER = ctypes.CFUNCTYPE(None, ctypes.c_void_p)


class _DLManagedTensor(ctypes.Structure):
    _fields_ = [("dl_tensor", _DLTensor), ("manager_ctx", ctypes.c_void_p), ("deleter", _DELETER)]


def _delete_managed(pointer):
    managed = _DLManagedTensor.from_address(pointer)
    if managed.deleter:
        managed.deleter(pointer)


_capsule_new = ctypes.pythonapi.PyCapsule_New
_capsule_new.restype = ctypes.py_object
_capsule_new.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p]
_capsule_valid = ctypes.pythonapi.PyCapsule_IsValid
_capsule_valid.restype = ctypes.c_int
_capsule_valid.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
_capsule_pointer = ctypes.pythonapi.PyCapsule_GetPointer
_capsule_pointer.restype = ctypes.c_void_p
_capsule_pointer.argtypes = [ctypes.c_void_p, ctypes.c_char_p]


@ctypes.CFUNCTYPE(None, ctypes.c_void_p)
def _capsule_destructor(capsule):
    # DLPack's rule: a consumer renames the capsule "used_dltensor" and owns the tensor from then on; a
    # capsule still named "dltensor" when it dies was never consumed, so its tensor is freed here.
    if _capsule_valid(capsule, b"dltensor"):
        _delete_managed(_capsule_pointer(capsule, b"dltensor"))


class DLPackTensor:
    """A tensor handed over through DLPack, from SynaDB.get_tensor_dlpack: give it once to a consumer,
    e.g. numpy.from_dlpack(t) or torch.from_dlpack(t), which then shares the library's buffer (no copy).
    Unused, the buffer is freed when this object goes away."""

    def __init__(self, pointer):
        self._pointer = pointer
        t = _DLManagedTensor.from_address(pointer).dl_tensor
        self.shape = tuple(t.shape[i] for i in range(t.ndim))
        self.dtype = (t.dtype.code, t.dtype.bits, t.dtype.lanes)

    def __dlpack_device__(self):
        return (1, 0)  # kDLCPU, device 0

    def __dlpack__(self, stream=None, max_version=None, dl_device=None, copy=None):
        if self._pointer is None:
            raise BufferError("this DLPack tensor was already handed to a consumer")
        if dl_device is not None and tuple(dl_device) != (1, 0):
            raise BufferError(f"the tensor is on the CPU, not on device {dl_device}")
        if copy:
            raise BufferError("a copy was asked for; this producer hands over its buffer without copying")
        capsule = _capsule_new(self._pointer, b"dltensor", ctypes.cast(_capsule_destructor, ctypes.c_void_p))
        self._pointer = None
        return capsule

    def __del__(self):
        if getattr(self, "_pointer", None) is not None:
            _delete_managed(self._pointer)
            self._pointer = None

    def __repr__(self):
        return f"DLPackTensor(shape={self.shape}, dtype={self.dtype}{'' if self._pointer else ', handed over'})"


def get_tensor_dlpack(db, name):
    """Tensor name as a DLPackTensor (CPU, row-major) for numpy.from_dlpack, torch.from_dlpack and the like."""
    out = ctypes.c_void_p()
    check(lib().SYNA_tensor_get_dlpack(db.handle, encode(name, "name"), ctypes.byref(out)))
    return DLPackTensor(out.value)


def list_tensors(db, glob=None):
    out = ctypes.c_void_p()
    library = lib()
    check(library.SYNA_tensor_list(db.handle, None if glob is None else encode(glob, "glob"), ctypes.byref(out)))
    return json.loads(_take_text(library, out))


# ---- model registry -------------------------------------------------------------------------------------


class ModelRegistry:
    """Versioned models with digests checked on every load: ModelRegistry("models.db")."""

    def __init__(self, db):
        self._db, self._owns = _database(db)
        self._lib = lib()
        h = ctypes.c_int64()
        check(self._lib.SYNA_model_registry_open(self._db.handle, ctypes.byref(h)))
        self._handle = h.value

    def save_model(self, name, data, metadata=None):
        """Saves bytes as a new version; returns the version number."""
        data = bytes(data)
        meta = None if metadata is None else {k: str(v) for k, v in metadata.items()}
        version = ctypes.c_int32()
        check(self._lib.SYNA_model_save(self._handle, encode(name, "name"), data, len(data),
                                        _json_arg(meta, "metadata"), ctypes.byref(version)))
        return version.value

    def load_model(self, name, version=None):
        """(bytes, info dict) of a version (None: the latest), after its digest was checked."""
        return self._load(name, 0 if version is None else int(version))

    def get_production(self, name):
        """(bytes, info) of the version in Production."""
        return self._load(name, -1)

    def _load(self, name, version):
        out = ctypes.c_void_p()
        n = ctypes.c_size_t()
        info = ctypes.c_void_p()
        check(self._lib.SYNA_model_load(self._handle, encode(name, "name"), version, ctypes.byref(out),
                                        ctypes.byref(n), ctypes.byref(info)))
        try:
            data = ctypes.string_at(out.value, n.value)
        finally:
            self._lib.SYNA_free_bytes(out)
        return data, json.loads(_take_text(self._lib, info))

    def list_models(self):
        return self._list(None)

    def list_versions(self, name):
        return self._list(encode(name, "name"))

    def _list(self, name):
        out = ctypes.c_void_p()
        check(self._lib.SYNA_model_list(self._handle, name, ctypes.byref(out)))
        return json.loads(_take_text(self._lib, out))

    def set_stage(self, name, version, stage):
        """stage: "development", "staging", "production" or "archived"."""
        check(self._lib.SYNA_model_set_stage(self._handle, encode(name, "name"), int(version),
                                             encode(str(stage), "stage")))

    # the original's Python names
    save = save_model
    load = load_model
    promote = set_stage

    def close(self):
        if self._owns and self._db._handle is not None:
            self._db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


# ---- experiment tracking --------------------------------------------------------------------------------


class Run:
    """A running run; use it as a context manager (an exception ends it as failed, else completed)."""

    def __init__(self, experiment, handle, run_id):
        self._exp = experiment
        self._lib = experiment._lib
        self._handle = handle
        self.id = run_id
        self._steps = {}

    def log_param(self, key, value):
        check(self._lib.SYNA_exp_log_param(self._handle, encode(key), encode(str(value), "value")))

    def log_params(self, params):
        for k, v in params.items():
            self.log_param(k, v)

    def log_metric(self, key, value, step=None):
        """Logs value at step (default: one more than this run's last step of key, from 0)."""
        if step is None:
            step = self._steps.get(key, -1) + 1
        self._steps[key] = int(step)
        check(self._lib.SYNA_exp_log_metric(self._handle, encode(key), float(value), int(step)))

    def log_metrics(self, metrics, step=None):
        for k, v in metrics.items():
            self.log_metric(k, v, step)

    def log_artifact(self, name, data):
        if isinstance(data, str):
            data = data.encode("utf-8")
        data = bytes(data)
        check(self._lib.SYNA_exp_log_artifact(self._handle, encode(name, "name"), data, len(data)))

    def end(self, status="completed", message=None):
        if self._handle is not None:
            h, self._handle = self._handle, None
            check(self._lib.SYNA_exp_end_run(h, encode(status, "status"),
                                             None if message is None else encode(str(message), "message")))

    @property
    def info(self):
        return self._exp.get_run(self.id)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.end("completed")
        elif issubclass(exc_type, KeyboardInterrupt):
            self.end("killed")
        else:
            self.end("failed", f"{exc_type.__name__}: {exc}")
        return False


class Experiment:
    """Experiment("mnist", "experiments.db"): runs with params, metrics (per-step histories) and artifacts."""

    def __init__(self, name, db):
        self.name = name
        self._db, self._owns = _database(db)
        self._lib = lib()
        h = ctypes.c_int64()
        check(self._lib.SYNA_exp_tracker_open(self._db.handle, ctypes.byref(h)))
        self._handle = h.value

    def start_run(self, name="", tags=None):
        run = ctypes.c_int64()
        run_id = ctypes.c_void_p()
        tag_map = None
        if tags is not None:
            tag_map = {t: "" for t in tags} if isinstance(tags, (list, tuple, set)) else dict(tags)
        check(self._lib.SYNA_exp_start_run(self._handle, encode(self.name, "experiment"), encode(name, "name"),
                                           _json_arg(tag_map, "tags"), ctypes.byref(run), ctypes.byref(run_id)))
        return Run(self, run.value, _take_text(self._lib, run_id))

    def get_run(self, run_id):
        out = ctypes.c_void_p()
        check(self._lib.SYNA_exp_run_info(self._handle, encode(run_id, "run id"), ctypes.byref(out)))
        return json.loads(_take_text(self._lib, out))

    def list_runs(self):
        out = ctypes.c_void_p()
        check(self._lib.SYNA_exp_list_runs(self._handle, encode(self.name, "experiment"), ctypes.byref(out)))
        return json.loads(_take_text(self._lib, out))

    def get_metric(self, run_id, key):
        """(steps, values) numpy arrays of a metric, in step order."""
        steps = ctypes.c_void_p()
        values = ctypes.c_void_p()
        n = ctypes.c_size_t()
        check(self._lib.SYNA_exp_get_metric(self._handle, encode(run_id, "run id"), encode(key), ctypes.byref(steps),
                                            ctypes.byref(values), ctypes.byref(n)))
        free = self._lib.SYNA_free_history
        s = _owned_array(steps.value, n.value, ctypes.c_int64, "int64", lambda p: free(p, None))
        v = _owned_array(values.value, n.value, ctypes.c_double, "float64", lambda p: free(None, p))
        return s, v

    def get_metric_tensor(self, run_id, key):
        return self.get_metric(run_id, key)[1]

    def close(self):
        if self._owns and self._db._handle is not None:
            self._db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False
