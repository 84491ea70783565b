/* Tiny assertion helpers shared by the C tests of libsynadb. */
#ifndef SYNA_CHECK_H
#define SYNA_CHECK_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "synadb.h"

static int check_failures;

#define CHECK(cond)                                                                                 \
    do {                                                                                            \
        if (!(cond)) {                                                                              \
            fprintf(stderr, "%s:%d: CHECK failed: %s (last error: %s)\n", __FILE__, __LINE__, #cond, \
                    SYNA_last_error());                                                             \
            check_failures++;                                                                       \
        }                                                                                           \
    } while (0)

/* Expects call to return code; prints the last error when it does not. */
#define EXPECT(code, call)                                                                          \
    do {                                                                                            \
        int32_t rc_ = (call);                                                                       \
        if (rc_ != (code)) {                                                                        \
            fprintf(stderr, "%s:%d: %s returned %d, expected %d (%s) (last error: %s)\n", __FILE__,   \
                    __LINE__, #call, rc_, (code), #code, SYNA_last_error());                        \
            check_failures++;                                                                       \
        }                                                                                           \
    } while (0)

#define OK(call) EXPECT(SYNA_SUCCESS, call)

static int check_done(const char* name) {
    if (check_failures > 0) {
        fprintf(stderr, "%s: %d check(s) failed\n", name, check_failures);
        return 1;
    }
    printf("%s: ok\n", name);
    return 0;
}
#endif
