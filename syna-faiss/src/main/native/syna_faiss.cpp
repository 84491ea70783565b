// syna_faiss: the C ABI of syna_faiss.h over FAISS's C++ API. See the header for the conventions.
//
// Only API that is the same from FAISS 1.7.3 to the current releases is used: index_factory,
// Index::{train, add, add_with_ids, search(..., SearchParameters*), remove_ids}, SearchParametersIVF /
// SearchParametersHNSW / SearchParametersPreTransform, IDSelectorBitmap / IDSelectorBatch,
// ParameterSpace::set_index_parameter, write_index / read_index over IOWriter / IOReader.

#include "syna_faiss.h"

#include <faiss/AutoTune.h>
#include <faiss/Index.h>
#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>
#include <faiss/IndexIDMap.h>
#include <faiss/IndexIVF.h>
#include <faiss/IndexIVFFastScan.h>
#include <faiss/IndexIVFFlat.h>
#include <faiss/IndexIVFPQ.h>
#include <faiss/IndexPreTransform.h>
#include <faiss/IndexRefine.h>
#include <faiss/IndexScalarQuantizer.h>
#include <faiss/impl/FaissException.h>
#include <faiss/impl/IDSelector.h>
#include <faiss/impl/io.h>
#include <faiss/index_factory.h>
#include <faiss/index_io.h>
#include <omp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string>
#include <typeinfo>
#include <vector>

// Before FAISS 1.8, HNSW::search sized its candidate queue by the index's own efSearch, not by
// SearchParametersHNSW::efSearch (fixed upstream in 1.8.0): a per-call efSearch above the index's setting
// was cut to it. The shim then asks that search for max(k, efSearch) results, which sizes the queue right,
// and returns the first k; an IVF's HNSW quantizer cannot be reached that way, so such indexes search under
// the handle's mutex there.
#if FAISS_VERSION_MAJOR > 1 || (FAISS_VERSION_MAJOR == 1 && FAISS_VERSION_MINOR >= 8)
#define SYNA_HNSW_PARAMS_SIZE_QUEUE 1
#else
#define SYNA_HNSW_PARAMS_SIZE_QUEUE 0
#endif

#define SYNA_STR2(x) #x
#define SYNA_STR(x) SYNA_STR2(x)

struct syna_faiss_index {
    std::unique_ptr<faiss::Index> index;
    int kind = 0;
    // Serialises searches of structures whose parameters must be set on the index itself.
    mutable std::mutex fallback;
};

