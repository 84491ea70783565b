/*
 * libsynadb: hosts a JVM and forwards every SYNA_* function to module syna.nativeabi.
 *
 * On the first call (or SYNA_start) one thread loads libjvm.so, starts the JVM with -Xrs (the host keeps
 * SIGINT, SIGTERM, SIGHUP and SIGQUIT) and calls syna.nativeabi.internal.Bootstrap.install, which writes one
 * binder stub into `table`; the first call of each function has the binder make its FFM upcall stub. After
 * that a call is an acquire load of its slot and an indirect call into Java; FFM attaches a foreign thread to the
 * JVM on its first upcall.
 *
 * Where the JVM comes from, first match wins:
 *   SYNA_JAVA_HOME; DIR/syna-runtime (a jlink image beside the library); JAVA_HOME.
 * Where the Syna modules come from: SYNA_MODULE_PATH; DIR/syna-modules; else the runtime image itself.
 * SYNA_JVM_OPTIONS adds space-separated JVM options (e.g. -Xmx2g).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <jni.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "synadb.h"
#include "synadb_internal.h"

typedef jint (*create_vm_fn)(JavaVM**, void**, void*);
typedef jint (*created_vms_fn)(JavaVM**, jsize, jsize*);

static void* _Atomic* table; /* syna_call_count slots, then the binder int32_t (*)(int32_t) */
static atomic_int state; /* 0: not started, 1: running, -1: failed */
static pthread_once_t once = PTHREAD_ONCE_INIT;
static char start_error[4096];

/* ---- last error, per thread ---------------------------------------------------------------------------- */

static pthread_key_t error_key;
static pthread_once_t error_key_once = PTHREAD_ONCE_INIT;

static void make_error_key(void) {
    pthread_key_create(&error_key, free);
}

/* Takes ownership of a malloc'ed message; called by Java (Errors.report) and by the start-up code. */
static void set_error(char* message) {
    pthread_once(&error_key_once, make_error_key);
    char* old = pthread_getspecific(error_key);
    pthread_setspecific(error_key, message);
    free(old);
}

static void set_error_copy(const char* message) {
    set_error(strdup(message));
}

SYNA_API const char* SYNA_last_error(void) {
    pthread_once(&error_key_once, make_error_key);
    const char* m = pthread_getspecific(error_key);
    return m == NULL ? "" : m;
}

SYNA_API const char* SYNA_version(void) {
    return SYNADB_VERSION;
}

/* ---- buffers the caller frees --------------------------------------------------------------------------- */

SYNA_API void SYNA_free_text(char* text) { free(text); }
SYNA_API void SYNA_free_bytes(uint8_t* bytes) { free(bytes); }
SYNA_API void SYNA_free_tensor(double* values, size_t len) { (void) len; free(values); }
SYNA_API void SYNA_free_history(int64_t* times_us, void* values) { free(times_us); free(values); }
SYNA_API void SYNA_free_vector(float* vector) { free(vector); }
SYNA_API void SYNA_free_keys(char** keys, size_t count) { (void) count; free(keys); }
SYNA_API void SYNA_free_tensor_data(void* data) { free(data); }

/* ---- DLPack export ------------------------------------------------------------------------------------- */

/* DLPack's ABI (dlpack.h, v0.8 and later): the unversioned DLManagedTensor, declared here so the library needs
 * no dlpack.h to build; the layout is fixed by the standard. */
typedef struct { int32_t device_type; int32_t device_id; } syna_dl_device;
typedef struct { uint8_t code; uint8_t bits; uint16_t lanes; } syna_dl_dtype;
typedef struct {
    void* data;
    syna_dl_device device;
    int32_t ndim;
    syna_dl_dtype dtype;
    int64_t* shape;
    int64_t* strides;
    uint64_t byte_offset;
} syna_dl_tensor;
typedef struct syna_dl_managed {
    syna_dl_tensor dl_tensor;
    void* manager_ctx;
    void (*deleter)(struct syna_dl_managed* self);
} syna_dl_managed;

