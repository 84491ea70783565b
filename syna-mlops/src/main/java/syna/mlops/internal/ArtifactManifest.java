package syna.mlops.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import syna.api.SerializationException;
import syna.api.store.BlobInfo;

/**
 * The manifest of one artifact of a run, at {@code _run/<id>/art/<a>/manifest}: TEXT JSON
 * {@code {"generation","size","chunks","chunkSize","algorithm","digest"}}; its chunks live under
 * {@code <generation>/c/}. Immutable.
 *
 * @param generation 1 for the first write, one more per replacement
 * @param blob the stored bytes
 */
record ArtifactManifest(long generation, BlobInfo blob) {
    String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generation", generation);
        m.putAll(BlobFields.toJson(blob));
        return Json.write(m);
    }

    static ArtifactManifest parse(String text, String what) {
        Map<String, Object> m = Json.parseObject(text, what);
        if (!(m.get("generation") instanceof Number g) || g.longValue() < 1) {
            throw new SerializationException(what + " lacks a generation >= 1: " + m);
        }
        return new ArtifactManifest(g.longValue(), BlobFields.fromJson(m, what));
    }
}
