#!/usr/bin/env python3
"""FAISS from the local faiss-cpu wheel on a bench/ann.sh data set, measured the way AnnBenchmark measures.

    python3 bench/faiss_ann.py DIR [key=value ...] --out FILE.tsv

Keys (as bench/ann.sh run): m (16), efc (100), k (10), n (all base vectors; fewer recomputes the exact ground
truth), queries (all), efs (10,20,40,80,120,200,300,500), nprobes (1,2,4,8,16,32,64,128: the IVF sweep),
faiss (comma list of contenders: hnsw, ivf-flat, ivf-pq; default hnsw), only (names to keep).

Per contender: a warm-up build on 3,000 vectors, a build with 1 OpenMP thread, then one with 2 (timed, and
its memory is FAISS's serialized size, or the resident growth if larger); then with 1 thread, for each ef / nprobe, the best of
3 timed passes over the queries, recall@k against the exact top k. Two rows per contender:
  faiss-X     all queries in one search() call: FAISS's own speed (latency = mean time per query)
  faiss-X-py  one search() call per query from Python, as the Java harness calls each contender
Vectors are L2-normalised and compared by inner product, as the Java harness does (cosine).
Writes the rows AnnBenchmark's external= option reads (see syna-bench ExternalResults).
"""
import os
import sys
import time

import numpy as np

import faiss

PASSES = int(os.environ.get("SYNA_BENCH_PASSES", "3"))


def read_vecs(path, dtype, limit=None):
    raw = np.fromfile(path, dtype=np.int32)
    if raw.size == 0:
        return np.zeros((0, 0), dtype=dtype)
    d = int(raw[0])
    rows = raw.reshape(-1, d + 1)
    if limit is not None:
        rows = rows[:limit]
    return np.ascontiguousarray(rows[:, 1:]).view(dtype)


def normalize(x):
    x = np.ascontiguousarray(x, dtype=np.float32)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    norms[norms == 0] = 1
    return np.ascontiguousarray(x / norms, dtype=np.float32)


def rss_bytes():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def recall(found, truth, k):
    total = 0.0
    for f, t in zip(found, truth):
        ts = set(int(x) for x in t[:k])
        total += sum(1 for x in f[:k] if int(x) in ts) / min(k, len(t))
    return total / len(found)


