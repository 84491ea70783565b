"""SynaDB: the typed key-value store with per-key history, over libsynadb."""

import ctypes
import json
import weakref

from . import _abi
from ._lib import KeyNotFoundError, check, encode, lib

_c_double_p = ctypes.POINTER(ctypes.c_double)


def _numpy():
    try:
        import numpy
    except ImportError as e:  # pragma: no cover - exercised only without numpy
        raise ImportError("this SynaDB method needs numpy (pip install numpy)") from e
    return numpy


def _owned_array(address, count, ctype, dtype, free):
    """A numpy array over count elements the library malloc'ed at address, freed when the array goes."""
    np = _numpy()
    if count == 0 or not address:
        return np.empty(0, dtype=dtype)
    buf = (ctype * count).from_address(address)
    weakref.finalize(buf, free, address)
    return np.frombuffer(buf, dtype=dtype)


class SynaDB:
    """An open database: the original's Python API (put_float, get_history_tensor, ...) over the C ABI.

    Use as a context manager or call close(). Thread-safe: the library serialises writes and lets reads run in
    parallel; each call releases the GIL while it runs.

    options: durability ("none", "group", "always"), create_if_missing, read_only, salvage, history ("all" or
    an int to keep the last N values per key at compaction), codec, max_value_bytes, compression_threshold.
    """

    def __init__(self, path, **options):
        self.path = str(path)
        self._lib = lib()
        handle = ctypes.c_int64()
        config = ",".join(f"{k}={_option(k, v)}" for k, v in options.items())
        check(self._lib.SYNA_open_with_config(encode(self.path, "path"), config.encode(), ctypes.byref(handle)))
        self._handle = handle.value

    # ---- lifecycle ---------------------------------------------------------------------------------------

    @property
    def handle(self):
        """The C ABI handle (for SYNA_* calls of your own)."""
        if self._handle is None:
            raise ValueError(f"database {self.path} is closed")
        return self._handle

    def close(self):
        """Closes the database and what was opened from it; idempotent."""
        if getattr(self, "_handle", None) is not None:
            h, self._handle = self._handle, None
            check(self._lib.SYNA_close(h))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    # ---- writes --------------------------------------------------------------------------------------------

    def put_float(self, key, value):
        check(self._lib.SYNA_put_float(self.handle, encode(key), float(value)))

    def put_int(self, key, value):
        check(self._lib.SYNA_put_int(self.handle, encode(key), int(value)))

    def put_text(self, key, value):
        check(self._lib.SYNA_put_text(self.handle, encode(key), encode(value, "text value")))

    def put_bytes(self, key, value):
        data = bytes(value)
        check(self._lib.SYNA_put_bytes(self.handle, encode(key), data, len(data)))

    def put_vector(self, key, values):
        np = _numpy()
        a = np.ascontiguousarray(values, dtype=np.float32)
        check(self._lib.SYNA_put_vector(self.handle, encode(key), a.ctypes.data, a.size))

    def put_floats_batch(self, key, values):
        """Appends every value to the key's history in one atomic write; returns the count."""
        np = _numpy()
        a = np.ascontiguousarray(values, dtype=np.float64)
        check(self._lib.SYNA_put_floats_batch(self.handle, encode(key), a.ctypes.data, a.size))
        return int(a.size)

    def put_ints_batch(self, key, values):
        np = _numpy()
        a = np.ascontiguousarray(values, dtype=np.int64)
        check(self._lib.SYNA_put_ints_batch(self.handle, encode(key), a.ctypes.data, a.size))
        return int(a.size)

    def put_numpy(self, key, array):
        """Stores a float array as the key's history (the original's put_numpy)."""
        return self.put_floats_batch(key, array)

    def delete(self, key):
        """Deletes the key (its history stays); returns whether it had a value."""
        existed = ctypes.c_int32()
        check(self._lib.SYNA_delete(self.handle, encode(key), ctypes.byref(existed)))
        return bool(existed.value)

    def batch(self):
        """An atomic write batch: ``with db.batch() as b: b.put_float(...)`` commits at the end of the block, in
        one write, or writes nothing when the block raises."""
        return WriteBatch(self)

    # ---- reads: None when the key is absent, TypeMismatchError for another type ---------------------------

    def get_float(self, key):
        out = ctypes.c_double()
        code = self._lib.SYNA_get_float(self.handle, encode(key), ctypes.byref(out))
        return None if code == _abi.KEY_NOT_FOUND else (check(code), out.value)[1]

    def get_int(self, key):
        out = ctypes.c_int64()
        code = self._lib.SYNA_get_int(self.handle, encode(key), ctypes.byref(out))
        return None if code == _abi.KEY_NOT_FOUND else (check(code), out.value)[1]

    def get_text(self, key):
        out = ctypes.c_void_p()
        n = ctypes.c_size_t()
        code = self._lib.SYNA_get_text(self.handle, encode(key), ctypes.byref(out), ctypes.byref(n))
        if code == _abi.KEY_NOT_FOUND:
            return None
        check(code)
        try:
            return ctypes.string_at(out.value, n.value).decode("utf-8")
        finally:
            self._lib.SYNA_free_text(out)

    def get_bytes(self, key):
        out = ctypes.c_void_p()
        n = ctypes.c_size_t()
        code = self._lib.SYNA_get_bytes(self.handle, encode(key), ctypes.byref(out), ctypes.byref(n))
        if code == _abi.KEY_NOT_FOUND:
            return None
        check(code)
        if not out.value:
            return b""
        try:
            return ctypes.string_at(out.value, n.value)
        finally:
            self._lib.SYNA_free_bytes(out)

    def get_vector(self, key):
        """The float32 vector as a numpy array (owning the library's buffer), or None."""
        out = ctypes.c_void_p()
        n = ctypes.c_size_t()
        code = self._lib.SYNA_get_vector(self.handle, encode(key), ctypes.byref(out), ctypes.byref(n))
        if code == _abi.KEY_NOT_FOUND:
            return None
        check(code)
        return _owned_array(out.value, n.value, ctypes.c_float, "float32", self._lib.SYNA_free_vector)

    def get(self, key):
        """The current value whatever its type (float, int, str, bytes, numpy float32 array), or None."""
        t = ctypes.c_int32()
        code = self._lib.SYNA_get_type(self.handle, encode(key), ctypes.byref(t))
        if code == _abi.KEY_NOT_FOUND:
            return None
        check(code)
        return {
            _abi.TYPE_FLOAT64: self.get_float,
            _abi.TYPE_INT64: self.get_int,
            _abi.TYPE_TEXT: self.get_text,
            _abi.TYPE_BYTES: self.get_bytes,
            _abi.TYPE_VECTOR: self.get_vector,
        }[t.value](key)

    def get_history_tensor(self, key):
        """The key's numeric history, oldest first, as a float64 numpy array over the library's buffer (no copy;
        the buffer is freed with the array). Raises KeyNotFoundError for an unknown key."""
        out = ctypes.c_void_p()
        n = ctypes.c_size_t()
        check(self._lib.SYNA_get_history_tensor(self.handle, encode(key), ctypes.byref(out), ctypes.byref(n)))
        return _owned_array(out.value, n.value, ctypes.c_double, "float64", _free_tensor(self._lib))

    def get_history(self, key):
        """(times_us, values): int64 microseconds since the epoch and float64 values, oldest first."""
        times = ctypes.c_void_p()
        values = ctypes.c_void_p()
        n = ctypes.c_size_t()
        check(self._lib.SYNA_get_history(
            self.handle, encode(key), ctypes.byref(times), ctypes.byref(values), ctypes.byref(n)))
        free = self._lib.SYNA_free_history
        t = _owned_array(times.value, n.value, ctypes.c_int64, "int64", lambda p: free(p, None))
        v = _owned_array(values.value, n.value, ctypes.c_double, "float64", lambda p: free(None, p))
        return t, v

    def get_history_floats(self, key):
        """The history as a Python list (the original's get_history_floats)."""
        return self.get_history_tensor(key).tolist()

    def exists(self, key):
        out = ctypes.c_int32()
        check(self._lib.SYNA_exists(self.handle, encode(key), ctypes.byref(out)))
        return bool(out.value)

    def __contains__(self, key):
        return self.exists(key)

    def keys(self, prefix=None):
        """The keys (starting with prefix), sorted."""
        out = ctypes.c_void_p()
        n = ctypes.c_size_t()
        check(self._lib.SYNA_keys(self.handle, None if prefix is None else encode(prefix, "prefix"),
                                  ctypes.byref(out), ctypes.byref(n)))
        try:
            array = ctypes.cast(out, ctypes.POINTER(ctypes.c_char_p))
            return [array[i].decode("utf-8") for i in range(n.value)]
        finally:
            self._lib.SYNA_free_keys(out, n.value)

    def __len__(self):
        return len(self.keys())

    # ---- maintenance ---------------------------------------------------------------------------------------

    def compact(self):
        check(self._lib.SYNA_compact(self.handle))

    def sync(self):
        check(self._lib.SYNA_sync(self.handle))

    def verify(self):
        """Checks every byte and CRC; returns the report as a dict (report["ok"], report["problems"])."""
        problems = ctypes.c_int64()
        out = ctypes.c_void_p()
        check(self._lib.SYNA_verify(self.handle, ctypes.byref(problems), ctypes.byref(out)))
        try:
            return json.loads(ctypes.string_at(out.value).decode("utf-8"))
        finally:
            self._lib.SYNA_free_text(out)

    # ---- tensors (the tensor engine in this database) -------------------------------------------------------

    def put_tensor(self, name, array):
        """Stores a numpy array as tensor name."""
        from ._ml import put_tensor

        put_tensor(self, name, array)

    def get_tensor(self, name):
        """Tensor name (or a glob's rows) as a numpy array over the library's buffer."""
        from ._ml import get_tensor

        return get_tensor(self, name)

    def get_tensor_dlpack(self, name):
        """Tensor name handed over through DLPack, without a copy: torch.from_dlpack(db.get_tensor_dlpack(name))."""
        from ._ml import get_tensor_dlpack

        return get_tensor_dlpack(self, name)

    def __repr__(self):
        return f"SynaDB({self.path!r}{'' if self._handle is not None else ', closed'})"


