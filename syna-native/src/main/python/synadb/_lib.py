"""Loading libsynadb and turning its status codes into exceptions.

The library is looked up in $SYNADB_LIBRARY, then in this package's _native/ directory (where the Maven build
puts it, with the Syna jars beside it in _native/syna-modules). It starts its JVM on the first call; see
start() for the signal handling this implies.
"""

import ctypes
import faulthandler
import os
import threading

from . import _abi

_lib = None
_lock = threading.Lock()


class SynaError(Exception):
    """A failed call: code is the status code (syna.api.ErrorCode), name its constant, message the library's."""

    def __init__(self, code, message):
        self.code = code
        self.name = _abi.CODES.get(code, "UNKNOWN")
        self.message = message
        super().__init__(f"{message} [{self.name} {code}]")


class KeyNotFoundError(SynaError, KeyError):
    """The key (or record) is absent."""

    def __str__(self):
        return Exception.__str__(self)


class TypeMismatchError(SynaError, TypeError):
    """The stored value has another type than the one asked for."""


class InvalidArgumentError(SynaError, ValueError):
    """An argument is out of its documented bounds."""


_BY_CODE = {
    _abi.KEY_NOT_FOUND: KeyNotFoundError,
    _abi.TYPE_MISMATCH: TypeMismatchError,
    _abi.INVALID_ARGUMENT: InvalidArgumentError,
}


def library_path():
    """Where the library is loaded from."""
    env = os.environ.get("SYNADB_LIBRARY")
    if env:
        return env
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "_native", "libsynadb.so")


def lib():
    """The loaded library, its prototypes declared."""
    global _lib
    if _lib is None:
        with _lock:
            if _lib is None:
                path = library_path()
                if not os.path.exists(path):
                    raise OSError(
                        f"libsynadb not found at {path}: install synadb from the Maven build's "
                        "syna-native/target/synadb/python, or set SYNADB_LIBRARY"
                    )
                loaded = ctypes.CDLL(path)
                _abi.declare(loaded)
                _lib = loaded
    return _lib


def start():
    """Starts the embedded JVM now (any call does it otherwise); returns the seconds it took.

    Signals: the JVM runs with -Xrs, so SIGINT (KeyboardInterrupt), SIGTERM, SIGHUP and SIGQUIT stay Python's.
    The JVM does install handlers for SIGSEGV, SIGBUS, SIGFPE, SIGILL and SIGTRAP: it uses SIGSEGV for its own
    null checks and safepoints, so they fire in normal operation. A handler installed *before* the JVM starts
    (such as faulthandler's) is kept and called by the JVM for faults that are not its own. A handler installed
    *after* it (faulthandler.enable() or faulthandler.disable() once the JVM runs) replaces the JVM's, and the
    process dies at the JVM's next routine fault. So this function leaves faulthandler alone if it is enabled
    (it stays behind the JVM) and warns, once, if faulthandler's state changes later; pytest users run with
    ``-p no:faulthandler`` (the package's tests do), or enable faulthandler before the first call.
    """
    import time

    t0 = time.perf_counter()
    code = lib().SYNA_start()
    if code != _abi.SUCCESS:
        raise error(code)
    _remember_faulthandler()
    return time.perf_counter() - t0


_faulthandler_at_start = None


def _remember_faulthandler():
    global _faulthandler_at_start
    if _faulthandler_at_start is None:
        _faulthandler_at_start = faulthandler.is_enabled()


def faulthandler_changed():
    """Whether faulthandler was enabled or disabled after the JVM started (the unsafe order, see start())."""
    return _faulthandler_at_start is not None and faulthandler.is_enabled() != _faulthandler_at_start


def error(code):
    """The exception for a failed call on this thread."""
    message = lib().SYNA_last_error()
    text = message.decode("utf-8", "replace") if message else ""
    return _BY_CODE.get(code, SynaError)(code, text)


def check(code):
    """Raises the exception of a failed call."""
    if code != _abi.SUCCESS:
        raise error(code)


def encode(text, what="key"):
    """A str as NUL-terminated UTF-8 bytes."""
    if isinstance(text, bytes):
        data = text
    elif isinstance(text, str):
        data = text.encode("utf-8")
    else:
        raise TypeError(f"{what} must be str, not {type(text).__name__}")
    if b"\0" in data:
        raise ValueError(f"{what} must not contain NUL characters")
    return data
