/**
 * The FFM binding of {@code libsynafaiss} (C side: {@code src/main/native/syna_faiss.h}).
 * {@link syna.faiss.internal.binding.FaissLibrary} finds and loads the library and says why it cannot;
 * {@link syna.faiss.internal.binding.NativeIndex} owns one FAISS index. {@code Shim} holds the downcall
 * handles and {@code Status} maps the shim's status codes to Syna's exceptions: a FAISS exception becomes
 * a {@link syna.faiss.FaissException} with FAISS's message, a bad argument an
 * {@link syna.api.InvalidArgumentException}, an operation the structure lacks an
 * {@link syna.api.UnsupportedFeatureException}, a failed write callback a {@link syna.api.SynaIOException}.
 *
 * <p>Why FFM and a shim of our own: no FAISS binding is published on Maven Central, and Debian's
 * {@code libfaiss-dev} ships a static {@code libfaiss.a} without FAISS's C API compiled in. The shim uses
 * only API that is the same from FAISS 1.7.3 to today's releases.
 */
package syna.faiss.internal.binding;
