package syna.codec.lz4.internal;

import java.util.Set;
import syna.api.spi.Capability;
import syna.api.spi.CodecProvider;
import syna.api.spi.ValueCodec;

/** Provides the {@code lz4} codec; the constructor is cheap and loads nothing. Thread-safe. */
public final class Lz4CodecProvider implements CodecProvider {
    /** The provider name written into files. */
    public static final String NAME = "lz4";

    /** Format version 1: one raw LZ4 block per value. */
    public static final int FORMAT_VERSION = 1;

    /** For {@link java.util.ServiceLoader}. */
    public Lz4CodecProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int formatVersion() {
        return FORMAT_VERSION;
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of();
    }

    @Override
    public ValueCodec codec() {
        return Lz4Codec.instance();
    }

    @Override
    public String toString() {
        return "Lz4CodecProvider[name=" + NAME + ", formatVersion=" + FORMAT_VERSION + "]";
    }
}