class WriteBatch:
    """Writes applied together by commit() (all or none survive a crash); see SynaDB.batch()."""

    def __init__(self, db):
        self._lib = db._lib
        h = ctypes.c_int64()
        check(self._lib.SYNA_batch_new(db.handle, ctypes.byref(h)))
        self._handle = h.value

    def _h(self):
        if self._handle is None:
            raise ValueError("the batch was committed or discarded")
        return self._handle

    def put_float(self, key, value):
        check(self._lib.SYNA_batch_put_float(self._h(), encode(key), float(value)))
        return self

    def put_int(self, key, value):
        check(self._lib.SYNA_batch_put_int(self._h(), encode(key), int(value)))
        return self

    def put_text(self, key, value):
        check(self._lib.SYNA_batch_put_text(self._h(), encode(key), encode(value, "text value")))
        return self

    def put_bytes(self, key, value):
        data = bytes(value)
        check(self._lib.SYNA_batch_put_bytes(self._h(), encode(key), data, len(data)))
        return self

    def delete(self, key):
        check(self._lib.SYNA_batch_delete(self._h(), encode(key)))
        return self

    def commit(self):
        h, self._handle = self._h(), None
        check(self._lib.SYNA_batch_commit(h))

    def discard(self):
        if self._handle is not None:
            h, self._handle = self._handle, None
            check(self._lib.SYNA_batch_discard(h))

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.commit()
        else:
            self.discard()
        return False


def _free_tensor(library):
    return lambda p: library.SYNA_free_tensor(p, 0)


def _option(name, value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if name == "history" and isinstance(value, int):
        return f"last:{value}"
    text = str(value)
    if "," in text or "=" in text:
        raise ValueError(f"option {name}={text!r} must not contain ',' or '='")
    return text


__all__ = ["SynaDB", "KeyNotFoundError"]
