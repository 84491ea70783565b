/**
 * Syna's tensor engine: n-dimensional arrays of ten dtypes stored in namespaces {@code tensor} and
 * {@code tensor.chunks} of a {@link syna.api.Database}, read back as zero-copy off-heap
 * {@link syna.tensor.Tensor}s, loaded by glob, streamed in chunks, served as shuffled batches and
 * exchanged as {@code .npy} and safetensors files. Needs {@code syna.api} only, so it goes into jlink
 * images.
 */
module syna.tensor {
    requires transitive syna.api; // TensorEngine.open(Database) and the exceptions are syna.api types

    exports syna.tensor; // engine, Tensor, DType, Shape, batches, options, exceptions
    // syna.tensor.internal (descriptor format, chunk I/O, file formats, batching): not exported
}
