/* The README's C example: compiled and run by the build (src/test/native/run-tests.sh).
   cc -I DIST/include hello.c -L DIST/lib -lsynadb -Wl,-rpath,DIST/lib -o hello && ./hello /tmp/hello-db */
#include <stdio.h>
#include "synadb.h"

int main(int argc, char** argv) {
    const char* path = argc > 1 ? argv[1] : "hello-db";
    int64_t db;
    if (SYNA_open(path, &db) != SYNA_SUCCESS) {
        fprintf(stderr, "open failed: %s\n", SYNA_last_error());
        return 1;
    }
    for (int i = 0; i < 5; i++) {
        SYNA_put_float(db, "sensor/temp", 20.0 + i * 0.5);
    }
    double now;
    SYNA_get_float(db, "sensor/temp", &now);
    double* history;
    size_t n;
    if (SYNA_get_history_tensor(db, "sensor/temp", &history, &n) == SYNA_SUCCESS) {
        printf("latest %.1f, %zu points, first %.1f\n", now, n, history[0]);
        SYNA_free_tensor(history, n);
    }
    double missing;
    int32_t rc = SYNA_get_float(db, "no/such/key", &missing);
    printf("missing key: code %d (%s)\n", rc, SYNA_last_error());
    SYNA_close(db);
    return 0;
}
