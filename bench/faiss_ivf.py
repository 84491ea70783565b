#!/usr/bin/env python3
"""FAISS IVF-Flat (faiss-cpu wheel) on a bench/ann.sh data set, for the GWI benchmark (bench/ann.sh gwi).

    faiss_ivf.py <dir> nlist=N nprobes=1,2,4 [threads=1] [seen=<file of int32 ordinals>] [k=10] [n=N] [queries=N]

Reads base.fvecs, query.fvecs and groundtruth.ivecs, normalises (cosine as inner product on unit vectors), trains
IndexIVFFlat on all base vectors (or on the 'seen' ordinals only, then adds every vector: stale centroids), and
prints one machine-readable line per result:
    build <seconds wall> <seconds cpu>
    sweep <nprobe> <recall@k> <qps> <vectors scanned per query>
QPS is single-query latency throughput (one query per search call, as the Java contenders run), best of 3 passes.
"""
import sys
import time

import faiss
import numpy as np


def fvecs(path):
    a = np.fromfile(path, dtype=np.int32)
    d = a[0]
    return a.reshape(-1, d + 1)[:, 1:].copy().view(np.float32)


def ivecs(path):
    a = np.fromfile(path, dtype=np.int32)
    d = a[0]
    return a.reshape(-1, d + 1)[:, 1:].copy()


def main():
    d = sys.argv[1]
    opt = dict(a.split("=", 1) for a in sys.argv[2:])
    threads = int(opt.get("threads", "1"))
    faiss.omp_set_num_threads(threads)
    k = int(opt.get("k", "10"))
    base = fvecs(d + "/base.fvecs")
    queries = fvecs(d + "/query.fvecs")[: int(opt.get("queries", "1000000000"))]
    gt = ivecs(d + "/groundtruth.ivecs")[: len(queries), :k]
    faiss.normalize_L2(base)
    faiss.normalize_L2(queries)
    n = int(opt.get("n", str(len(base))))
    if n < len(base):
        # a prefix of the base set, as the Java side takes it: exact ground truth again
        base = base[:n].copy()
        gt = np.argsort(-(queries @ base.T), axis=1, kind="stable")[:, :k]
    nlist = int(opt["nlist"])
    dim = base.shape[1]
    train = base
    if "seen" in opt:
        seen = np.fromfile(opt["seen"], dtype=np.int32)
        train = base[seen]
    t0, c0 = time.perf_counter(), time.process_time()
    quantizer = faiss.IndexFlatIP(dim)
    index = faiss.IndexIVFFlat(quantizer, dim, nlist, faiss.METRIC_INNER_PRODUCT)
    index.train(train)
    index.add(base)
    print("build %.3f %.3f" % (time.perf_counter() - t0, time.process_time() - c0), flush=True)
    for nprobe in [int(x) for x in opt.get("nprobes", "1,2,4,8,16,32,64").split(",")]:
        index.nprobe = nprobe
        stats = faiss.cvar.indexIVF_stats
        best = None
        for _ in range(3):
            stats.reset()
            found = np.empty((len(queries), k), dtype=np.int64)
            t = time.perf_counter()
            for i in range(len(queries)):
                _, ids = index.search(queries[i:i + 1], k)
                found[i] = ids[0]
            secs = time.perf_counter() - t
            qps = len(queries) / secs
            if best is None or qps > best[1]:
                scanned = stats.ndis / len(queries)
                recall = np.mean([len(set(found[i]) & set(gt[i])) / k for i in range(len(queries))])
                best = (recall, qps, scanned)
        print("sweep %d %.4f %.1f %.1f" % (nprobe, best[0], best[1], best[2]), flush=True)


if __name__ == "__main__":
    main()
