/* Vector stores (metadata, filtered search, delete, reopen), tensors, model registry and experiment tracker
   through the C ABI, with their error codes. Usage: test_ml DIR */
#include <stdint.h>

#include "check.h"

int main(int argc, char** argv) {
    if (argc != 2) {
        return 2;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/ml", argv[1]);
    int64_t db, store;
    OK(SYNA_open(path, &db));

    /* ---- vector store ---- */
    OK(SYNA_vector_store_open(db, "docs", 3, "metric=euclidean", &store));
    const float a[] = {1, 0, 0}, b[] = {0, 1, 0}, c[] = {0.9f, 0.1f, 0};
    OK(SYNA_vector_store_insert(store, "doc/a", a, 3, "{\"lang\":\"en\",\"year\":2024}"));
    OK(SYNA_vector_store_insert(store, "doc/b", b, 3, "{\"lang\":\"de\",\"year\":2023}"));
    OK(SYNA_vector_store_insert(store, "doc/c", c, 3, NULL));
    const char* keys[] = {"x/1", "x/2"};
    const float rows[] = {0, 0, 1, 0, 0, 2};
    OK(SYNA_vector_store_insert_batch(store, keys, rows, 2, 3));
    int64_t size = 0;
    OK(SYNA_vector_store_size(store, &size));
    CHECK(size == 5);
    char* json = NULL;
    OK(SYNA_vector_store_search(store, a, 3, 2, NULL, &json));
    CHECK(json != NULL && strstr(json, "\"key\":\"doc/a\"") != NULL && strstr(json, "doc/c") != NULL);
    CHECK(json != NULL && strstr(json, "\"lang\":\"en\"") != NULL);
    CHECK(json != NULL && strstr(json, "doc/a") < strstr(json, "doc/c"));
    SYNA_free_text(json);
    OK(SYNA_vector_store_search(store, a, 3, 10, "{\"lang\":\"de\"}", &json));
    CHECK(strstr(json, "doc/b") != NULL && strstr(json, "doc/a") == NULL);
    SYNA_free_text(json);
    OK(SYNA_vector_store_search(store, a, 3, 10, "{\"$key_prefix\":\"x/\"}", &json));
    CHECK(strstr(json, "x/1") != NULL && strstr(json, "doc/") == NULL);
    SYNA_free_text(json);
    float* v;
    size_t dim;
    OK(SYNA_vector_store_get(store, "doc/c", &v, &dim));
    CHECK(dim == 3 && v[0] == 0.9f);
    SYNA_free_vector(v);
    int32_t existed = 0;
    OK(SYNA_vector_store_delete(store, "doc/c", &existed));
    CHECK(existed == 1);
    EXPECT(SYNA_KEY_NOT_FOUND, SYNA_vector_store_get(store, "doc/c", &v, &dim));
    EXPECT(SYNA_SERIALIZATION, SYNA_vector_store_insert(store, "bad", a, 3, "{not json"));
    CHECK(strstr(SYNA_last_error(), "JSON") != NULL);
    EXPECT(SYNA_SERIALIZATION, SYNA_vector_store_insert(store, "bad", a, 3, "{\"nested\":{}}"));
    const float four[] = {1, 2, 3, 4};
    EXPECT(SYNA_DIMENSION_MISMATCH, SYNA_vector_store_insert(store, "bad", four, 4, NULL));
    EXPECT(SYNA_DIMENSION_MISMATCH, SYNA_vector_store_search(store, four, 4, 1, NULL, &json));
    EXPECT(SYNA_INVALID_ARGUMENT, SYNA_vector_store_search(store, a, 3, 1, "{\"$near\":1}", &json));
    EXPECT(SYNA_INVALID_ARGUMENT, SYNA_vector_store_open(db, "docs", 3, "metric=manhattan", &store));
    OK(SYNA_vector_store_close(store));
    EXPECT(SYNA_INVALID_ARGUMENT, SYNA_vector_store_size(store, &size));
    /* reopen with the stored dimension */
    OK(SYNA_vector_store_open(db, "docs", 0, NULL, &store));
    OK(SYNA_vector_store_size(store, &size));
    CHECK(size == 4);
    EXPECT(SYNA_DIMENSION_MISMATCH, SYNA_vector_store_open(db, "docs", 8, NULL, &store));

    /* ---- tensors ---- */
    const float t[] = {1, 2, 3, 4, 5, 6};
    const int64_t shape[] = {2, 3};
    OK(SYNA_tensor_put(db, "weights/w1", SYNA_DTYPE_F32, shape, 2, t, sizeof t));
    int32_t dtype = 0, rank = 0;
    int64_t got_shape[8];
    void* data = NULL;
    size_t bytes = 0;
    OK(SYNA_tensor_get(db, "weights/w1", &dtype, got_shape, 8, &rank, &data, &bytes));
    CHECK(dtype == SYNA_DTYPE_F32 && rank == 2 && got_shape[0] == 2 && got_shape[1] == 3 && bytes == sizeof t);
    CHECK(data != NULL && memcmp(data, t, sizeof t) == 0);
    SYNA_free_tensor_data(data);
    {
        /* DLPack, as a consumer sees it through dlpack.h's DLManagedTensor (declared here: no dlpack.h needed). */
        typedef struct { int32_t device_type, device_id; } dl_device;
        typedef struct { uint8_t code, bits; uint16_t lanes; } dl_dtype;
        typedef struct {
            void* data; dl_device device; int32_t ndim; dl_dtype dtype; int64_t* shape; int64_t* strides;
            uint64_t byte_offset;
        } dl_tensor;
        typedef struct dl_managed { dl_tensor t; void* ctx; void (*deleter)(struct dl_managed*); } dl_managed;
        void* raw = NULL;
        OK(SYNA_tensor_get_dlpack(db, "weights/w1", &raw));
        dl_managed* m = raw;
        CHECK(m != NULL && m->deleter != NULL);
        if (m != NULL) {
            CHECK(m->t.device.device_type == 1 && m->t.device.device_id == 0); /* kDLCPU */
            CHECK(m->t.ndim == 2 && m->t.shape[0] == 2 && m->t.shape[1] == 3 && m->t.strides == NULL);
            CHECK(m->t.dtype.code == 2 && m->t.dtype.bits == 32 && m->t.dtype.lanes == 1); /* kDLFloat, 32 */
            CHECK(m->t.byte_offset == 0 && memcmp(m->t.data, t, sizeof t) == 0);
            m->deleter(m);
        }
        const uint8_t flags[] = {1, 0, 1};
        const int64_t three[] = {3};
        OK(SYNA_tensor_put(db, "flags", SYNA_DTYPE_BOOL, three, 1, flags, sizeof flags));
        OK(SYNA_tensor_get_dlpack(db, "flags", &raw));
        m = raw;
        CHECK(m != NULL && m->t.dtype.code == 6 && m->t.dtype.bits == 8 && m->t.ndim == 1 && m->t.shape[0] == 3);
        if (m != NULL) {
            CHECK(memcmp(m->t.data, flags, sizeof flags) == 0);
            m->deleter(m);
        }
        OK(SYNA_tensor_delete(db, "flags", NULL));
        raw = (void*) 1;
        EXPECT(SYNA_KEY_NOT_FOUND, SYNA_tensor_get_dlpack(db, "no/such/tensor", &raw));
        CHECK(raw == NULL);
        EXPECT(SYNA_INVALID_ARGUMENT, SYNA_tensor_get_dlpack(db, "weights/w1", NULL));
    }
    EXPECT(SYNA_INVALID_ARGUMENT, SYNA_tensor_put(db, "bad", SYNA_DTYPE_F32, shape, 2, t, 5));
    EXPECT(SYNA_INVALID_ARGUMENT, SYNA_tensor_put(db, "bad", 99, shape, 2, t, sizeof t));
    EXPECT(SYNA_INVALID_ARGUMENT, SYNA_tensor_get(db, "weights/w1", &dtype, got_shape, 1, &rank, &data, &bytes));
    OK(SYNA_tensor_list(db, "weights/*", &json));
    CHECK(strcmp(json, "[\"weights/w1\"]") == 0);
    SYNA_free_text(json);
    OK(SYNA_tensor_delete(db, "weights/w1", &existed));
    CHECK(existed == 1);

    /* ---- model registry ---- */
    int64_t reg;
    OK(SYNA_model_registry_open(db, &reg));
    const uint8_t model1[] = "weights-v1", model2[] = "weights-v2";
    int32_t version = 0;
    OK(SYNA_model_save(reg, "classifier", model1, sizeof model1, "{\"accuracy\":\"0.91\"}", &version));
    CHECK(version == 1);
    OK(SYNA_model_save(reg, "classifier", model2, sizeof model2, NULL, &version));
    CHECK(version == 2);
    OK(SYNA_model_set_stage(reg, "classifier", 1, "production"));
    uint8_t* loaded;
    size_t len;
    char* info;
    OK(SYNA_model_load(reg, "classifier", -1, &loaded, &len, &info));
    CHECK(len == sizeof model1 && memcmp(loaded, model1, len) == 0);
    CHECK(strstr(info, "\"stage\":\"Production\"") != NULL && strstr(info, "\"accuracy\":\"0.91\"") != NULL);
    SYNA_free_bytes(loaded);
    SYNA_free_text(info);
    OK(SYNA_model_load(reg, "classifier", 0, &loaded, &len, NULL));
    CHECK(len == sizeof model2 && memcmp(loaded, model2, len) == 0);
    SYNA_free_bytes(loaded);
    OK(SYNA_model_list(reg, NULL, &json));
    CHECK(strcmp(json, "[\"classifier\"]") == 0);
    SYNA_free_text(json);
    OK(SYNA_model_list(reg, "classifier", &json));
    CHECK(strstr(json, "\"version\":2") != NULL);
    SYNA_free_text(json);
    int32_t rc = SYNA_model_load(reg, "nope", 0, &loaded, &len, NULL);
    CHECK(rc == SYNA_KEY_NOT_FOUND || rc == SYNA_INVALID_ARGUMENT);
    EXPECT(SYNA_INVALID_ARGUMENT, SYNA_model_set_stage(reg, "classifier", 1, "retired"));

    /* ---- experiment tracker ---- */
    int64_t tracker, run;
    char* run_id;
    OK(SYNA_exp_tracker_open(db, &tracker));
    OK(SYNA_exp_start_run(tracker, "mnist", "baseline", "{\"team\":\"vision\"}", &run, &run_id));
    OK(SYNA_exp_log_param(run, "lr", "0.001"));
    for (int step = 0; step < 5; step++) {
        OK(SYNA_exp_log_metric(run, "loss", 1.0 / (step + 1), step));
    }
    OK(SYNA_exp_log_artifact(run, "notes.txt", (const uint8_t*) "hi", 2));
    OK(SYNA_exp_end_run(run, "completed", NULL));
    EXPECT(SYNA_INVALID_ARGUMENT, SYNA_exp_log_param(run, "late", "x"));
    OK(SYNA_exp_run_info(tracker, run_id, &json));
    CHECK(strstr(json, "\"status\":\"completed\"") != NULL && strstr(json, "\"lr\":\"0.001\"") != NULL);
    CHECK(strstr(json, "notes.txt") != NULL && strstr(json, "\"team\":\"vision\"") != NULL);
    SYNA_free_text(json);
    int64_t* steps;
    double* values;
    OK(SYNA_exp_get_metric(tracker, run_id, "loss", &steps, &values, &len));
    CHECK(len == 5 && steps[4] == 4 && values[0] == 1.0 && values[4] == 0.2);
    SYNA_free_history(steps, values);
    OK(SYNA_exp_list_runs(tracker, "mnist", &json));
    CHECK(strstr(json, run_id) != NULL);
    SYNA_free_text(json);
    SYNA_free_text(run_id);

    /* closing the database closes the store, registry and tracker opened from it */
    OK(SYNA_close(db));
    EXPECT(SYNA_INVALID_ARGUMENT, SYNA_vector_store_size(store, &size));
    EXPECT(SYNA_INVALID_ARGUMENT, SYNA_model_list(reg, NULL, &json));
    EXPECT(SYNA_INVALID_ARGUMENT, SYNA_exp_list_runs(tracker, "mnist", &json));
    return check_done("test_ml");
}
