package syna.mlops.internal;

import syna.api.store.Names;

/**
 * Key layout of the experiment tracker ({@code <e>} encoded experiment name, {@code <id>} run id,
 * {@code <k>} encoded metric key, {@code <a>} encoded artifact name):
 *
 * <pre>
 * _expidx/n, _expidx/&lt;i&gt;           experiment names (IndexList)
 * _exp/&lt;e&gt;/created                 INT64 ms: the experiment exists
 * _exp/&lt;e&gt;/runs/n, /runs/&lt;i&gt;       run ids of the experiment, in start order (IndexList)
 * _run/&lt;id&gt;/info                   TEXT JSON run record: experiment, name, status, start, end, error,
 *                                   tags, params, metric keys, artifact names (one read per run)
 * _run/&lt;id&gt;/m/&lt;k&gt;/v, /s, /t         FLOAT64 values, INT64 steps, INT64 ms: one history entry per point
 * _run/&lt;id&gt;/art/&lt;a&gt;/manifest        TEXT JSON: generation, size, chunks, digest
 * _run/&lt;id&gt;/art/&lt;a&gt;/&lt;g&gt;/c/&lt;n&gt;       BYTES chunks of generation g
 * </pre>
 *
 * Thread-safe (stateless).
 */
final class RunKeys {
    static final String EXPERIMENT_INDEX = "_expidx/";

    private RunKeys() {}

    static String experiment(String name) {
        return "_exp/" + Names.encode("experiment name", name) + "/";
    }

    static String run(String id) {
        return "_run/" + id + "/";
    }

    static String metric(String id, String key) {
        return run(id) + "m/" + Names.encode("metric key", key) + "/";
    }

    static String artifact(String id, String name) {
        return run(id) + "art/" + Names.encode("artifact name", name) + "/";
    }
}
