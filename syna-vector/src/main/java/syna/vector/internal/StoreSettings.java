package syna.vector.internal;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import syna.api.SerializationException;
import syna.api.VectorStoreOptions;

/**
 * The index settings of a durable vector store, kept in its {@link StoreKeys#settings()} entry beside the
 * config entry (which holds only what may never change: dimension and metric), so that
 * {@code Syna.vectorStores(db)} reopens a store as it was last opened: its index provider, the provider's
 * parameters and the index threshold. One line of text, tokens separated by single spaces:
 * {@code s1 threshold=<int> [index=<name>] [p.<parameter>=<value>]...}, names and values URL-encoded
 * (UTF-8), parameters in name order. A separate entry rather than a new config version, so that an older
 * Syna still opens the store (it ignores the entry). Stateless.
 */
final class StoreSettings {
    private static final String VERSION = "s1";

    private StoreSettings() {}

    /** The settings text of {@code o}; equal options give equal text. */
    static String encode(VectorStoreOptions o) {
        StringBuilder b = new StringBuilder(VERSION).append(" threshold=").append(o.indexThreshold());
        o.index().ifPresent(i -> b.append(" index=").append(enc(i)));
        new TreeMap<>(o.indexParameters()).forEach((k, v) -> b.append(" p.").append(enc(k)).append('=').append(enc(v)));
        return b.toString();
    }

    /**
     * {@code base} (dimension and metric from the config) with the settings of {@code text}.
     *
     * @throws SerializationException when the text is not settings this version reads
     */
    static VectorStoreOptions apply(VectorStoreOptions base, String text) {
        String[] tokens = text.split(" ");
        if (!tokens[0].equals(VERSION)) {
            throw new SerializationException("vector store settings of an unknown version: '" + text + "'");
        }
        VectorStoreOptions.Builder b = VectorStoreOptions.builder(base.dimension()).metric(base.metric())
                .initialCapacity(base.initialCapacity());
        Map<String, String> params = new TreeMap<>();
        Optional<Integer> threshold = Optional.empty();
        for (int i = 1; i < tokens.length; i++) {
            int eq = tokens[i].indexOf('=');
            if (eq < 1) {
                throw new SerializationException("vector store settings: bad token '" + tokens[i] + "' in '" + text + "'");
            }
            String name = tokens[i].substring(0, eq);
            String value = dec(tokens[i].substring(eq + 1), text);
            if (name.equals("threshold")) {
                try {
                    threshold = Optional.of(Integer.parseInt(value));
                } catch (NumberFormatException e) {
                    throw new SerializationException("vector store settings: bad threshold in '" + text + "'", e);
                }
            } else if (name.equals("index")) {
                b.index(value);
            } else if (name.startsWith("p.")) {
                params.put(dec(name.substring(2), text), value);
            } // an unknown setting of a later version is skipped: the store opens with its default
        }
        threshold.ifPresent(b::indexThreshold);
        return b.indexParameters(params).build();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String dec(String s, String text) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new SerializationException("vector store settings: bad escape in '" + text + "'", e);
        }
    }
}
