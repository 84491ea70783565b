/**
 * Syna's tensor engine: {@link syna.tensor.TensorEngine} stores {@link syna.tensor.Tensor}s by name
 * in a database, loads them by glob, streams them chunk by chunk, serves shuffled batches and
 * exchanges {@code .npy} and safetensors files. The storage layout is described in
 * {@code syna.tensor.internal}'s package documentation and {@code docs/format/tensor.md}.
 */
package syna.tensor;
