package syna.langchain4j;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A deterministic, offline embedding model for tests: hashes each word and each character trigram of the
 * text into one of {@code dimension} buckets with a hash-chosen sign, then normalises to unit length. Equal
 * texts get equal vectors in every run; texts sharing words or trigrams are closer. Thread-safe.
 */
final class HashingEmbeddingModel implements EmbeddingModel {
    private final int dimension;

    HashingEmbeddingModel(int dimension) {
        this.dimension = dimension;
    }

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        List<Embedding> out = new ArrayList<>(segments.size());
        for (TextSegment s : segments) {
            out.add(Embedding.from(vector(s.text())));
        }
        return Response.from(out);
    }

    @Override
    public int dimension() {
        return dimension;
    }

    float[] vector(String text) {
        float[] v = new float[dimension];
        String t = text.toLowerCase(Locale.ROOT);
        for (String word : t.split("\\W+")) {
            if (!word.isEmpty()) {
                add(v, "w:" + word, 2f);
            }
        }
        String padded = " " + t + " ";
        for (int i = 0; i + 3 <= padded.length(); i++) {
            add(v, "g:" + padded.substring(i, i + 3), 1f);
        }
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        if (norm == 0) {
            v[0] = 1f;
            return v;
        }
        float inv = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
        return v;
    }

    private void add(float[] v, String feature, float weight) {
        long h = fnv1a(feature.getBytes(StandardCharsets.UTF_8));
        int bucket = (int) Long.remainderUnsigned(h, dimension);
        v[bucket] += ((h >>> 63) == 0 ? weight : -weight);
    }

    /** FNV-1a, 64 bit: stable across JVMs, unlike String.hashCode's use in hash maps. */
    private static long fnv1a(byte[] bytes) {
        long h = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        return h ^ (h >>> 29);
    }
}
