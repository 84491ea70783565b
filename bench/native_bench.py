"""The Python side of bench/native.sh: ctypes call overhead next to C, and get_history_tensor of N points against
numpy.fromfile of the same bytes. Usage: native_bench.py DIR N_CALLS N_POINTS SCRATCH_FILE"""
import ctypes
import statistics
import sys
import time

import numpy as np

import synadb
from synadb import SynaDB

path, calls, points, scratch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
REPS = 7


def rate(fn, n):
    out = []
    for _ in range(REPS):
        t0 = time.perf_counter()
        fn(n)
        out.append(n / (time.perf_counter() - t0))
    return statistics.median(out)


def timed(fn):
    out = []
    for _ in range(REPS):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return statistics.median(out)


with SynaDB(path, durability="none") as db:
    lib = synadb._lib.lib()
    h, key, out = db.handle, b"bench/value", ctypes.c_double()
    ref = ctypes.byref(out)
    f = lib.SYNA_get_float

    def raw(n):
        for _ in range(n):
            f(h, key, ref)

    def method(n):
        g = db.get_float
        for _ in range(n):
            g("bench/value")

    def empty(n):  # the loop alone
        for _ in range(n):
            pass

    raw(calls // 10)
    print(f"py_ctypes_get_float_calls_per_s median={rate(raw, calls):.0f}")
    print(f"py_SynaDB_get_float_calls_per_s median={rate(method, calls):.0f}")
    print(f"py_empty_loop_iterations_per_s median={rate(empty, calls):.0f}")

    first = timed(lambda: db.get_history_tensor("bench/series"))  # 7 calls while the JIT warms up
    for _ in range(30):
        db.get_history_tensor("bench/series")
    history = timed(lambda: db.get_history_tensor("bench/series"))
    a = db.get_history_tensor("bench/series")
    assert a.shape == (points,)
    a.tofile(scratch)
    np.fromfile(scratch, dtype=np.float64)
    fromfile = timed(lambda: np.fromfile(scratch, dtype=np.float64))
    print(f"py_get_history_tensor_{points}_ms first7_median={first * 1e3:.3f} warm_median={history * 1e3:.3f}")
    print(f"py_numpy_fromfile_{points}_ms median={fromfile * 1e3:.3f} (page cache)")
    print(f"history_tensor_over_fromfile_ratio={history / fromfile:.2f}")
