import ctypes
import math
import os
import signal
import subprocess
import sys
import threading

import numpy as np
import pytest

import synadb
from synadb import KeyNotFoundError, SynaDB, SynaError, TypeMismatchError


def test_every_type_round_trips(db):
    db.put_float("f", 21.5)
    db.put_int("i", -(2**62))
    db.put_text("t", "héllo 🌍")
    db.put_bytes("b", b"\x00\x01\xff")
    db.put_vector("v", [0.5, -1.0, 2.0])
    assert db.get_float("f") == 21.5
    assert db.get_int("i") == -(2**62)
    assert db.get_text("t") == "héllo 🌍"
    assert db.get_bytes("b") == b"\x00\x01\xff"
    assert db.get_vector("v").tolist() == [0.5, -1.0, 2.0]
    assert db.get("t") == "héllo 🌍" and db.get("i") == -(2**62)
    assert db.get_float("absent") is None and db.get("absent") is None
    db.put_float("nan", float("nan"))
    assert math.isnan(db.get_float("nan"))


def test_wrong_type_and_errors_carry_code_and_message(db):
    db.put_text("t", "x")
    with pytest.raises(TypeMismatchError) as e:
        db.get_float("t")
    assert e.value.code == -6 and e.value.name == "TYPE_MISMATCH" and "'t'" in e.value.message
    with pytest.raises(KeyNotFoundError) as e:
        db.get_history_tensor("nope")
    assert e.value.code == -5
    with pytest.raises(synadb.InvalidArgumentError):
        db.put_float("", 1.0)
    with pytest.raises(ValueError):
        db.put_float("nul\0key", 1.0)


def test_history_tensor_is_numpy_without_a_copy(db):
    values = np.arange(10_000, dtype=np.float64) * 0.25
    db.put_floats_batch("s", values)
    db.put_float("s", 99.0)
    h = db.get_history_tensor("s")
    assert h.dtype == np.float64 and h.shape == (10_001,)
    assert not h.flags.owndata and isinstance(h.base, ctypes.Array)  # a view over the library's buffer
    np.testing.assert_array_equal(h[:-1], values)
    assert h[-1] == 99.0
    times, vals = db.get_history("s")
    assert times.dtype == np.int64 and len(times) == len(vals) == 10_001
    assert (np.diff(times) >= 0).all()
    assert db.get_history_floats("s")[:3] == [0.0, 0.25, 0.5]
    del h  # frees the C buffer (weakref.finalize); a second read still works
    assert db.get_history_tensor("s").sum() == pytest.approx(values.sum() + 99.0)


def test_a_large_history_tensor_comes_whole(db):
    values = np.random.default_rng(7).standard_normal(625_001)  # 5 MB of float64
    db.put_floats_batch("big", values)
    h = db.get_history_tensor("big")
    np.testing.assert_array_equal(h, values)
    del h


def test_keys_exists_delete_compact_verify(db):
    for i in range(5):
        db.put_int(f"run/{i}", i)
    db.put_int("other", 1)
    assert db.keys("run/") == [f"run/{i}" for i in range(5)]
    assert len(db) == 6 and "other" in db
    assert db.delete("other") is True and db.delete("other") is False
    assert "other" not in db
    db.compact()
    report = db.verify()
    assert report["ok"] is True and report["problems"] == []


def test_options_and_closed_handle(tmp_path):
    with SynaDB(tmp_path / "o", durability="always", history=3) as d:
        for i in range(10):
            d.put_float("k", i)
        d.compact()
        assert d.get_history_tensor("k").tolist() == [7.0, 8.0, 9.0]
    with pytest.raises(SynaError) as e:
        SynaDB(tmp_path / "o", durability="sometimes")
    assert e.value.code == -12 and "durability" in e.value.message
    with pytest.raises(SynaError) as e:
        SynaDB(tmp_path / "missing", create_if_missing=False)
    assert e.value.code == -1
    d = SynaDB(tmp_path / "o", read_only=True)
    with pytest.raises(SynaError) as e:
        d.put_float("k", 1)
    assert e.value.name == "UNSUPPORTED"
    d.close()
    d.close()
    with pytest.raises(ValueError):
        d.get_float("k")


def test_eight_python_threads_at_once(db):
    errors = []

    def work(t):
        try:
            for k in range(500):
                db.put_int(f"t{t}/{k % 10}", k)
                assert db.get_int(f"t{t}/{k % 10}") == k
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(db.keys()) == 80


def _run(code, tmp_path):
    env = dict(os.environ)
    return subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, env=env,
                          timeout=120)


def test_faulthandler_enabled_before_the_jvm_is_kept_behind_it(tmp_path):
    # faulthandler first, then the JVM: the JVM's routine SIGSEGVs (null checks, safepoints) stay its own,
    # so a workload that makes many of them finishes, and faulthandler is still enabled.
    r = _run(
        "import faulthandler, sys; faulthandler.enable()\n"
        "from synadb import SynaDB\n"
        "db = SynaDB(sys.argv[1] + '/fh')\n"
        "for i in range(20000):\n"
        "    db.put_float('k%d' % (i % 100), i); db.get_float('absent')\n"
        "db.close(); print('done', faulthandler.is_enabled())\n",
        tmp_path)
    assert r.returncode == 0, r.stderr
    assert "done True" in r.stdout
    assert "Fatal Python error" not in r.stderr


def test_sigint_stays_with_python(tmp_path):
    # -Xrs: the JVM does not take SIGINT, so Ctrl-C is still KeyboardInterrupt after it started.
    r = _run(
        "import os, signal, sys, synadb\n"
        "synadb.start()\n"
        "try:\n"
        "    os.kill(os.getpid(), signal.SIGINT)\n"
        "    import time; time.sleep(5)\n"
        "except KeyboardInterrupt:\n"
        "    print('KeyboardInterrupt')\n",
        tmp_path)
    assert r.returncode == 0, r.stderr
    assert "KeyboardInterrupt" in r.stdout


def test_first_call_reports_jvm_start(tmp_path):
    r = _run("import synadb; print('%.3f' % synadb.start())", tmp_path)
    assert r.returncode == 0, r.stderr
    assert float(r.stdout) > 0


def test_write_batch_is_atomic(db):
    with db.batch() as b:
        b.put_float("a", 1.0).put_int("b", 2).put_text("c", "three").put_bytes("d", b"4")
        assert not db.exists("a")
    assert db.get("a") == 1.0 and db.get("c") == "three" and db.get("d") == b"4"
    with pytest.raises(RuntimeError):
        with db.batch() as b:
            b.put_int("never", 1)
            raise RuntimeError("abort")
    assert not db.exists("never")