namespace {

thread_local std::string last_error;
std::atomic<int64_t> live_handles{0};

// A write callback reported failure; carried through FAISS's writer to the status code.
struct CallbackError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

int fail(int status, const char* message) {
    last_error = message ? message : "";
    return status;
}

int fail(int status, const std::string& message) {
    last_error = message;
    return status;
}

template <class F>
int guarded(F&& body) {
    try {
        return body();
    } catch (const CallbackError& e) {
        return fail(SYNA_FAISS_E_IO, e.what());
    } catch (const faiss::FaissException& e) {
        return fail(SYNA_FAISS_E_FAISS, e.what());
    } catch (const std::bad_alloc&) {
        return fail(SYNA_FAISS_E_NOMEM, "out of native memory (std::bad_alloc)");
    } catch (const std::exception& e) {
        return fail(SYNA_FAISS_E_UNKNOWN, std::string(typeid(e).name()) + ": " + e.what());
    } catch (...) {
        return fail(SYNA_FAISS_E_UNKNOWN, "unknown C++ exception");
    }
}

void set_threads(int threads) {
    if (threads > 0) {
        omp_set_num_threads(threads);
    }
}

// The structures a search reaches under the wrappers that only forward (transforms, id maps, refinement).
struct Core {
    faiss::Index* core = nullptr;
    bool pretransform = false;
    bool idmap = false;
    bool refine = false;
};

Core unwrap(faiss::Index* index) {
    Core c;
    faiss::Index* cur = index;
    while (true) {
        if (auto* pt = dynamic_cast<faiss::IndexPreTransform*>(cur)) {
            c.pretransform = true;
            cur = pt->index;
        } else if (auto* m = dynamic_cast<faiss::IndexIDMap*>(cur)) {
            c.idmap = true;
            cur = m->index;
        } else if (auto* r = dynamic_cast<faiss::IndexRefine*>(cur)) {
            c.refine = true;
            cur = r->base_index;
        } else {
            break;
        }
    }
    c.core = cur;
    return c;
}

bool is_exact_type(const faiss::Index* idx, std::initializer_list<const std::type_info*> types) {
    const std::type_info& t = typeid(*idx);
    for (const std::type_info* candidate : types) {
        if (t == *candidate) {
            return true;
        }
    }
    return false;
}

int compute_kind(faiss::Index* index) {
    Core c = unwrap(index);
    int kind = 0;
    auto* ivf = dynamic_cast<faiss::IndexIVF*>(c.core);
    auto* hnsw = dynamic_cast<faiss::IndexHNSW*>(c.core);
    auto* flat = dynamic_cast<faiss::IndexFlat*>(c.core);
    bool fastscan = dynamic_cast<faiss::IndexIVFFastScan*>(c.core) != nullptr;
    bool hnsw2level = dynamic_cast<faiss::IndexHNSW2Level*>(c.core) != nullptr;
    if (ivf) {
        kind |= SYNA_FAISS_KIND_IVF;
        if (dynamic_cast<faiss::IndexHNSW*>(ivf->quantizer)) {
            kind |= SYNA_FAISS_KIND_QUANTIZER_HNSW;
        }
    }
    if (hnsw) {
        kind |= SYNA_FAISS_KIND_HNSW;
    }
    if (flat) {
        kind |= SYNA_FAISS_KIND_FLAT;
    }
    if (c.pretransform) {
        kind |= SYNA_FAISS_KIND_PRETRANSFORM;
    }
    // SearchParameters reach the core only through IndexPreTransform in every supported version
    // (IndexIDMap and IndexRefine reject them in 1.7.3, as IndexIVFFastScan and IndexHNSW2Level do).
    bool params = !c.idmap && !c.refine && ((ivf && !fastscan) || (hnsw && !hnsw2level) || flat);
    if (!SYNA_HNSW_PARAMS_SIZE_QUEUE && (kind & SYNA_FAISS_KIND_QUANTIZER_HNSW)) {
        params = false;
    }
    if (params) {
        kind |= SYNA_FAISS_KIND_PARAMS;
    }
    // Structures whose search applies SearchParameters::sel in FAISS 1.7.3 (exact types: subclasses
    // may override the scan and drop it).
    bool metric_ok = c.core->metric_type == faiss::METRIC_L2 || c.core->metric_type == faiss::METRIC_INNER_PRODUCT;
    if (params && metric_ok &&
        is_exact_type(c.core, {&typeid(faiss::IndexIVFFlat), &typeid(faiss::IndexIVFPQ),
                               &typeid(faiss::IndexIVFScalarQuantizer), &typeid(faiss::IndexHNSWFlat),
                               &typeid(faiss::IndexHNSWSQ), &typeid(faiss::IndexHNSWPQ), &typeid(faiss::IndexFlat),
                               &typeid(faiss::IndexFlatL2), &typeid(faiss::IndexFlatIP)})) {
        kind |= SYNA_FAISS_KIND_SELECTOR;
    }
    if (!c.refine && ((ivf && !fastscan) || (c.idmap && flat))) {
        kind |= SYNA_FAISS_KIND_STABLE_REMOVE;
    }
    if (!c.refine && (ivf || c.idmap)) {
        kind |= SYNA_FAISS_KIND_ADD_WITH_IDS;
    }
    return kind;
}

syna_faiss_index* wrap(faiss::Index* raw) {
    std::unique_ptr<faiss::Index> owned(raw);
    auto* h = new syna_faiss_index();
    h->kind = compute_kind(owned.get());
    h->index = std::move(owned);
    live_handles.fetch_add(1);
    return h;
}

// SearchParameters for the chain [IndexPreTransform]* core; the objects live in keep.
const faiss::SearchParameters* build_params(const faiss::Index* idx, int nprobe, int ef_search, const faiss::IDSelector* sel,
                                            std::vector<std::unique_ptr<faiss::SearchParameters>>& keep) {
    if (auto* pt = dynamic_cast<const faiss::IndexPreTransform*>(idx)) {
        auto p = std::make_unique<faiss::SearchParametersPreTransform>();
        p->index_params = const_cast<faiss::SearchParameters*>(build_params(pt->index, nprobe, ef_search, sel, keep));
        keep.push_back(std::move(p));
        return keep.back().get();
    }
    if (auto* ivf = dynamic_cast<const faiss::IndexIVF*>(idx)) {
        auto p = std::make_unique<faiss::SearchParametersIVF>();
        p->nprobe = nprobe > 0 ? size_t(nprobe) : ivf->nprobe;
        p->max_codes = ivf->max_codes;
        p->sel = const_cast<faiss::IDSelector*>(sel);
        if (ef_search > 0) {
            auto* qh = dynamic_cast<const faiss::IndexHNSW*>(ivf->quantizer);
            auto q = std::make_unique<faiss::SearchParametersHNSW>();
            q->efSearch = ef_search;
            q->check_relative_distance = qh->hnsw.check_relative_distance;
            p->quantizer_params = q.get();
            keep.push_back(std::move(q));
        }
        keep.push_back(std::move(p));
        return keep.back().get();
    }
    if (auto* h = dynamic_cast<const faiss::IndexHNSW*>(idx)) {
        auto p = std::make_unique<faiss::SearchParametersHNSW>();
        p->efSearch = ef_search > 0 ? ef_search : h->hnsw.efSearch;
        p->check_relative_distance = h->hnsw.check_relative_distance;
        p->sel = const_cast<faiss::IDSelector*>(sel);
        keep.push_back(std::move(p));
        return keep.back().get();
    }
    auto p = std::make_unique<faiss::SearchParameters>();
    p->sel = const_cast<faiss::IDSelector*>(sel);
    keep.push_back(std::move(p));
    return keep.back().get();
}

// Sets nprobe / efSearch on the index for one search and puts the old values back (fallback path).
struct ScopedTunables {
    faiss::IndexIVF* ivf = nullptr;
    faiss::IndexHNSW* hnsw = nullptr;
    faiss::IndexHNSW* quantizer = nullptr;
    size_t old_nprobe = 0;
    int old_ef = 0;
    int old_qef = 0;

