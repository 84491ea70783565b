#!/usr/bin/env python3
"""Times one FAISS index file with the faiss-cpu wheel, the way FaissOverheadBench times Syna's shim.

    python3 bench/faiss_same_index.py INDEX QUERIES.fvecs K KNOB V1,V2,...

KNOB is nprobe or efSearch. For each value: the best of 3 passes of one search() call per query (1 OpenMP
thread) and of one call for all queries; prints "value qps_per_call qps_one_call" lines, and the labels of
the per-call pass to INDEX.labels-VALUE (int64) so the caller can check both sides found the same ids.
"""
import sys
import time

import numpy as np

import faiss


def main(path, queries_path, k, knob, values):
    raw = np.fromfile(queries_path, dtype=np.int32)
    d = int(raw[0])
    q = np.ascontiguousarray(raw.reshape(-1, d + 1)[:, 1:]).view(np.float32)
    index = faiss.read_index(path)
    faiss.omp_set_num_threads(1)
    print("# faiss %s %s, %s, %d queries" % (faiss.__version__, faiss.get_compile_options().strip(), path, len(q)))
    for v in values:
        if knob == "efSearch":
            faiss.downcast_index(index).hnsw.efSearch = v
        else:
            faiss.extract_index_ivf(index).nprobe = v
        for i in range(len(q)):  # warm-up
            index.search(q[i:i + 1], k)
        best_call, best_batch, labels = 0.0, 0.0, None
        for _ in range(3):
            out = np.empty((len(q), k), dtype=np.int64)
            t = time.perf_counter()
            for i in range(len(q)):
                _, out[i:i + 1] = index.search(q[i:i + 1], k)
            best_call = max(best_call, len(q) / (time.perf_counter() - t))
            labels = out
            t = time.perf_counter()
            index.search(q, k)
            best_batch = max(best_batch, len(q) / (time.perf_counter() - t))
        labels.tofile("%s.labels-%d" % (path, v))
        print("%d %.1f %.1f" % (v, best_call, best_batch), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], [int(x) for x in sys.argv[5].split(",")])
