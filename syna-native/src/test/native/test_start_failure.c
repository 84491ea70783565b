/* Without the Syna modules the library does not start: every call returns SYNA_INTERNAL with a message naming
   what is missing, and the host process keeps running. Run with SYNA_MODULE_PATH pointing at an empty dir. */
#include "check.h"

int main(void) {
    EXPECT(SYNA_INTERNAL, SYNA_start());
    CHECK(strstr(SYNA_last_error(), "syna-native.jar") != NULL);
    int64_t db = 0;
    EXPECT(SYNA_INTERNAL, SYNA_open("/tmp/never", &db));
    CHECK(strstr(SYNA_last_error(), "module path") != NULL);
    return check_done("test_start_failure");
}
