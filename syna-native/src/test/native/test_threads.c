/* 8 threads call at once on one database handle: each writes its own keys and reads every other thread's,
   while the first call of all of them races the JVM start. Usage: test_threads DIR */
#include <pthread.h>
#include <stdint.h>

#include "check.h"

#define THREADS 8
#define OPS 5000

static int64_t db;
static pthread_barrier_t barrier;
static int thread_failures[THREADS];

static void* work(void* arg) {
    int t = (int) (intptr_t) arg;
    char key[64];
    pthread_barrier_wait(&barrier);
    for (int k = 0; k < OPS; k++) {
        snprintf(key, sizeof key, "t%d/%d", t, k % 50);
        if (SYNA_put_int(db, key, (int64_t) t * 1000000 + k) != SYNA_SUCCESS) {
            thread_failures[t]++;
        }
        int64_t v = 0;
        if (SYNA_get_int(db, key, &v) != SYNA_SUCCESS || v / 1000000 != t) {
            thread_failures[t]++;
        }
        snprintf(key, sizeof key, "t%d/%d", (t + 1) % THREADS, k % 50);
        int32_t rc = SYNA_get_int(db, key, &v);
        if (rc != SYNA_SUCCESS && rc != SYNA_KEY_NOT_FOUND) {
            thread_failures[t]++;
        }
        /* an error on this thread must leave its own message, not another thread's */
        if (k % 500 == 0) {
            snprintf(key, sizeof key, "missing-%d", t);
            if (SYNA_get_int(db, key, &v) != SYNA_KEY_NOT_FOUND || strstr(SYNA_last_error(), key) == NULL) {
                thread_failures[t]++;
            }
        }
    }
    return NULL;
}

static void* first_call(void* arg) {
    (void) arg;
    pthread_barrier_wait(&barrier);
    return (void*) (intptr_t) SYNA_start();
}

int main(int argc, char** argv) {
    if (argc != 2) {
        return 2;
    }
    pthread_t threads[THREADS];
    /* The JVM start itself raced by 8 threads. */
    pthread_barrier_init(&barrier, NULL, THREADS);
    for (int t = 0; t < THREADS; t++) {
        pthread_create(&threads[t], NULL, first_call, NULL);
    }
    for (int t = 0; t < THREADS; t++) {
        void* rc;
        pthread_join(threads[t], &rc);
        CHECK((intptr_t) rc == SYNA_SUCCESS);
    }
    pthread_barrier_destroy(&barrier);
    char path[4096];
    snprintf(path, sizeof path, "%s/threads", argv[1]);
    OK(SYNA_open(path, &db));
    pthread_barrier_init(&barrier, NULL, THREADS);
    for (int t = 0; t < THREADS; t++) {
        pthread_create(&threads[t], NULL, work, (void*) (intptr_t) t);
    }
    for (int t = 0; t < THREADS; t++) {
        pthread_join(threads[t], NULL);
        CHECK(thread_failures[t] == 0);
    }
    char** keys;
    size_t count;
    OK(SYNA_keys(db, NULL, &keys, &count));
    CHECK(count == THREADS * 50);
    SYNA_free_keys(keys, count);
    for (int t = 0; t < THREADS; t++) {
        char key[64];
        snprintf(key, sizeof key, "t%d/0", t);
        double* values;
        size_t len;
        /* int history read as float64: every write of the key is there */
        int64_t* times;
        int64_t* ivalues;
        OK(SYNA_get_history_ints(db, key, &times, &ivalues, &len));
        CHECK(len == OPS / 50);
        SYNA_free_history(times, ivalues);
        (void) values;
    }
    int64_t problems = -1;
    OK(SYNA_verify(db, &problems, NULL));
    CHECK(problems == 0);
    OK(SYNA_close(db));
    return check_done("test_threads");
}