    ScopedTunables(faiss::Index* index, int nprobe, int ef_search) {
        Core c = unwrap(index);
        if (nprobe > 0) {
            ivf = dynamic_cast<faiss::IndexIVF*>(c.core);
            old_nprobe = ivf->nprobe;
            ivf->nprobe = size_t(nprobe);
        }
        if (ef_search > 0) {
            hnsw = dynamic_cast<faiss::IndexHNSW*>(c.core);
            if (hnsw) {
                old_ef = hnsw->hnsw.efSearch;
                hnsw->hnsw.efSearch = ef_search;
            } else {
                quantizer = dynamic_cast<faiss::IndexHNSW*>(dynamic_cast<faiss::IndexIVF*>(c.core)->quantizer);
                old_qef = quantizer->hnsw.efSearch;
                quantizer->hnsw.efSearch = ef_search;
            }
        }
    }

    ~ScopedTunables() {
        if (ivf) {
            ivf->nprobe = old_nprobe;
        }
        if (hnsw) {
            hnsw->hnsw.efSearch = old_ef;
        }
        if (quantizer) {
            quantizer->hnsw.efSearch = old_qef;
        }
    }
};

// FAISS's serialized form through a callback, in chunks of at most CHUNK bytes.
struct CallbackWriter : faiss::IOWriter {
    static constexpr size_t CHUNK = size_t(1) << 20;
    syna_faiss_write_fn fn;
    void* ctx;
    std::vector<uint8_t> buf;

    CallbackWriter(syna_faiss_write_fn fn, void* ctx) : fn(fn), ctx(ctx) {
        name = "syna_faiss_write_stream";
        buf.reserve(CHUNK);
    }

    void emit(const uint8_t* p, size_t len) {
        while (len > 0) {
            size_t n = std::min(len, CHUNK);
            int64_t r = fn(ctx, p, int64_t(n));
            if (r != int64_t(n)) {
                throw CallbackError("the write callback failed after FAISS produced its bytes");
            }
            p += n;
            len -= n;
        }
    }

    void flush() {
        if (!buf.empty()) {
            emit(buf.data(), buf.size());
            buf.clear();
        }
    }

    size_t operator()(const void* ptr, size_t size, size_t nitems) override {
        size_t len = size * nitems;
        const auto* p = static_cast<const uint8_t*>(ptr);
        if (buf.size() + len > CHUNK) {
            flush();
        }
        if (len >= CHUNK) {
            emit(p, len);
        } else {
            buf.insert(buf.end(), p, p + len);
        }
        return nitems;
    }
};

struct CountingWriter : faiss::IOWriter {
    int64_t total = 0;

    CountingWriter() {
        name = "syna_faiss_serialized_size";
    }

    size_t operator()(const void*, size_t size, size_t nitems) override {
        total += int64_t(size * nitems);
        return nitems;
    }
};

// Reads from caller-owned memory; never reads past len.
struct MemoryReader : faiss::IOReader {
    const uint8_t* data;
    size_t len;
    size_t pos = 0;