def factory(kind, d, n, m):
    nlist = max(16, min(4096, 1 << int(round(np.log2(4 * np.sqrt(n))))))
    if kind == "hnsw":
        return "HNSW%d,Flat" % m, "efSearch"
    if kind == "ivf-flat":
        return "IVF%d,Flat" % nlist, "nprobe"
    if kind == "ivf-pq":
        # 8-bit codes of d/8 sub-vectors (48 bytes for 384-d); "np": no polysemous training.
        return "IVF%d,PQ%dnp" % (nlist, max(1, d // 8)), "nprobe"
    raise SystemExit("unknown FAISS contender %r (hnsw, ivf-flat, ivf-pq)" % kind)


def build(desc, knob, data, threads, efc):
    faiss.omp_set_num_threads(threads)
    index = faiss.index_factory(data.shape[1], desc, faiss.METRIC_INNER_PRODUCT)
    if knob == "efSearch":
        index.hnsw.efConstruction = efc
    if not index.is_trained:
        # IVF trains on (at most) the first 256 points per list, FAISS's own sampling cap.
        index.train(data)
    index.add(data)
    return index


def set_knob(index, knob, value):
    if knob == "efSearch":
        index.hnsw.efSearch = max(value, 1)
    else:
        faiss.extract_index_ivf(index).nprobe = value


def sweep(index, knob, values, queries, gt, k):
    faiss.omp_set_num_threads(1)
    batch_rows, py_rows = {}, {}
    for v in values:  # warm-up pass over the whole sweep
        set_knob(index, knob, v)
        index.search(queries, k)
    for v in values:
        set_knob(index, knob, v)
        best_b, best_p = None, None
        for _ in range(PASSES):
            t = time.perf_counter()
            _, labels = index.search(queries, k)
            secs = time.perf_counter() - t
            row = (recall(labels, gt, k), len(queries) / secs, secs / len(queries) * 1e6, secs / len(queries) * 1e6)
            if best_b is None or row[1] > best_b[1]:
                best_b = row
            lat = np.empty(len(queries))
            found = []
            t = time.perf_counter()
            for i in range(len(queries)):
                q0 = time.perf_counter()
                _, li = index.search(queries[i:i + 1], k)
                lat[i] = time.perf_counter() - q0
                found.append(li[0])
            secs = time.perf_counter() - t
            lat.sort()
            row = (recall(found, gt, k), len(queries) / secs, lat[len(lat) // 2] * 1e6,
                   lat[min(len(lat) - 1, int(np.ceil(len(lat) * 0.99)) - 1)] * 1e6)
            if best_p is None or row[1] > best_p[1]:
                best_p = row
        batch_rows[v], py_rows[v] = best_b, best_p
        print("  %s %4d  recall@%d %.4f  QPS %9.0f (one call)  %9.0f (call per query)  p50 %8.1f us  p99 %8.1f us"
              % (knob, v, k, best_b[0], best_b[1], best_p[1], best_p[2], best_p[3]), flush=True)
    return batch_rows, py_rows


def main(argv):
    if len(argv) < 2 or "--out" not in argv:
        print(__doc__, file=sys.stderr)
        return 2
    out_path = argv[argv.index("--out") + 1]
    args = [a for i, a in enumerate(argv[1:], 1) if a != "--out" and argv[i - 1] != "--out"]
    data_dir, opts = args[0], dict(a.split("=", 1) for a in args[1:] if "=" in a)
    m, efc, k = int(opts.get("m", 16)), int(opts.get("efc", 100)), int(opts.get("k", 10))
    efs = [int(x) for x in opts.get("efs", "10,20,40,80,120,200,300,500").split(",")]
    nprobes = [int(x) for x in opts.get("nprobes", "1,2,4,8,16,32,64,128").split(",")]
    kinds = opts.get("faiss", "hnsw").split(",")
    only = set(opts["only"].split(",")) if "only" in opts else set()

    base = normalize(read_vecs(os.path.join(data_dir, "base.fvecs"), np.float32))
    nq = int(opts["queries"]) if "queries" in opts else None
    queries = normalize(read_vecs(os.path.join(data_dir, "query.fvecs"), np.float32, nq))
    gt = read_vecs(os.path.join(data_dir, "groundtruth.ivecs"), np.int32)[:len(queries)]
    if "n" in opts and int(opts["n"]) < len(base):
        base = np.ascontiguousarray(base[:int(opts["n"])])
        exact = faiss.IndexFlatIP(base.shape[1])
        exact.add(base)
        _, gt = exact.search(queries, k)
    n, d = base.shape
    print("# FAISS %s (wheel, compile options: %s), numpy %s; %d base, %d queries, dim %d; M=%d efConstruction=%d k=%d;"
          " load average %.2f" % (faiss.__version__, faiss.get_compile_options().strip(), np.__version__, n,
                                   len(queries), d, m, efc, k, os.getloadavg()[0]), flush=True)

    lines = ["# bench/faiss_ann.py: FAISS %s %s" % (faiss.__version__, faiss.get_compile_options().strip())]
    for kind in kinds:
        name = "faiss-" + kind
        if only and name not in only and name + "-py" not in only:
            continue
        desc, knob = factory(kind, d, n, m)
        print("== %s (%s)" % (name, desc), flush=True)
        try:
            build(desc, knob, base[:min(n, 3000)], 2, efc)
            t = time.perf_counter()
            index = build(desc, knob, base, 1, efc)
            build1 = time.perf_counter() - t
            del index
            print("  build 1 thread: %.2f s" % build1, flush=True)
            before = rss_bytes()
            t = time.perf_counter()
            index = build(desc, knob, base, 2, efc)
            build2 = time.perf_counter() - t
            grown = rss_bytes() - before
            # FAISS's in-memory structures are what it serializes (vectors or codes, lists, links); the resident
            # growth undercounts when malloc reuses what the freed 1-thread build held.
            serialized = faiss.serialize_index(index).nbytes
            memory = max(serialized, grown)
            note = "max(serialized %.1f MB, resident growth %.1f MB)" % (serialized / 1e6, grown / 1e6)
            print("  build 2 threads: %.2f s, memory %.1f MB (%s)" % (build2, memory / 1e6, note), flush=True)
            batch, py = sweep(index, knob, efs if knob == "efSearch" else nprobes, queries, gt, k)
            for suffix, rows, how in (("", batch, "one search() for all queries"), ("-py", py, "one search() per query")):
                lines.append("result\t%s%s\t%.3f\t%.3f\t%.1f\t%s; %s %s" % (name, suffix, build1, build2, memory / 1e6, note,
                                                                           how, desc))
                for v, r in rows.items():
                    lines.append("ef\t%s%s\t%d\t%.5f\t%.1f\t%.1f\t%.1f" % ((name, suffix, v) + tuple(r)))
            del index
        except Exception as e:  # reported as that contender's failure, the others still run
            print("%s: cannot run: %r" % (name, e), flush=True)
            lines.append("failed\t%s\t%r" % (name, e))
    with open(out_path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
