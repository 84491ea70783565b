/* Every atom type through put/get, delete, exists, keys, history with times, batches, compact, verify, options,
   and every error code the KV functions return, each with its message. Usage: test_core DIR */
#include <math.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

static char path[4096];

static const char* sub(const char* dir, const char* name) {
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

int main(int argc, char** argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: test_core DIR\n");
        return 2;
    }
    const char* dir = argv[1];
    int64_t db = 0;
    OK(SYNA_open(sub(dir, "core"), &db));
    CHECK(db != 0);
    CHECK(strcmp(SYNA_version(), SYNADB_VERSION) == 0);

    /* every atom type */
    OK(SYNA_put_float(db, "f", 21.5));
    OK(SYNA_put_float(db, "nan", NAN));
    OK(SYNA_put_int(db, "i", -9007199254740993LL));
    OK(SYNA_put_text(db, "t", "héllo wörld"));
    const uint8_t bytes[] = {0, 1, 2, 255, 0};
    OK(SYNA_put_bytes(db, "b", bytes, sizeof bytes));
    OK(SYNA_put_bytes(db, "empty", NULL, 0));
    const float vec[] = {0.25f, -1.0f, 3.0f};
    OK(SYNA_put_vector(db, "v", vec, 3));

    double f = 0;
    OK(SYNA_get_float(db, "f", &f));
    CHECK(f == 21.5);
    OK(SYNA_get_float(db, "nan", &f));
    CHECK(isnan(f));
    int64_t i = 0;
    OK(SYNA_get_int(db, "i", &i));
    CHECK(i == -9007199254740993LL);
    char* text = NULL;
    size_t len = 0;
    OK(SYNA_get_text(db, "t", &text, &len));
    CHECK(text != NULL && strcmp(text, "héllo wörld") == 0 && len == strlen("héllo wörld"));
    SYNA_free_text(text);
    uint8_t* b = NULL;
    OK(SYNA_get_bytes(db, "b", &b, &len));
    CHECK(len == sizeof bytes && memcmp(b, bytes, len) == 0);
    SYNA_free_bytes(b);
    b = (uint8_t*) 1;
    OK(SYNA_get_bytes(db, "empty", &b, &len));
    CHECK(len == 0 && b == NULL);
    float* v = NULL;
    size_t dim = 0;
    OK(SYNA_get_vector(db, "v", &v, &dim));
    CHECK(dim == 3 && v[0] == 0.25f && v[1] == -1.0f && v[2] == 3.0f);
    SYNA_free_vector(v);
    int32_t type = -1;
    OK(SYNA_get_type(db, "t", &type));
    CHECK(type == SYNA_TYPE_TEXT);
    OK(SYNA_get_type(db, "v", &type));
    CHECK(type == SYNA_TYPE_VECTOR);

    /* history with times, oldest first */
    for (int k = 0; k < 100; k++) {
        OK(SYNA_put_float(db, "sensor/1", k * 0.5));
    }
    double* values = NULL;
    OK(SYNA_get_history_tensor(db, "sensor/1", &values, &len));
    CHECK(len == 100 && values[0] == 0.0 && values[99] == 49.5);
    SYNA_free_tensor(values, len);
    int64_t* times = NULL;
    OK(SYNA_get_history(db, "sensor/1", &times, &values, &len));
    CHECK(len == 100);
    int increasing = 1;
    for (size_t k = 1; k < len; k++) {
        increasing &= times[k] >= times[k - 1];
    }
    CHECK(increasing && times[0] > 1600000000000000LL);
    SYNA_free_history(times, values);
    const double batch[] = {1, 2, 3};
    OK(SYNA_put_floats_batch(db, "sensor/2", batch, 3));
    OK(SYNA_get_history_tensor(db, "sensor/2", &values, &len));
    CHECK(len == 3 && values[2] == 3);
    SYNA_free_tensor(values, len);
    const int64_t ibatch[] = {7, 8};
    OK(SYNA_put_ints_batch(db, "count", ibatch, 2));
    int64_t* ivalues = NULL;
    OK(SYNA_get_history_ints(db, "count", &times, &ivalues, &len));
    CHECK(len == 2 && ivalues[0] == 7 && ivalues[1] == 8);
    SYNA_free_history(times, ivalues);

    /* an atomic write batch over several keys */
    int64_t wb = 0;
    OK(SYNA_batch_new(db, &wb));
    OK(SYNA_batch_put_float(wb, "batch/f", 1.5));
    OK(SYNA_batch_put_int(wb, "batch/i", 7));
    OK(SYNA_batch_put_text(wb, "batch/t", "x"));
    OK(SYNA_batch_put_bytes(wb, "batch/b", bytes, 2));
    OK(SYNA_batch_delete(wb, "batch/none"));
    int32_t there = -1;
    OK(SYNA_exists(db, "batch/f", &there));
    CHECK(there == 0); /* nothing written before commit */
    OK(SYNA_batch_commit(wb));
    OK(SYNA_get_int(db, "batch/i", &i));
    CHECK(i == 7);
    EXPECT(SYNA_INVALID_ARGUMENT, SYNA_batch_put_int(wb, "late", 1)); /* committed: handle closed */
    OK(SYNA_batch_new(db, &wb));
    OK(SYNA_batch_put_int(wb, "batch/discarded", 1));
    OK(SYNA_batch_discard(wb));
    OK(SYNA_exists(db, "batch/discarded", &there));
    CHECK(there == 0);
    char** bkeys;
    size_t bcount;
    OK(SYNA_keys(db, "batch/", &bkeys, &bcount));
    CHECK(bcount == 4);
    SYNA_free_keys(bkeys, bcount);
    OK(SYNA_batch_new(db, &wb));
    OK(SYNA_batch_delete(wb, "batch/f"));
    OK(SYNA_batch_delete(wb, "batch/i"));
    OK(SYNA_batch_delete(wb, "batch/t"));
    OK(SYNA_batch_delete(wb, "batch/b"));
    OK(SYNA_batch_commit(wb));

    /* keys by prefix, exists, delete */
    char** keys = NULL;
    size_t count = 0;
    OK(SYNA_keys(db, "sensor/", &keys, &count));
    CHECK(count == 2 && strcmp(keys[0], "sensor/1") == 0 && strcmp(keys[1], "sensor/2") == 0 && keys[2] == NULL);
    SYNA_free_keys(keys, count);
    OK(SYNA_keys(db, NULL, &keys, &count));
    CHECK(count == 10);
    SYNA_free_keys(keys, count);
    int32_t flag = -1;
    OK(SYNA_exists(db, "f", &flag));
    CHECK(flag == 1);
    OK(SYNA_delete(db, "f", &flag));
    CHECK(flag == 1);
    OK(SYNA_exists(db, "f", &flag));
    CHECK(flag == 0);
    OK(SYNA_delete(db, "f", &flag));
    CHECK(flag == 0);

    /* maintenance */
    OK(SYNA_sync(db));
    OK(SYNA_compact(db));
    int64_t problems = -1;
    char* report = NULL;
    OK(SYNA_verify(db, &problems, &report));
    CHECK(problems == 0 && report != NULL && strstr(report, "\"ok\":true") != NULL);
    SYNA_free_text(report);
    OK(SYNA_get_history_tensor(db, "sensor/1", &values, &len));
    CHECK(len == 100); /* compaction keeps history by default */
    SYNA_free_tensor(values, len);

    /* ---- every error code, each with a message ---- */
    SYNA_put_text(db, "x", "text");
    EXPECT(SYNA_KEY_NOT_FOUND, SYNA_get_float(db, "missing", &f));
    CHECK(strstr(SYNA_last_error(), "missing") != NULL);
    EXPECT(SYNA_TYPE_MISMATCH, SYNA_get_float(db, "x", &f));
    CHECK(strstr(SYNA_last_error(), "x") != NULL);
    EXPECT(SYNA_TYPE_MISMATCH, SYNA_get_history_tensor(db, "x", &values, &len));
    EXPECT(SYNA_DATABASE_NOT_FOUND, SYNA_put_float(db + 1000, "k", 1));
    CHECK(strstr(SYNA_last_error(), "handle") != NULL);
    EXPECT(SYNA_INVALID_PATH, SYNA_open(NULL, &db));
    EXPECT(SYNA_INVALID_PATH, SYNA_open("", &db));
    EXPECT(SYNA_INVALID_PATH, SYNA_open("\xff\xfe", &db));
    /* a path that is a file */
    FILE* file = fopen(sub(dir, "plain-file"), "w");
    fputs("not a database", file);
    fclose(file);
    int32_t rc = SYNA_open(sub(dir, "plain-file"), &db);
    CHECK(rc == SYNA_INVALID_PATH || rc == SYNA_IO);
    int64_t other = 0;
    EXPECT(SYNA_DATABASE_NOT_FOUND, SYNA_open_with_config(sub(dir, "absent"), "create_if_missing=false", &other));
    EXPECT(SYNA_INVALID_ARGUMENT, SYNA_put_float(db, NULL, 1));
    EXPECT(SYNA_INVALID_ARGUMENT, SYNA_put_float(db, "bad\xc3\x28utf8", 1));
    CHECK(strstr(SYNA_last_error(), "UTF-8") != NULL);
    EXPECT(SYNA_INVALID_ARGUMENT, SYNA_put_float(db, "", 1));
    EXPECT(SYNA_INVALID_ARGUMENT, SYNA_get_float(db, "x", NULL));
    EXPECT(SYNA_INVALID_ARGUMENT, SYNA_put_vector(db, "v", vec, 0));
    EXPECT(SYNA_INVALID_ARGUMENT, SYNA_put_bytes(db, "b", NULL, 5));
    EXPECT(SYNA_INVALID_ARGUMENT, SYNA_open_with_config(sub(dir, "o"), "durability=sometimes", &other));
    CHECK(strstr(SYNA_last_error(), "durability") != NULL);
    EXPECT(SYNA_INVALID_ARGUMENT, SYNA_open_with_config(sub(dir, "o"), "colour=blue", &other));
    /* a key over 65535 bytes */
    char* huge = malloc(70000);
    memset(huge, 'k', 69999);
    huge[69999] = '\0';
    rc = SYNA_put_float(db, huge, 1);
    CHECK(rc == SYNA_INVALID_ARGUMENT);
    free(huge);
    /* a value over max_value_bytes */
    int64_t small = 0;
    OK(SYNA_open_with_config(sub(dir, "small"), "durability=always, max_value_bytes=16", &small));
    uint8_t big[64] = {0};
    rc = SYNA_put_bytes(small, "big", big, sizeof big);
    CHECK(rc == SYNA_INVALID_ARGUMENT);
    CHECK(strstr(SYNA_last_error(), "16") != NULL);
    OK(SYNA_put_bytes(small, "ok", big, 8));
    /* a second handle on a locked database */
    EXPECT(SYNA_DATABASE_LOCKED, SYNA_open(sub(dir, "small"), &other));
    OK(SYNA_close(small));
    EXPECT(SYNA_DATABASE_NOT_FOUND, SYNA_close(small));
    /* read-only */
    OK(SYNA_open_with_config(sub(dir, "small"), "read_only=true", &small));
    EXPECT(SYNA_UNSUPPORTED, SYNA_put_float(small, "k", 1));
    OK(SYNA_get_bytes(small, "ok", &b, &len));
    CHECK(len == 8);
    SYNA_free_bytes(b);
    OK(SYNA_close(small));
    OK(SYNA_close(db));
    EXPECT(SYNA_DATABASE_NOT_FOUND, SYNA_get_float(db, "x", &f));

    /* corruption in the middle of the log: CORRUPT_FILE on open, SYNA_verify counts it after a salvage open */
    int64_t c = 0;
    OK(SYNA_open_with_config(sub(dir, "corrupt"), "durability=always", &c));
    for (int k = 0; k < 200; k++) {
        char key[32];
        snprintf(key, sizeof key, "key/%03d", k);
        OK(SYNA_put_int(c, key, k));
    }
    OK(SYNA_close(c));
    FILE* log = fopen(sub(dir, "corrupt/data.log"), "r+b");
    CHECK(log != NULL);
    if (log != NULL) {
        fseek(log, 0, SEEK_END);
        long size = ftell(log);
        fseek(log, size / 2, SEEK_SET);
        fputs("CORRUPTCORRUPT", log);
        fclose(log);
    }
    EXPECT(SYNA_CORRUPT_FILE, SYNA_open(sub(dir, "corrupt"), &c));
    CHECK(strstr(SYNA_last_error(), "data.log") != NULL);
    /* GENERIC (0) has no producer in the KV functions; SYNA_INTERNAL is tested by test_start_failure. */
    CHECK(SYNA_GENERIC == 0 && SYNA_INTERNAL == -100);
    return check_done("test_core");
}