enum { SYNA_DL_CPU = 1, SYNA_DL_INT = 0, SYNA_DL_UINT = 1, SYNA_DL_FLOAT = 2, SYNA_DL_BFLOAT = 4, SYNA_DL_BOOL = 6 };
#define SYNA_DL_MAX_RANK 32

/* The struct, its shape and the data in one allocation's worth of bookkeeping: the deleter frees all three. */
typedef struct {
    syna_dl_managed managed;
    int64_t shape[SYNA_DL_MAX_RANK];
} syna_dl_holder;

static void dl_delete(syna_dl_managed* self) {
    if (self != NULL) {
        free(self->dl_tensor.data);
        free(self); /* the holder: managed is its first member */
    }
}

static int dl_dtype(int32_t dtype, syna_dl_dtype* out) {
    switch (dtype) {
        case SYNA_DTYPE_F16: *out = (syna_dl_dtype) {SYNA_DL_FLOAT, 16, 1}; return 1;
        case SYNA_DTYPE_BF16: *out = (syna_dl_dtype) {SYNA_DL_BFLOAT, 16, 1}; return 1;
        case SYNA_DTYPE_F32: *out = (syna_dl_dtype) {SYNA_DL_FLOAT, 32, 1}; return 1;
        case SYNA_DTYPE_F64: *out = (syna_dl_dtype) {SYNA_DL_FLOAT, 64, 1}; return 1;
        case SYNA_DTYPE_I8: *out = (syna_dl_dtype) {SYNA_DL_INT, 8, 1}; return 1;
        case SYNA_DTYPE_U8: *out = (syna_dl_dtype) {SYNA_DL_UINT, 8, 1}; return 1;
        case SYNA_DTYPE_I16: *out = (syna_dl_dtype) {SYNA_DL_INT, 16, 1}; return 1;
        case SYNA_DTYPE_I32: *out = (syna_dl_dtype) {SYNA_DL_INT, 32, 1}; return 1;
        case SYNA_DTYPE_I64: *out = (syna_dl_dtype) {SYNA_DL_INT, 64, 1}; return 1;
        case SYNA_DTYPE_BOOL: *out = (syna_dl_dtype) {SYNA_DL_BOOL, 8, 1}; return 1;
        default: return 0;
    }
}

SYNA_API int32_t SYNA_tensor_get_dlpack(int64_t db, const char* name, void** out_managed) {
    if (out_managed == NULL) {
        set_error_copy("out_managed must not be NULL");
        return SYNA_INVALID_ARGUMENT;
    }
    *out_managed = NULL;
    syna_dl_holder* h = calloc(1, sizeof *h);
    if (h == NULL) {
        set_error_copy("out of memory for a DLPack tensor");
        return SYNA_INTERNAL;
    }
    int32_t dtype = 0;
    int32_t rank = 0;
    void* data = NULL;
    size_t bytes = 0;
    int32_t rc = SYNA_tensor_get(db, name, &dtype, h->shape, SYNA_DL_MAX_RANK, &rank, &data, &bytes);
    if (rc != SYNA_SUCCESS) {
        free(h);
        return rc;
    }
    syna_dl_dtype dt;
    if (rank > SYNA_DL_MAX_RANK || !dl_dtype(dtype, &dt)) {
        free(data);
        free(h);
        set_error_copy(rank > SYNA_DL_MAX_RANK ? "tensor rank over 32 cannot be exported as DLPack"
                                               : "tensor dtype has no DLPack type");
        return SYNA_INVALID_ARGUMENT;
    }
    /* A tensor without elements may come back without a buffer; DLPack consumers want a pointer. */
    h->managed.dl_tensor.data = data != NULL ? data : malloc(1);
    if (h->managed.dl_tensor.data == NULL) {
        free(h);
        set_error_copy("out of memory for a DLPack tensor");
        return SYNA_INTERNAL;
    }
    h->managed.dl_tensor.device = (syna_dl_device) {SYNA_DL_CPU, 0};
    h->managed.dl_tensor.ndim = rank;
    h->managed.dl_tensor.dtype = dt;
    h->managed.dl_tensor.shape = h->shape;
    h->managed.dl_tensor.strides = NULL;
    h->managed.dl_tensor.byte_offset = 0;
    h->managed.manager_ctx = h;
    h->managed.deleter = dl_delete;
    (void) bytes;
    *out_managed = &h->managed;
    return SYNA_SUCCESS;
}

