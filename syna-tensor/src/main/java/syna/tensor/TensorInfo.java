package syna.tensor;

import syna.api.InvalidArgumentException;

/**
 * What is stored about a tensor, without its data.
 *
 * @param name the tensor's name
 * @param dtype its element type
 * @param shape its shape
 * @param chunks number of chunks; 0 when the data is stored in one piece with the description
 * @param chunkBytes bytes per chunk (the last may be shorter); 0 when stored in one piece
 */
public record TensorInfo(String name, DType dtype, Shape shape, int chunks, int chunkBytes) {
    /** Checks the fields. */
    public TensorInfo {
        if (name == null || dtype == null || shape == null) {
            throw new InvalidArgumentException("tensor info " + (name == null ? "name" : dtype == null ? "dtype" : "shape")
                    + " must not be null");
        }
        if (chunks < 0 || chunkBytes < 0 || (chunks > 0) != (chunkBytes > 0)) {
            throw new InvalidArgumentException("tensor '" + name + "': " + chunks + " chunks of " + chunkBytes
                    + " bytes is not a layout");
        }
    }

    /** Bytes of the data: elements times the dtype's size. */
    public long byteSize() {
        return shape.byteSize(dtype);
    }

    /** Whether the data is stored in chunks (large tensors) rather than with the description. */
    public boolean chunked() {
        return chunks > 0;
    }
}
