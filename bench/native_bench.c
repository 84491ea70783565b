/* libsynadb from C: JVM start (first call), SYNA_get_float calls/s on one thread, SYNA_put_float calls/s,
   SYNA_get_history_tensor of N points. Used by bench/native.sh.
     native_bench start                 prints the seconds SYNA_start took in this fresh process
     native_bench run DIR N_CALLS N_POINTS */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "synadb.h"

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static int cmp(const void* a, const void* b) {
    double x = *(const double*) a, y = *(const double*) b;
    return x < y ? -1 : x > y;
}

#define REPS 7

int main(int argc, char** argv) {
    if (argc >= 2 && strcmp(argv[1], "start") == 0) {
        double t0 = now();
        if (SYNA_start() != SYNA_SUCCESS) {
            fprintf(stderr, "%s\n", SYNA_last_error());
            return 1;
        }
        double started = now() - t0;
        if (argc == 3) { /* then the first open, put and get: the first calls bind their stubs */
            int64_t db;
            double v;
            t0 = now();
            if (SYNA_open_with_config(argv[2], "durability=none", &db) != SYNA_SUCCESS
                    || SYNA_put_float(db, "k", 1.0) != SYNA_SUCCESS || SYNA_get_float(db, "k", &v) != SYNA_SUCCESS) {
                fprintf(stderr, "%s\n", SYNA_last_error());
                return 1;
            }
            printf("%.4f %.4f\n", started, now() - t0);
            SYNA_close(db);
        } else {
            printf("%.4f\n", started);
        }
        return 0;
    }
    if (argc != 5 || strcmp(argv[1], "run") != 0) {
        fprintf(stderr, "usage: native_bench start | run DIR N_CALLS N_POINTS\n");
        return 2;
    }
    long calls = atol(argv[3]), points = atol(argv[4]);
    int64_t db;
    if (SYNA_open_with_config(argv[2], "durability=none", &db) != SYNA_SUCCESS) {
        fprintf(stderr, "%s\n", SYNA_last_error());
        return 1;
    }
    SYNA_put_float(db, "bench/value", 42.0);
    double v, sum = 0, rates[REPS];
    for (long i = 0; i < calls; i++) { /* warm-up: JIT the upcall path */
        SYNA_get_float(db, "bench/value", &v);
    }
    for (int r = 0; r < REPS; r++) {
        double t0 = now();
        for (long i = 0; i < calls; i++) {
            SYNA_get_float(db, "bench/value", &v);
            sum += v;
        }
        rates[r] = calls / (now() - t0);
    }
    qsort(rates, REPS, sizeof rates[0], cmp);
    printf("c_get_float_calls_per_s median=%.0f best=%.0f (checksum %.0f)\n", rates[REPS / 2], rates[REPS - 1], sum);
    long puts = calls / 10;
    for (int r = 0; r < REPS; r++) {
        double t0 = now();
        for (long i = 0; i < puts; i++) {
            SYNA_put_float(db, "bench/put", (double) i);
        }
        rates[r] = puts / (now() - t0);
    }
    qsort(rates, REPS, sizeof rates[0], cmp);
    printf("c_put_float_calls_per_s median=%.0f (durability none)\n", rates[REPS / 2]);
    double* values = malloc(points * sizeof(double));
    for (long i = 0; i < points; i++) {
        values[i] = i * 0.001;
    }
    SYNA_put_floats_batch(db, "bench/series", values, (size_t) points);
    free(values);
    double times[REPS];
    for (int r = 0; r < 30; r++) { /* warm-up */
        double* h;
        size_t n;
        SYNA_get_history_tensor(db, "bench/series", &h, &n);
        SYNA_free_tensor(h, n);
    }
    for (int r = 0; r < REPS; r++) {
        double* h;
        size_t n;
        double t0 = now();
        if (SYNA_get_history_tensor(db, "bench/series", &h, &n) != SYNA_SUCCESS || (long) n != points) {
            fprintf(stderr, "history: %s\n", SYNA_last_error());
            return 1;
        }
        times[r] = now() - t0;
        SYNA_free_tensor(h, n);
    }
    qsort(times, REPS, sizeof times[0], cmp);
    printf("c_get_history_tensor_%ld_ms warm_median=%.3f\n", points, times[REPS / 2] * 1e3);
    SYNA_close(db);
    return 0;
}
