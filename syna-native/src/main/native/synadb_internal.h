/* Internal to libsynadb: the upcall table the generated synadb_calls.c forwards through. */
#ifndef SYNADB_INTERNAL_H
#define SYNADB_INTERNAL_H

/* Number and names of the functions forwarded to Java, in table order (generated from synadb.spec). */
extern const int syna_call_count;
extern const char* const syna_call_names[];

/* The upcall stub of slot i, starting the JVM on first use; NULL (with the last error set) when it cannot. */
__attribute__((visibility("hidden"))) void* syna_call(int i);

#endif
