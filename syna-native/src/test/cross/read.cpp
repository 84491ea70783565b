// Canonical dump of the database through libsynadb from C++ (compared with the Python and Java dumps).
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "synadb.h"

static int64_t bits(double d) {
    int64_t b;
    std::memcpy(&b, &d, sizeof b);
    return b;
}

static std::string hex(const uint8_t* p, size_t n) {
    static const char digits[] = "0123456789abcdef";
    std::string s;
    for (size_t i = 0; i < n; i++) {
        s += digits[p[i] >> 4];
        s += digits[p[i] & 15];
    }
    return s;
}

int main(int argc, char** argv) {
    if (argc != 2) return 2;
    int64_t db;
    if (SYNA_open_with_config(argv[1], "read_only=true", &db) != SYNA_SUCCESS) {
        std::fprintf(stderr, "open: %s\n", SYNA_last_error());
        return 1;
    }
    char** keys;
    size_t count;
    if (SYNA_keys(db, nullptr, &keys, &count) != SYNA_SUCCESS) return 1;
    for (size_t k = 0; k < count; k++) {
        const char* key = keys[k];
        int32_t type;
        if (SYNA_get_type(db, key, &type) != SYNA_SUCCESS) return 1;
        switch (type) {
            case SYNA_TYPE_FLOAT64: {
                double v;
                double* h;
                size_t n;
                SYNA_get_float(db, key, &v);
                SYNA_get_history_tensor(db, key, &h, &n);
                std::printf("%s float %lld %zu", key, (long long) bits(v), n);
                for (size_t i = 0; i < n; i++) std::printf("%s%lld", i == 0 ? " " : " ", (long long) bits(h[i]));
                std::printf("\n");
                SYNA_free_tensor(h, n);
                break;
            }
            case SYNA_TYPE_INT64: {
                int64_t v;
                SYNA_get_int(db, key, &v);
                std::printf("%s int %lld\n", key, (long long) v);
                break;
            }
            case SYNA_TYPE_TEXT: {
                char* t;
                size_t n;
                SYNA_get_text(db, key, &t, &n);
                std::printf("%s text %s\n", key, hex(reinterpret_cast<uint8_t*>(t), n).c_str());
                SYNA_free_text(t);
                break;
            }
            case SYNA_TYPE_BYTES: {
                uint8_t* b;
                size_t n;
                SYNA_get_bytes(db, key, &b, &n);
                std::printf("%s bytes %s\n", key, hex(b, n).c_str());
                SYNA_free_bytes(b);
                break;
            }
            case SYNA_TYPE_VECTOR: {
                float* v;
                size_t n;
                SYNA_get_vector(db, key, &v, &n);
                std::printf("%s vector %zu", key, n);
                for (size_t i = 0; i < n; i++) {
                    int32_t b;
                    std::memcpy(&b, &v[i], sizeof b);
                    std::printf(" %d", b);
                }
                std::printf("\n");
                SYNA_free_vector(v);
                break;
            }
        }
    }
    SYNA_free_keys(keys, count);
    SYNA_close(db);
    return 0;
}