    MemoryReader(const void* data, size_t len) : data(static_cast<const uint8_t*>(data)), len(len) {
        name = "syna_faiss_read_memory";
    }

    size_t operator()(void* ptr, size_t size, size_t nitems) override {
        if (size == 0 || nitems == 0) {
            return nitems;
        }
        size_t available = (len - pos) / size;
        size_t n = std::min(nitems, available);
        std::memcpy(ptr, data + pos, n * size);
        pos += n * size;
        return n;
    }
};

#define SYNA_CHECK_HANDLE(h)                                                         \
    if ((h) == nullptr || !(h)->index) {                                             \
        return fail(SYNA_FAISS_E_ARGUMENT, "null index handle");                     \
    }

}  // namespace

extern "C" {

int syna_faiss_abi_version(void) {
    return SYNA_FAISS_ABI_VERSION;
}

const char* syna_faiss_faiss_version(void) {
    return SYNA_STR(FAISS_VERSION_MAJOR) "." SYNA_STR(FAISS_VERSION_MINOR) "." SYNA_STR(FAISS_VERSION_PATCH);
}

const char* syna_faiss_last_error(void) {
    return last_error.c_str();
}

int64_t syna_faiss_live_handles(void) {
    return live_handles.load();
}

int syna_faiss_create(const char* factory, int dimension, int metric, syna_faiss_index** out) {
    return guarded([&] {
        if (factory == nullptr || out == nullptr) {
            return fail(SYNA_FAISS_E_ARGUMENT, "null factory string or result pointer");
        }
        if (dimension <= 0) {
            return fail(SYNA_FAISS_E_ARGUMENT, "dimension must be positive, got " + std::to_string(dimension));
        }
        if (metric != SYNA_FAISS_METRIC_L2 && metric != SYNA_FAISS_METRIC_IP) {
            return fail(SYNA_FAISS_E_ARGUMENT, "unknown metric " + std::to_string(metric));
        }
        faiss::MetricType mt = metric == SYNA_FAISS_METRIC_L2 ? faiss::METRIC_L2 : faiss::METRIC_INNER_PRODUCT;
        *out = wrap(faiss::index_factory(dimension, factory, mt));
        return SYNA_FAISS_OK;
    });
}

void syna_faiss_free(syna_faiss_index* index) {
    if (index != nullptr) {
        try {
            delete index;
        } catch (...) {
            // FAISS destructors do not throw; nothing can be reported from here.
        }
        live_handles.fetch_sub(1);
    }
}

int syna_faiss_dimension(const syna_faiss_index* index) {
    return index && index->index ? int(index->index->d) : -1;
}

int64_t syna_faiss_ntotal(const syna_faiss_index* index) {
    return index && index->index ? int64_t(index->index->ntotal) : -1;
}

int syna_faiss_is_trained(const syna_faiss_index* index) {
    return index && index->index ? (index->index->is_trained ? 1 : 0) : -1;
}

int syna_faiss_metric(const syna_faiss_index* index) {
    if (!index || !index->index) {
        return -1;
    }
    switch (index->index->metric_type) {
        case faiss::METRIC_L2:
            return SYNA_FAISS_METRIC_L2;
        case faiss::METRIC_INNER_PRODUCT:
            return SYNA_FAISS_METRIC_IP;
        default:
            return -2;
    }
}

int syna_faiss_kind(const syna_faiss_index* index) {
    return index ? index->kind : 0;
}

int syna_faiss_train(syna_faiss_index* index, int64_t n, const float* x, int threads) {
    return guarded([&] {
        SYNA_CHECK_HANDLE(index);
        if (n < 0 || (n > 0 && x == nullptr)) {
            return fail(SYNA_FAISS_E_ARGUMENT, "train: bad vector count or null vectors");
        }
        set_threads(threads);
        index->index->train(n, x);
        return SYNA_FAISS_OK;
    });
}

int syna_faiss_add(syna_faiss_index* index, int64_t n, const float* x, const int64_t* ids, int threads) {
    return guarded([&] {
        SYNA_CHECK_HANDLE(index);
        if (n < 0 || (n > 0 && x == nullptr)) {
            return fail(SYNA_FAISS_E_ARGUMENT, "add: bad vector count or null vectors");
        }
        if (ids != nullptr && !(index->kind & SYNA_FAISS_KIND_ADD_WITH_IDS)) {
            return fail(SYNA_FAISS_E_UNSUPPORTED, "add: this index structure numbers its vectors itself (no add_with_ids)");
        }
        if (ids != nullptr) {
            for (int64_t i = 0; i < n; i++) {
                if (ids[i] < 0) {
                    return fail(SYNA_FAISS_E_ARGUMENT, "add: negative id " + std::to_string(ids[i]) + " at " + std::to_string(i));
                }
            }
        }
        set_threads(threads);
        if (ids != nullptr) {
            index->index->add_with_ids(n, x, ids);
        } else {
            index->index->add(n, x);
        }
        return SYNA_FAISS_OK;
    });
}

int syna_faiss_remove_ids(syna_faiss_index* index, int64_t n, const int64_t* ids, int64_t* removed) {
    return guarded([&] {
        SYNA_CHECK_HANDLE(index);
        if (n < 0 || (n > 0 && ids == nullptr) || removed == nullptr) {
            return fail(SYNA_FAISS_E_ARGUMENT, "remove_ids: bad id count or null pointers");
        }
        if (!(index->kind & SYNA_FAISS_KIND_STABLE_REMOVE)) {
            return fail(SYNA_FAISS_E_UNSUPPORTED, "remove_ids: this index structure cannot remove vectors and keep the other ids");
        }
        faiss::IDSelectorBatch sel(size_t(n), ids);
        *removed = int64_t(index->index->remove_ids(sel));
        return SYNA_FAISS_OK;
    });
}

int syna_faiss_search(const syna_faiss_index* index, int64_t n, const float* x, int64_t k, int nprobe, int ef_search,
                      const uint8_t* bitmap, int64_t bitmap_bytes, int threads, float* distances, int64_t* labels) {
    return guarded([&] {
        SYNA_CHECK_HANDLE(index);
        if (n < 0 || k <= 0 || (n > 0 && (x == nullptr || distances == nullptr || labels == nullptr))) {
            return fail(SYNA_FAISS_E_ARGUMENT, "search: bad query count or k, or null buffers (n=" + std::to_string(n)
                                                   + ", k=" + std::to_string(k) + ")");
        }
        if (nprobe > 0 && !(index->kind & SYNA_FAISS_KIND_IVF)) {
            return fail(SYNA_FAISS_E_ARGUMENT, "search: nprobe applies to IVF indexes only");
        }
        if (ef_search > 0 && !(index->kind & (SYNA_FAISS_KIND_HNSW | SYNA_FAISS_KIND_QUANTIZER_HNSW))) {
            return fail(SYNA_FAISS_E_ARGUMENT, "search: efSearch applies to HNSW indexes and HNSW coarse quantizers only");
        }
        if (bitmap != nullptr && !(index->kind & SYNA_FAISS_KIND_SELECTOR)) {
            return fail(SYNA_FAISS_E_UNSUPPORTED, "search: this index structure does not apply an id selector");
        }
        if (bitmap != nullptr && bitmap_bytes < 0) {
            return fail(SYNA_FAISS_E_ARGUMENT, "search: negative bitmap length");
        }
        if (n == 0) {
            return SYNA_FAISS_OK;
        }
        set_threads(threads);
        // Rows FAISS does not fill are "missing": label -1 and the metric's worst distance.
        bool ip = index->index->metric_type == faiss::METRIC_INNER_PRODUCT;
        std::fill(labels, labels + n * k, int64_t(-1));
        std::fill(distances, distances + n * k, ip ? -std::numeric_limits<float>::max() : std::numeric_limits<float>::max());
        if (index->index->ntotal == 0) {
            return SYNA_FAISS_OK; // FAISS 1.7.3's flat search reports label 0 here
        }
        std::unique_ptr<faiss::IDSelectorBitmap> sel;
        if (bitmap != nullptr) {
            sel = std::make_unique<faiss::IDSelectorBitmap>(size_t(bitmap_bytes), bitmap);
        }
        if (index->kind & SYNA_FAISS_KIND_PARAMS) {
            std::vector<std::unique_ptr<faiss::SearchParameters>> keep;
            const faiss::SearchParameters* params =
                (nprobe > 0 || ef_search > 0 || sel) ? build_params(index->index.get(), nprobe, ef_search, sel.get(), keep) : nullptr;
            if (!SYNA_HNSW_PARAMS_SIZE_QUEUE && (index->kind & SYNA_FAISS_KIND_HNSW) && ef_search > k) {
                int64_t kq = ef_search;
                std::vector<float> d(size_t(n * kq));
                std::vector<int64_t> l(size_t(n * kq));
                index->index->search(n, x, kq, d.data(), l.data(), params);
                for (int64_t i = 0; i < n; i++) {
                    std::copy(d.begin() + i * kq, d.begin() + i * kq + k, distances + i * k);
                    std::copy(l.begin() + i * kq, l.begin() + i * kq + k, labels + i * k);
                }
            } else {
                index->index->search(n, x, k, distances, labels, params);
            }
        } else {
            std::lock_guard<std::mutex> guard(index->fallback);
            ScopedTunables tunables(index->index.get(), nprobe, ef_search);
            index->index->search(n, x, k, distances, labels);
        }
        return SYNA_FAISS_OK;
    });
}

int syna_faiss_time_search(const syna_faiss_index* index, int64_t n, const float* x, int64_t k, int nprobe, int ef_search,
                           int threads, int64_t* labels, int64_t* elapsed_ns) {
    return guarded([&] {
        SYNA_CHECK_HANDLE(index);
        if (n < 0 || k <= 0 || (n > 0 && (x == nullptr || labels == nullptr)) || elapsed_ns == nullptr) {
            return fail(SYNA_FAISS_E_ARGUMENT, "time_search: bad query count or k, or null buffers");
        }
        std::vector<float> d(static_cast<size_t>(k));
        int64_t dim = index->index->d;
        auto start = std::chrono::steady_clock::now();
        for (int64_t i = 0; i < n; i++) {
            int rc = syna_faiss_search(index, 1, x + i * dim, k, nprobe, ef_search, nullptr, 0, threads, d.data(), labels + i * k);
            if (rc != SYNA_FAISS_OK) {
                return rc;
            }
        }
        *elapsed_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start).count();
        return SYNA_FAISS_OK;
    });
}

