package syna.mlops;

import java.util.Objects;

/**
 * A model version with its bytes, already checked against the stored digest. Immutable and thread-safe.
 *
 * @param version what was loaded
 * @param data the model bytes (copied in and out)
 */
public record LoadedModel(ModelVersion version, byte[] data) {
    /** Copies the bytes. */
    public LoadedModel {
        Objects.requireNonNull(version, "version");
        data = data.clone();
    }

    /** A copy of the model bytes. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LoadedModel m && m.version.equals(version) && java.util.Arrays.equals(m.data, data);
    }

    @Override
    public int hashCode() {
        return version.hashCode() * 31 + java.util.Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "LoadedModel[" + version.model() + " v" + version.version() + ", " + data.length + " bytes]";
    }
}
