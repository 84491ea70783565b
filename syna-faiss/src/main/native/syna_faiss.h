/*
 * syna_faiss: Syna's C ABI over FAISS, called from Java through java.lang.foreign (module syna.faiss).
 *
 * A small, stable surface that compiles unchanged against FAISS 1.7.3 (Debian bookworm's libfaiss-dev)
 * and newer releases: ids are int64_t, search parameters are built per call (SearchParameters*, so
 * concurrent searches may use different nprobe / efSearch), and nothing here exposes a FAISS type.
 *
 * Conventions
 *  - Every function that can fail returns an int status: SYNA_FAISS_OK (0) or a negative code below.
 *    The message of the last failure on the calling thread is syna_faiss_last_error(); it stays valid
 *    until the next failing call on that thread.
 *  - No C++ exception ever leaves this library: FAISS exceptions, std::bad_alloc and anything else are
 *    caught and turned into a status.
 *  - Thread-safety is FAISS's: any number of threads may search one index at once; train, add,
 *    remove_ids, set_parameter and free need exclusive access (the Java side holds a read-write lock).
 *    Index structures for which per-call parameters cannot be expressed in this FAISS version search
 *    under a mutex of the handle instead (see SYNA_FAISS_KIND_PARAMS).
 *  - threads > 0 sets OpenMP's thread count for the call (on the calling thread only); 0 keeps it.
 */
#ifndef SYNA_FAISS_H
#define SYNA_FAISS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define SYNA_FAISS_API __attribute__((visibility("default")))
#else
#define SYNA_FAISS_API
#endif

#define SYNA_FAISS_ABI_VERSION 1

/* Status codes. */
#define SYNA_FAISS_OK 0
#define SYNA_FAISS_E_FAISS (-1)       /* FAISS threw faiss::FaissException; the message is FAISS's */
#define SYNA_FAISS_E_ARGUMENT (-2)    /* a bad argument caught by the shim before calling FAISS */
#define SYNA_FAISS_E_NOMEM (-3)       /* std::bad_alloc */
#define SYNA_FAISS_E_IO (-4)          /* a write or read callback reported an error */
#define SYNA_FAISS_E_UNSUPPORTED (-5) /* the operation does not apply to this index structure */
#define SYNA_FAISS_E_UNKNOWN (-6)     /* any other exception */

/* Metrics. */
#define SYNA_FAISS_METRIC_L2 0 /* squared Euclidean distance, smaller is closer */
#define SYNA_FAISS_METRIC_IP 1 /* inner product, larger is closer */

/* Bits of syna_faiss_kind(). */
#define SYNA_FAISS_KIND_IVF 1             /* an inverted-file index: nprobe applies; add_with_ids works */
#define SYNA_FAISS_KIND_HNSW 2            /* an HNSW graph: efSearch applies */
#define SYNA_FAISS_KIND_PRETRANSFORM 4    /* wrapped in a vector transform (OPQ, PCA, ...) */
#define SYNA_FAISS_KIND_PARAMS 8          /* per-call parameters without a lock (else: searched under a mutex) */
#define SYNA_FAISS_KIND_SELECTOR 16       /* search honours an id selector (else: the caller filters) */
#define SYNA_FAISS_KIND_STABLE_REMOVE 32  /* remove_ids works and keeps the other ids */
#define SYNA_FAISS_KIND_QUANTIZER_HNSW 64 /* IVF whose coarse quantizer is HNSW: efSearch applies to it */
#define SYNA_FAISS_KIND_FLAT 128          /* an exact flat index */
#define SYNA_FAISS_KIND_ADD_WITH_IDS 256  /* add accepts explicit ids */

typedef struct syna_faiss_index syna_faiss_index;

/* Writes len bytes at data; returns len on success, a negative value on failure. */
typedef int64_t (*syna_faiss_write_fn)(void* ctx, const void* data, int64_t len);

