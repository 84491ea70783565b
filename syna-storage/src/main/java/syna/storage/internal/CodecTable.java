package syna.storage.internal;

import java.util.Arrays;
import syna.api.spi.CodecProvider;
import syna.api.spi.Providers;
import syna.api.spi.ValueCodec;

/**
 * The codecs one log file uses, by the small id its records store. Entries come from codec records
 * (kind 32) read on open, or are added by the writer before the first value it compresses.
 * Readers see an immutable array published through a volatile field. Concurrent reads, one writer.
 */
final class CodecTable {
    private static final int MAX_CODECS = 255;

    private volatile String[] names = new String[0];
    private volatile ValueCodec[] codecs = new ValueCodec[0];

    /**
     * Registers codec {@code name} under {@code id}, as a codec record says; looks the provider up
     * and throws the registry's {@code ProviderNotFoundException} when it is not on the module path.
     */
    void register(int id, String name) {
        ValueCodec codec = Providers.get(CodecProvider.class, name).codec();
        if (id < names.length && name.equals(names[id])) {
            return;
        }
        if (id != names.length) {
            throw new IllegalStateException("codec id " + id + " for '" + name + "', expected " + names.length);
        }
        add(name, codec);
    }

    private void add(String name, ValueCodec codec) {
        String[] n = Arrays.copyOf(names, names.length + 1);
        ValueCodec[] c = Arrays.copyOf(codecs, codecs.length + 1);
        n[n.length - 1] = name;
        c[c.length - 1] = codec;
        codecs = c;
        names = n;
    }

    /** Id of {@code name}, or -1 when the file has no record for it yet. */
    int idOf(String name) {
        String[] n = names;
        for (int i = 0; i < n.length; i++) {
            if (n[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Adds {@code name} with a fresh id (the caller writes the codec record); returns the id. */
    int addNew(String name, ValueCodec codec) {
        if (names.length >= MAX_CODECS) {
            throw new IllegalStateException("more than " + MAX_CODECS + " codecs in one log");
        }
        add(name, codec);
        return names.length - 1;
    }

    /** The codec with {@code id}, or null. */
    ValueCodec codec(int id) {
        ValueCodec[] c = codecs;
        return id >= 0 && id < c.length ? c[id] : null;
    }

    String name(int id) {
        return names[id];
    }

    /** Every registered codec name, by id. */
    java.util.List<String> names() {
        return java.util.List.of(names);
    }
}
