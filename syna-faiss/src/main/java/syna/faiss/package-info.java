/**
 * FAISS for Syna: the public types of module {@code syna.faiss}. The binding itself lives in
 * {@code syna.faiss.internal.binding}; the C side is {@code src/main/native/syna_faiss.h}.
 */
package syna.faiss;