SYNA_FAISS_API int syna_faiss_abi_version(void);
/* The FAISS version the shim was compiled against, e.g. "1.7.3". */
SYNA_FAISS_API const char* syna_faiss_faiss_version(void);
/* The message of the last failure on this thread ("" when none). */
SYNA_FAISS_API const char* syna_faiss_last_error(void);
/* Handles created and not yet freed, in this process. */
SYNA_FAISS_API int64_t syna_faiss_live_handles(void);

SYNA_FAISS_API int syna_faiss_create(const char* factory, int dimension, int metric, syna_faiss_index** out);
SYNA_FAISS_API void syna_faiss_free(syna_faiss_index* index);

SYNA_FAISS_API int syna_faiss_dimension(const syna_faiss_index* index);
SYNA_FAISS_API int64_t syna_faiss_ntotal(const syna_faiss_index* index);
SYNA_FAISS_API int syna_faiss_is_trained(const syna_faiss_index* index);
SYNA_FAISS_API int syna_faiss_metric(const syna_faiss_index* index);
SYNA_FAISS_API int syna_faiss_kind(const syna_faiss_index* index);

SYNA_FAISS_API int syna_faiss_train(syna_faiss_index* index, int64_t n, const float* x, int threads);
/* ids may be NULL (FAISS numbers the vectors ntotal, ntotal + 1, ...). */
SYNA_FAISS_API int syna_faiss_add(syna_faiss_index* index, int64_t n, const float* x, const int64_t* ids, int threads);
/* Removes the given ids; *removed receives how many were present. */
SYNA_FAISS_API int syna_faiss_remove_ids(syna_faiss_index* index, int64_t n, const int64_t* ids, int64_t* removed);

/*
 * The k nearest of each of n queries. distances and labels hold n * k entries; missing results have
 * label -1. nprobe / efSearch <= 0 keep the index's own setting. bitmap, when not NULL, selects the ids
 * whose bit is set (bit i % 8 of byte i / 8, bitmap_bytes bytes; ids past the end are excluded): it
 * needs SYNA_FAISS_KIND_SELECTOR, else the call fails with SYNA_FAISS_E_UNSUPPORTED.
 */
SYNA_FAISS_API int syna_faiss_search(const syna_faiss_index* index, int64_t n, const float* x, int64_t k, int nprobe,
                      int ef_search, const uint8_t* bitmap, int64_t bitmap_bytes, int threads,
                      float* distances, int64_t* labels);

/*
 * For measuring the cost of calling the shim from another language: n searches of one query each, as
 * syna_faiss_search with n = 1 would run them, timed inside the library; *elapsed_ns receives the total
 * wall time and labels the n * k results.
 */
SYNA_FAISS_API int syna_faiss_time_search(const syna_faiss_index* index, int64_t n, const float* x, int64_t k, int nprobe,
                                          int ef_search, int threads, int64_t* labels, int64_t* elapsed_ns);

/* A default search parameter through faiss::ParameterSpace ("nprobe", "efSearch", "k_factor_rf", ...). */
SYNA_FAISS_API int syna_faiss_set_parameter(syna_faiss_index* index, const char* name, double value);

SYNA_FAISS_API int syna_faiss_write_file(const syna_faiss_index* index, const char* path);
SYNA_FAISS_API int syna_faiss_read_file(const char* path, syna_faiss_index** out);
/* Streams FAISS's serialized form through write (in chunks of at most 1 MiB). */
SYNA_FAISS_API int syna_faiss_write_stream(const syna_faiss_index* index, syna_faiss_write_fn write, void* ctx);
/* Reads an index from len bytes at data; *consumed receives the bytes FAISS read. */
SYNA_FAISS_API int syna_faiss_read_memory(const void* data, int64_t len, int64_t* consumed, syna_faiss_index** out);
/* The length of the serialized form, counted without copying it. */
SYNA_FAISS_API int syna_faiss_serialized_size(const syna_faiss_index* index, int64_t* size);

#ifdef __cplusplus
}
#endif

#endif
