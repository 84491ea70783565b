/**
 * The Java end of Syna's C ABI ({@code libsynadb.so}, {@code synadb.h}): the C library starts a JVM with this
 * module and gets from {@code syna.nativeabi.internal.Bootstrap} one FFM upcall stub per function of
 * {@code synadb.spec}. Exports nothing; C, C++ and Python ({@code synadb}) are its users. Needs native access
 * ({@code --enable-native-access=syna.nativeabi,syna.tensor}, which the C library passes; syna.tensor for its
 * huge-page reads of large tensors).
 */
module syna.nativeabi {
    requires syna.api; // the database, vector stores and errors behind every SYNA_* function
    requires syna.tensor; // SYNA_tensor_* and the dtype codes of the header
    requires syna.mlops; // SYNA_model_* and SYNA_exp_*
    requires tools.jackson.core; // JSON of metadata, search results and reports
    // syna.nativeabi.internal (bootstrap, bindings, handles, header generator): not exported
}
