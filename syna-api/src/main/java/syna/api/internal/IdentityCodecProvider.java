package syna.api.internal;

import java.util.Arrays;
import java.util.Set;
import syna.api.SerializationException;
import syna.api.spi.Capability;
import syna.api.spi.CodecProvider;
import syna.api.spi.ValueCodec;

/** The built-in {@code none} codec: bytes stay as they are. Thread-safe. */
public final class IdentityCodecProvider implements CodecProvider, ValueCodec {
    @Override
    public String name() {
        return "none";
    }

    @Override
    public int formatVersion() {
        return 1;
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of();
    }

    @Override
    public ValueCodec codec() {
        return this;
    }

    @Override
    public byte[] encode(byte[] src, int off, int len) {
        return Arrays.copyOfRange(src, off, off + len);
    }

    @Override
    public byte[] decode(byte[] src, int off, int len, int rawLength) {
        if (len != rawLength) {
            throw new SerializationException("codec 'none': stored length " + len + " != raw length " + rawLength);
        }
        return Arrays.copyOfRange(src, off, off + len);
    }
}
