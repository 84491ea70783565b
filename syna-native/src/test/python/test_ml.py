import numpy as np
import pytest

from synadb import Experiment, KeyNotFoundError, ModelRegistry, SynaDB, SynaError, VectorStore


def test_vector_store_with_metadata_filter_and_delete(tmp_path):
    with VectorStore(tmp_path / "vectors.db", dimensions=4, metric="euclidean") as store:
        rng = np.random.default_rng(7)
        vectors = rng.standard_normal((50, 4)).astype(np.float32)
        for i, v in enumerate(vectors):
            store.insert(f"doc/{i}", v, {"parity": "even" if i % 2 == 0 else "odd", "i": i})
        assert len(store) == 50
        hits = store.search(vectors[3], k=5)
        assert hits[0].key == "doc/3" and hits[0].distance == pytest.approx(0, abs=1e-6)
        assert hits[0].metadata == {"parity": "odd", "i": 3}
        brute = np.argsort(((vectors - vectors[3]) ** 2).sum(axis=1))[:5]
        assert [h.key for h in hits] == [f"doc/{i}" for i in brute]
        even = store.search(vectors[3], k=10, filter={"parity": "even"})
        assert even and all(h.metadata["parity"] == "even" for h in even)
        assert store.delete("doc/3") and store.get("doc/3") is None
        assert store.search(vectors[3], k=1)[0].key != "doc/3"
        store.insert_batch(["b/1", "b/2"], np.eye(4, dtype=np.float32)[:2])
        assert store.get("b/2").tolist() == [0.0, 1.0, 0.0, 0.0]
        with pytest.raises(SynaError) as e:
            store.insert("x", [1.0, 2.0])
        assert e.value.name == "DIMENSION_MISMATCH"
    with VectorStore(tmp_path / "vectors.db") as again:  # reopened with its stored dimension and metric
        assert len(again) == 51


def test_tensors_round_trip_every_numpy_dtype(db):
    for dtype in ["float16", "float32", "float64", "int8", "uint8", "int16", "int32", "int64", "bool"]:
        a = (np.arange(24).reshape(2, 3, 4) % 3).astype(dtype)
        db.put_tensor(f"t/{dtype}", a)
        b = db.get_tensor(f"t/{dtype}")
        assert b.dtype == a.dtype and b.shape == a.shape
        np.testing.assert_array_equal(a, b)
    with pytest.raises(TypeError):
        db.put_tensor("c", np.zeros(3, dtype=np.complex64))


def test_tensors_hand_over_through_dlpack_without_a_copy(db):
    for dtype in ["float16", "float32", "float64", "int8", "uint8", "int16", "int32", "int64", "bool"]:
        a = (np.arange(24).reshape(2, 3, 4) % 3).astype(dtype)
        db.put_tensor(f"d/{dtype}", a)
        t = db.get_tensor_dlpack(f"d/{dtype}")
        assert t.shape == (2, 3, 4) and t.__dlpack_device__() == (1, 0)
        b = np.from_dlpack(t)
        assert b.dtype == a.dtype and b.shape == a.shape
        np.testing.assert_array_equal(a, b)
        with pytest.raises(BufferError):
            np.from_dlpack(t)  # handed over once
    # An export nobody consumed is freed with its object; one consumed lives as long as its consumer.
    unused = db.get_tensor_dlpack("d/float32")
    del unused
    kept = np.from_dlpack(db.get_tensor_dlpack("d/int64"))
    import gc

    gc.collect()
    np.testing.assert_array_equal(kept, (np.arange(24).reshape(2, 3, 4) % 3).astype("int64"))
    with pytest.raises(KeyNotFoundError):
        db.get_tensor_dlpack("no/such/tensor")


def test_torch_takes_a_dlpack_tensor():
    torch = pytest.importorskip("torch")
    import tempfile

    with tempfile.TemporaryDirectory() as d, SynaDB(d + "/t.db") as db:
        a = np.arange(12, dtype=np.float32).reshape(3, 4)
        db.put_tensor("w", a)
        t = torch.from_dlpack(db.get_tensor_dlpack("w"))
        assert t.dtype == torch.float32 and tuple(t.shape) == (3, 4)
        assert torch.equal(t, torch.from_numpy(a))


def test_model_registry(tmp_path):
    with ModelRegistry(tmp_path / "models.db") as reg:
        assert reg.save_model("clf", b"v1", {"accuracy": 0.9}) == 1
        assert reg.save_model("clf", b"v2") == 2
        reg.set_stage("clf", 1, "production")
        data, info = reg.get_production("clf")
        assert data == b"v1" and info["stage"] == "Production" and info["metadata"] == {"accuracy": "0.9"}
        assert reg.load_model("clf")[0] == b"v2"
        assert reg.list_models() == ["clf"] and [v["version"] for v in reg.list_versions("clf")] == [1, 2]
        with pytest.raises(SynaError):
            reg.load_model("missing")


def test_experiment_context_manager(tmp_path):
    with SynaDB(tmp_path / "exp.db") as db:
        exp = Experiment("mnist", db)
        with exp.start_run("baseline", tags=["cnn"]) as run:
            run.log_params({"lr": 0.001, "epochs": 3})
            for loss in [0.9, 0.5, 0.3]:
                run.log_metric("loss", loss)
            run.log_artifact("notes.txt", "converged")
        info = exp.get_run(run.id)
        assert info["status"] == "completed" and info["params"] == {"lr": "0.001", "epochs": "3"}
        steps, values = exp.get_metric(run.id, "loss")
        assert steps.tolist() == [0, 1, 2] and values.tolist() == [0.9, 0.5, 0.3]
        with pytest.raises(ZeroDivisionError):
            with exp.start_run("broken") as bad:
                1 / 0
        assert exp.get_run(bad.id)["status"] == "failed"
        assert "ZeroDivisionError" in exp.get_run(bad.id)["error"]
        assert {r["name"] for r in exp.list_runs()} == {"baseline", "broken"}


def test_torch_datasets(db):
    torch = pytest.importorskip("torch")
    from synadb.torch import HistoryDataset, TensorDataset

    x = np.arange(40, dtype=np.float32).reshape(10, 4)
    y = np.arange(10, dtype=np.int64)
    db.put_tensor("train/x", x)
    db.put_tensor("train/y", y)
    ds = TensorDataset(db, "train/x", labels="train/y")
    assert len(ds) == 10
    xs, ys = next(iter(torch.utils.data.DataLoader(ds, batch_size=4)))
    assert xs.shape == (4, 4) and ys.tolist() == [0, 1, 2, 3]
    assert torch.equal(xs[1], torch.tensor([4.0, 5.0, 6.0, 7.0]))
    db.put_floats_batch("temp", np.linspace(0, 1, 11))
    h = HistoryDataset(db, "temp", window=3)
    assert len(h) == 8
    w, target = h[0]
    assert w.tolist() == pytest.approx([0.0, 0.1, 0.2]) and float(target) == pytest.approx(0.3)
