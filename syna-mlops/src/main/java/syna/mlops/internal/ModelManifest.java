package syna.mlops.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import syna.api.SerializationException;
import syna.api.store.BlobInfo;

/**
 * The manifest of one model version, at {@code _models/<m>/v/<v>/manifest}: TEXT JSON
 * {@code {"format":1,"model","version","createdAt","size","chunks","chunkSize","algorithm","digest",
 * "metadata"[,"runId"][,"signature"]}} (docs/format/mlops.md). Written last in the batch that commits
 * a version. Immutable.
 *
 * @param model model name
 * @param version version number
 * @param createdAt creation time, ms since the epoch
 * @param blob the stored bytes
 * @param metadata user metadata
 * @param runId the run that made it; "" for none
 * @param signature base64 Ed25519 signature; "" for unsigned
 */
record ModelManifest(String model, int version, long createdAt, BlobInfo blob, Map<String, String> metadata,
        String runId, String signature) {
    static final int FORMAT = 1;

    /** Copies the metadata, sorted. */
    ModelManifest {
        metadata = java.util.Collections.unmodifiableMap(new TreeMap<>(metadata));
    }

    boolean signed() {
        return !signature.isEmpty();
    }

    String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("model", model);
        m.put("version", version);
        m.put("createdAt", createdAt);
        m.putAll(BlobFields.toJson(blob));
        m.put("metadata", new LinkedHashMap<>(metadata));
        if (!runId.isEmpty()) {
            m.put("runId", runId);
        }
        if (!signature.isEmpty()) {
            m.put("signature", signature);
        }
        return Json.write(m);
    }

    /** Parses a manifest; {@link SerializationException} naming {@code what} when a field is missing or wrong. */
    static ModelManifest parse(String text, String what) {
        Map<String, Object> m = Json.parseObject(text, what);
        BlobInfo blob = BlobFields.fromJson(m, what);
        if (!(m.get("createdAt") instanceof Number created) || !(m.get("version") instanceof Number version)
                || !(m.get("model") instanceof String model)) {
            throw new SerializationException(what + " lacks model, version or createdAt: " + m);
        }
        Object run = m.get("runId");
        Object sig = m.get("signature");
        if (run != null && !(run instanceof String) || sig != null && !(sig instanceof String)) {
            throw new SerializationException(what + ": runId and signature must be strings: " + m);
        }
        return new ModelManifest(model, version.intValue(), created.longValue(), blob,
                Json.stringMap(m.getOrDefault("metadata", Map.of()), what), run == null ? "" : (String) run,
                sig == null ? "" : (String) sig);
    }
}
