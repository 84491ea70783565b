/* A host process that opens a database, writes, and is killed with SIGKILL mid-write; the parent then reopens
   it (its own JVM) and finds every acknowledged write, a clean verify, and a writable database. Repeated
   ROUNDS times on the same database. Usage: test_crash DIR [ROUNDS] */
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

/* The child writes k = 0, 1, 2, ... to "counter" (durability always) and reports each acknowledged k on the
   pipe; it never stops by itself. */
static void child(const char* path, int fd, int round) {
    int64_t db;
    if (SYNA_open_with_config(path, "durability=always", &db) != SYNA_SUCCESS) {
        fprintf(stderr, "child: open failed: %s\n", SYNA_last_error());
        _exit(3);
    }
    uint8_t blob[3000];
    for (int64_t k = 0;; k++) {
        char key[64];
        snprintf(key, sizeof key, "r%d/blob/%lld", round, (long long) (k % 7));
        memset(blob, (int) (k & 0xff), sizeof blob);
        if (SYNA_put_bytes(db, key, blob, sizeof blob) != SYNA_SUCCESS
                || SYNA_put_int(db, "counter", round * 1000000LL + k) != SYNA_SUCCESS) {
            _exit(4);
        }
        if (write(fd, &k, sizeof k) != sizeof k) {
            _exit(5);
        }
    }
}

int main(int argc, char** argv) {
    if (argc < 2) {
        return 2;
    }
    int rounds = argc > 2 ? atoi(argv[2]) : 3;
    char path[4096];
    snprintf(path, sizeof path, "%s/crash", argv[1]);
    int64_t last_acked[64] = {0};
    for (int round = 0; round < rounds && round < 64; round++) {
        int fds[2];
        if (pipe(fds) != 0) {
            return 2;
        }
        pid_t pid = fork(); /* before this process starts a JVM of its own */
        if (pid == 0) {
            close(fds[0]);
            child(path, fds[1], round);
        }
        close(fds[1]);
        int64_t k = -1, acked = -1;
        /* let it run a varying number of acknowledged writes, then kill it mid-stream */
        int64_t target = 200 + 137 * round;
        while (read(fds[0], &k, sizeof k) == sizeof k) {
            acked = k;
            if (acked >= target) {
                kill(pid, SIGKILL);
                break;
            }
        }
        int status = 0;
        waitpid(pid, &status, 0);
        /* drain what was acknowledged before the kill landed */
        while (read(fds[0], &k, sizeof k) == sizeof k) {
            acked = k;
        }
        close(fds[0]);
        CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
        CHECK(acked >= target);
        last_acked[round] = acked;
        if (round < rounds - 1) {
            continue; /* the parent opens only after the last round: a forked child must not inherit a JVM */
        }
    }
    int64_t db;
    OK(SYNA_open(path, &db));
    int64_t counter = -1;
    OK(SYNA_get_int(db, "counter", &counter));
    int64_t final_round = rounds - 1;
    CHECK(counter / 1000000 == final_round);
    CHECK(counter % 1000000 >= last_acked[final_round]);
    int64_t* times;
    int64_t* values;
    size_t len;
    OK(SYNA_get_history_ints(db, "counter", &times, &values, &len));
    size_t expected = 0;
    for (int r = 0; r < rounds; r++) {
        expected += (size_t) last_acked[r] + 1;
    }
    CHECK(len >= expected);
    /* every acknowledged value of every round is in the history, in order */
    size_t pos = 0;
    for (int r = 0; r < rounds; r++) {
        for (int64_t k = 0; k <= last_acked[r]; k++) {
            while (pos < len && values[pos] != r * 1000000LL + k) {
                pos++;
            }
        }
    }
    CHECK(pos < len);
    SYNA_free_history(times, values);
    int64_t problems = -1;
    OK(SYNA_verify(db, &problems, NULL));
    CHECK(problems == 0);
    OK(SYNA_put_int(db, "after", 1));
    OK(SYNA_close(db));
    return check_done("test_crash");
}
