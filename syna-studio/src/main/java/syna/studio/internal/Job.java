package syna.studio.internal;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One maintenance job (verify, compact, export) and its progress: written by the job's thread, read by
 * the API and the event streams, each change bumping {@link #version()} and waking waiters. Thread-safe.
 */
final class Job {
    enum State { QUEUED, RUNNING, DONE, FAILED }

    /** What a reader sees at one moment. */
    record Snapshot(String id, String kind, State state, Instant started, long done, long total, String message,
            byte[] result, String errorCode, long version, long elapsedMillis) {}

    private final String id;
    private final String kind;
    private final long startNanos = System.nanoTime();
    private final Instant started = Instant.now();
    private State state = State.QUEUED;
    private long done;
    private long total = -1;
    private String message = "queued";
    private byte[] result;
    private String errorCode;
    private Path file;
    private long version;

    Job(String id, String kind) {
        this.id = id;
        this.kind = kind;
    }

    String id() {
        return id;
    }

    String kind() {
        return kind;
    }

    synchronized void running(String msg) {
        state = State.RUNNING;
        message = msg;
        changed();
    }

    synchronized void progress(long doneNow, long totalNow, String msg) {
        done = doneNow;
        total = totalNow;
        message = msg;
        changed();
    }

    synchronized void succeeded(byte[] resultJson, String msg, Path output) {
        state = State.DONE;
        result = resultJson;
        message = msg;
        file = output;
        changed();
    }

    synchronized void failed(String code, String msg) {
        state = State.FAILED;
        errorCode = code;
        message = msg;
        changed();
    }

    synchronized Path file() {
        return file;
    }

    synchronized Snapshot snapshot() {
        return new Snapshot(id, kind, state, started, done, total, message, result, errorCode, version,
                (System.nanoTime() - startNanos) / 1_000_000);
    }

    /** Waits until the version passes {@code seen} or {@code millis} pass; returns the snapshot then. */
    synchronized Snapshot awaitChange(long seen, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (version <= seen && state != State.DONE && state != State.FAILED) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        return snapshot();
    }

    private void changed() {
        version++;
        notifyAll();
    }
}