/* ---- starting the JVM ---------------------------------------------------------------------------------- */

static void fail(const char* format, ...) {
    va_list ap;
    va_start(ap, format);
    vsnprintf(start_error, sizeof start_error, format, ap);
    va_end(ap);
}

static int is_file(const char* path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int is_dir(const char* path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The directory holding this library. */
static void library_dir(char* out, size_t cap) {
    Dl_info info;
    out[0] = '\0';
    if (dladdr((void*) &SYNA_start, &info) != 0 && info.dli_fname != NULL) {
        char resolved[PATH_MAX];
        const char* p = realpath(info.dli_fname, resolved) != NULL ? resolved : info.dli_fname;
        snprintf(out, cap, "%s", p);
        char* slash = strrchr(out, '/');
        if (slash != NULL) {
            *slash = '\0';
        } else {
            snprintf(out, cap, ".");
        }
    }
}

/* Whether some entry of the ':'-separated module path holds syna-native.jar (or is that jar). */
static int module_on_path(const char* path) {
    char copy[PATH_MAX * 2];
    snprintf(copy, sizeof copy, "%s", path);
    char* save = NULL;
    for (char* entry = strtok_r(copy, ":", &save); entry != NULL; entry = strtok_r(NULL, ":", &save)) {
        char jar[PATH_MAX * 2 + 32];
        snprintf(jar, sizeof jar, "%s/syna-native.jar", entry);
        size_t len = strlen(entry);
        if (is_file(jar) || (len > 4 && strcmp(entry + len - 4, ".jar") == 0 && strstr(entry, "syna-native") != NULL)
            || is_dir(entry)) {
            if (is_file(jar) || !is_dir(entry)) {
                return 1;
            }
            /* An exploded module directory (target/classes) of syna.nativeabi. */
            snprintf(jar, sizeof jar, "%s/syna/nativeabi/internal/Bootstrap.class", entry);
            if (is_file(jar)) {
                return 1;
            }
        }
    }
    return 0;
}

/* Whether the runtime image's release file lists module syna.nativeabi (a jlink image made with it). */
static int runtime_has_module(const char* home) {
    char release[PATH_MAX * 2];
    snprintf(release, sizeof release, "%s/release", home);
    FILE* f = fopen(release, "r");
    if (f == NULL) {
        return 0;
    }
    char line[16384];
    int found = 0;
    while (!found && fgets(line, sizeof line, f) != NULL) {
        found = strncmp(line, "MODULES=", 8) == 0 && strstr(line, "syna.nativeabi") != NULL;
    }
    fclose(f);
    return found;
}

/* SYNA_TRACE_START=1 prints the phases of the start to stderr. */
static double trace_t0;
static int tracing;

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void trace(const char* phase) {
    if (tracing) {
        fprintf(stderr, "libsynadb: %-28s %.3f s\n", phase, seconds() - trace_t0);
    }
}

#define MAX_OPTIONS 64

static void start_vm_on_this_thread(void) {
    tracing = getenv("SYNA_TRACE_START") != NULL && getenv("SYNA_TRACE_START")[0] == '1';
    trace_t0 = seconds();
    char dir[PATH_MAX], home[PATH_MAX], jvm[PATH_MAX + 32], modules[PATH_MAX] = "";
    library_dir(dir, sizeof dir);
    const char* env_home = getenv("SYNA_JAVA_HOME");
    char bundled[PATH_MAX + 16];
    snprintf(bundled, sizeof bundled, "%s/syna-runtime", dir);
    char bundled_jvm[PATH_MAX + 48];
    snprintf(bundled_jvm, sizeof bundled_jvm, "%s/lib/server/libjvm.so", bundled);
    if (env_home != NULL && env_home[0] != '\0') {
        snprintf(home, sizeof home, "%s", env_home);
    } else if (is_file(bundled_jvm)) {
        snprintf(home, sizeof home, "%s", bundled);
    } else if (getenv("JAVA_HOME") != NULL && getenv("JAVA_HOME")[0] != '\0') {
        snprintf(home, sizeof home, "%s", getenv("JAVA_HOME"));
    } else {
        fail("libsynadb: no Java runtime: set SYNA_JAVA_HOME or JAVA_HOME to a JDK 25, or put a jlink image in "
             "%s", bundled);
        return;
    }
    snprintf(jvm, sizeof jvm, "%s/lib/server/libjvm.so", home);
    const char* env_modules = getenv("SYNA_MODULE_PATH");
    char beside[PATH_MAX + 16];
    snprintf(beside, sizeof beside, "%s/syna-modules", dir);
    if (env_modules != NULL && env_modules[0] != '\0') {
        snprintf(modules, sizeof modules, "%s", env_modules);
    } else if (!runtime_has_module(home) && is_dir(beside)) {
        /* A runtime with the Syna modules linked in needs no module path (and scanning one is slow). */
        snprintf(modules, sizeof modules, "%s", beside);
    }
    trace(home);
    /* A JVM whose boot layer lacks a module exits the process: check before starting it. */
    if (modules[0] != '\0' && !module_on_path(modules)) {
        fail("libsynadb: no syna-native.jar in module path %s (set SYNA_MODULE_PATH to the directory holding "
             "the Syna jars)", modules);
        return;
    }
    if (modules[0] == '\0' && !runtime_has_module(home)) {
        fail("libsynadb: the Java runtime %s does not contain module syna.nativeabi and no module path was "
             "found (set SYNA_MODULE_PATH, or put the jars in %s)", home, beside);
        return;
    }

    JavaVM* vm = NULL;
    JNIEnv* env = NULL;
    /* A JVM already in this process (libsynadb loaded from Java): use it. */
    created_vms_fn created = (created_vms_fn) dlsym(RTLD_DEFAULT, "JNI_GetCreatedJavaVMs");
    jsize count = 0;
    if (created != NULL && created(&vm, 1, &count) == JNI_OK && count == 1) {
        if ((*vm)->AttachCurrentThread(vm, (void**) &env, NULL) != JNI_OK) {
            fail("libsynadb: cannot attach to the JVM already in this process");
            return;
        }
    } else {
        void* lib = dlopen(jvm, RTLD_NOW | RTLD_GLOBAL);
        if (lib == NULL) {
            fail("libsynadb: cannot load %s: %s", jvm, dlerror());
            return;
        }
        create_vm_fn create = (create_vm_fn) dlsym(lib, "JNI_CreateJavaVM");
        if (create == NULL) {
            fail("libsynadb: %s has no JNI_CreateJavaVM", jvm);
            return;
        }
        static char module_path_option[PATH_MAX + 32];
        static char user_options[8192];
        JavaVMOption options[MAX_OPTIONS];
        int n = 0;
        options[n++].optionString = "-Xrs";
        // syna.tensor: large tensor reads take huge-page anonymous maps (its FreshMemory) rather than the JDK arena
        options[n++].optionString = "--enable-native-access=syna.nativeabi,syna.tensor";
        if (modules[0] != '\0') {
            snprintf(module_path_option, sizeof module_path_option, "--module-path=%s", modules);
            options[n++].optionString = module_path_option;
            options[n++].optionString = "--add-modules=ALL-MODULE-PATH";
        } else {
            options[n++].optionString = "--add-modules=syna.nativeabi";
        }
        const char* extra = getenv("SYNA_JVM_OPTIONS");
        if (extra != NULL) {
            snprintf(user_options, sizeof user_options, "%s", extra);
            char* save = NULL;
            for (char* tok = strtok_r(user_options, " \t", &save); tok != NULL && n < MAX_OPTIONS;
                 tok = strtok_r(NULL, " \t", &save)) {
                options[n++].optionString = tok;
            }
        }
        for (int i = 0; i < n; i++) {
            options[i].extraInfo = NULL;
        }
        JavaVMInitArgs args;
        args.version = JNI_VERSION_10;
        args.nOptions = n;
        args.options = options;
        args.ignoreUnrecognized = JNI_FALSE;
        jint rc = create(&vm, (void**) &env, &args);
        if (rc != JNI_OK) {
            fail("libsynadb: JNI_CreateJavaVM from %s failed with %d (modules: %s)", jvm, (int) rc,
                 modules[0] != '\0' ? modules : "in the runtime image");
            return;
        }
    }
    trace("JVM created");
    jclass boot = (*env)->FindClass(env, "syna/nativeabi/internal/Bootstrap");
    jmethodID install = boot == NULL ? NULL : (*env)->GetStaticMethodID(env, boot, "install", "(JIJ)I");
    if (install == NULL) {
        (*env)->ExceptionClear(env);
        fail("libsynadb: class syna.nativeabi.internal.Bootstrap not found: module syna.nativeabi is missing "
             "from %s", modules[0] != '\0' ? modules : home);
        (*vm)->DetachCurrentThread(vm);
        return;
    }
    trace("bootstrap class found");
    table = calloc((size_t) syna_call_count + 1, sizeof(void*));
    jint rc = (*env)->CallStaticIntMethod(env, boot, install, (jlong) (intptr_t) (void*) table, (jint) syna_call_count,
                                          (jlong) (intptr_t) &set_error);
    if ((*env)->ExceptionCheck(env)) {
        (*env)->ExceptionClear(env);
        rc = SYNA_INTERNAL;
    }
    if (rc != SYNA_SUCCESS) {
        /* install reported its reason through set_error on this thread. */
        fail("libsynadb: starting syna.nativeabi failed: %s", SYNA_last_error());
    } else if (atomic_load(&table[syna_call_count]) == NULL) {
        fail("libsynadb: syna.nativeabi installed no binder");
        rc = SYNA_INTERNAL;
    }
    trace("binder installed");
    (*vm)->DetachCurrentThread(vm);
    if (rc == SYNA_SUCCESS) {
        atomic_store_explicit(&state, 1, memory_order_release);
    }
}

static void* start_thread(void* unused) {
    (void) unused;
    start_vm_on_this_thread();
    return NULL;
}

/* The JVM starts on a thread of its own with a known stack (the caller may be a primordial thread or have a
   small stack); the caller waits for it. */
static void start_once(void) {
    pthread_attr_t attr;
    pthread_t t;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 8u << 20);
    if (pthread_create(&t, &attr, start_thread, NULL) != 0) {
        fail("libsynadb: cannot create the thread that starts the JVM");
    } else {
        pthread_join(t, NULL);
    }
    pthread_attr_destroy(&attr);
    if (atomic_load(&state) != 1) {
        atomic_store(&state, -1);
    }
}

/* The stub of slot i, made by Java on the first call of that function. */
static void* bound(int i) {
    void* f = atomic_load_explicit(&table[i], memory_order_acquire);
    if (__builtin_expect(f != NULL, 1)) {
        return f;
    }
    int32_t (*bind)(int32_t) = (int32_t (*)(int32_t)) atomic_load_explicit(&table[syna_call_count],
                                                                           memory_order_acquire);
    if (bind(i) != SYNA_SUCCESS) {
        return NULL; /* bind set the last error */
    }
    return atomic_load_explicit(&table[i], memory_order_acquire);
}

void* syna_call(int i) {
    if (__builtin_expect(atomic_load_explicit(&state, memory_order_acquire) == 1, 1)) {
        return bound(i);
    }
    pthread_once(&once, start_once);
    if (atomic_load_explicit(&state, memory_order_acquire) == 1) {
        return bound(i);
    }
    set_error_copy(start_error);
    return NULL;
}

SYNA_API int32_t SYNA_start(void) {
    pthread_once(&once, start_once);
    if (atomic_load_explicit(&state, memory_order_acquire) == 1) {
        return SYNA_SUCCESS;
    }
    set_error_copy(start_error);
    return SYNA_INTERNAL;
}
