package syna.tensor;

import syna.api.InvalidArgumentException;

/**
 * How a {@link TensorEngine} stores tensors. Build with {@link #builder()}; {@code build()} checks
 * every bound. Immutable. Thread-safe.
 *
 * @param namespace namespace of the descriptions (the chunks go to {@code namespace + ".chunks"});
 *     default {@value #DEFAULT_NAMESPACE}
 * @param chunkBytes bytes per chunk of a large tensor; 0 (the default) lets the engine choose from
 *     the tensor's size: {@value #SMALL_CHUNK} bytes below {@value #LARGE_TENSOR} bytes, else
 *     {@value #LARGE_CHUNK}, rounded down to whole rows when a row is smaller
 * @param inlineBytes largest tensor stored in one value with its description rather than in chunks;
 *     default {@value #DEFAULT_INLINE}
 */
public record TensorOptions(String namespace, int chunkBytes, int inlineBytes) {
    /** Default namespace of the descriptions. */
    public static final String DEFAULT_NAMESPACE = "tensor";
    /** Default largest tensor stored in one piece. */
    public static final int DEFAULT_INLINE = 1 << 20;
    /** Chunk size the engine picks for tensors below {@link #LARGE_TENSOR}. */
    public static final int SMALL_CHUNK = 1 << 20;
    /** Chunk size the engine picks for tensors of {@link #LARGE_TENSOR} bytes and more. */
    public static final int LARGE_CHUNK = 4 << 20;
    /** Size from which the engine picks {@link #LARGE_CHUNK}. */
    public static final long LARGE_TENSOR = 256L << 20;
    /** Largest chunk size accepted (the storage engine's value limit may be lower). */
    public static final int MAX_CHUNK = 256 << 20;

    /** Checks the bounds. */
    public TensorOptions {
        if (namespace == null || namespace.isEmpty()) {
            throw new InvalidArgumentException("tensor namespace must be a non-empty name, got " + namespace);
        }
        if (chunkBytes < 0 || chunkBytes > MAX_CHUNK) {
            throw new InvalidArgumentException("chunkBytes must be 0 (engine's choice) or in [1, " + MAX_CHUNK
                    + "], got " + chunkBytes);
        }
        if (inlineBytes < 0 || inlineBytes > MAX_CHUNK) {
            throw new InvalidArgumentException("inlineBytes must be in [0, " + MAX_CHUNK + "], got " + inlineBytes);
        }
    }

    /** The defaults. */
    public static TensorOptions defaults() {
        return builder().build();
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Namespace of the chunks. */
    public String chunkNamespace() {
        return namespace + ".chunks";
    }

    /** Builds {@link TensorOptions}. Not thread-safe; one per thread. */
    public static final class Builder {
        private String namespace = DEFAULT_NAMESPACE;
        private int chunkBytes;
        private int inlineBytes = DEFAULT_INLINE;

        private Builder() {}

        /** Namespace of the descriptions. */
        public Builder namespace(String namespace) {
            this.namespace = namespace;
            return this;
        }

        /** Bytes per chunk; 0: the engine chooses. */
        public Builder chunkBytes(int chunkBytes) {
            this.chunkBytes = chunkBytes;
            return this;
        }

        /** Largest tensor stored in one piece with its description. */
        public Builder inlineBytes(int inlineBytes) {
            this.inlineBytes = inlineBytes;
            return this;
        }

        /** The options; {@link InvalidArgumentException} names a bound that does not hold. */
        public TensorOptions build() {
            return new TensorOptions(namespace, chunkBytes, inlineBytes);
        }
    }
}
