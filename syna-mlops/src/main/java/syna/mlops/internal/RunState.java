package syna.mlops.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import syna.mlops.RunStatus;

/**
 * What a tracker caches about one run so that logging a metric point does not re-read the run:
 * its status and the metric keys it already has. The lock serialises param, tag, status and
 * artifact changes of the run. Thread-safe.
 */
final class RunState {
    final String id;
    final String experiment;
    final ReentrantLock lock = new ReentrantLock();
    final Set<String> metricKeys = ConcurrentHashMap.newKeySet();
    volatile RunStatus status;

    RunState(String id, String experiment, RunStatus status) {
        this.id = id;
        this.experiment = experiment;
        this.status = status;
    }
}