int syna_faiss_set_parameter(syna_faiss_index* index, const char* name, double value) {
    return guarded([&] {
        SYNA_CHECK_HANDLE(index);
        if (name == nullptr) {
            return fail(SYNA_FAISS_E_ARGUMENT, "set_parameter: null name");
        }
        faiss::ParameterSpace().set_index_parameter(index->index.get(), name, value);
        return SYNA_FAISS_OK;
    });
}

int syna_faiss_write_file(const syna_faiss_index* index, const char* path) {
    return guarded([&] {
        SYNA_CHECK_HANDLE(index);
        if (path == nullptr) {
            return fail(SYNA_FAISS_E_ARGUMENT, "write_file: null path");
        }
        faiss::write_index(index->index.get(), path);
        return SYNA_FAISS_OK;
    });
}

int syna_faiss_read_file(const char* path, syna_faiss_index** out) {
    return guarded([&] {
        if (path == nullptr || out == nullptr) {
            return fail(SYNA_FAISS_E_ARGUMENT, "read_file: null path or result pointer");
        }
        *out = wrap(faiss::read_index(path));
        return SYNA_FAISS_OK;
    });
}

int syna_faiss_write_stream(const syna_faiss_index* index, syna_faiss_write_fn write, void* ctx) {
    return guarded([&] {
        SYNA_CHECK_HANDLE(index);
        if (write == nullptr) {
            return fail(SYNA_FAISS_E_ARGUMENT, "write_stream: null callback");
        }
        CallbackWriter writer(write, ctx);
        faiss::write_index(index->index.get(), &writer);
        writer.flush();
        return SYNA_FAISS_OK;
    });
}

int syna_faiss_read_memory(const void* data, int64_t len, int64_t* consumed, syna_faiss_index** out) {
    return guarded([&] {
        if (data == nullptr || len < 0 || consumed == nullptr || out == nullptr) {
            return fail(SYNA_FAISS_E_ARGUMENT, "read_memory: null pointers or negative length");
        }
        MemoryReader reader(data, size_t(len));
        faiss::Index* raw = faiss::read_index(&reader);
        *consumed = int64_t(reader.pos);
        *out = wrap(raw);
        return SYNA_FAISS_OK;
    });
}

int syna_faiss_serialized_size(const syna_faiss_index* index, int64_t* size) {
    return guarded([&] {
        SYNA_CHECK_HANDLE(index);
        if (size == nullptr) {
            return fail(SYNA_FAISS_E_ARGUMENT, "serialized_size: null result pointer");
        }
        CountingWriter writer;
        faiss::write_index(index->index.get(), &writer);
        *size = writer.total;
        return SYNA_FAISS_OK;
    });
}

}  // extern "C"
