package syna.mlops.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process that owns a Running run: its pid, its start time and its host name, recorded in the
 * run record when the run starts ({@code "owner": {"pid", "started", "host"}}). A run is stale when
 * its owner is known to be gone: same host, and no process with that pid, or one that started at
 * another time (the pid was reused). Owners on another host, and runs recorded before owners were
 * kept, are never judged (their status stays as stored). Thread-safe.
 */
final class Owners {
    /** Two start times closer than this are the same process (clock-tick rounding). */
    private static final long SAME_START_MS = 2_000;
    /** A live owner is re-checked after this long; a gone one stays gone. */
    private static final long ALIVE_CACHE_NANOS = 500_000_000L;

    private static final String HOST = hostName();
    private static final ConcurrentHashMap<String, Long> ALIVE_AT = new ConcurrentHashMap<>();
    private static final java.util.Set<String> GONE = ConcurrentHashMap.newKeySet();

    private Owners() {}

    /** This process as an owner record. */
    static Map<String, Object> current() {
        ProcessHandle self = ProcessHandle.current();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", self.pid());
        m.put("started", self.info().startInstant().map(Instant::toEpochMilli).orElse(-1L));
        m.put("host", HOST);
        return m;
    }

    /** This host's name: {@code HOSTNAME}, else {@code /etc/hostname}, else {@code COMPUTERNAME}, else "". */
    private static String hostName() {
        String h = System.getenv("HOSTNAME");
        if (h == null || h.isBlank()) {
            try {
                Path p = Path.of("/etc/hostname");
                h = Files.isReadable(p) ? Files.readString(p, StandardCharsets.UTF_8).trim() : null;
            } catch (IOException | RuntimeException e) {
                h = null;
            }
        }
        if (h == null || h.isBlank()) {
            h = System.getenv("COMPUTERNAME");
        }
        return h == null ? "" : h.trim();
    }

    /**
     * Why the owner recorded in {@code info} is gone ("process 123 started ... is gone"), or empty
     * when it lives, when there is no owner record, or when it ran on another host.
     */
    static Optional<String> gone(Map<String, Object> info) {
        if (!(info.get("owner") instanceof Map<?, ?> owner) || !(owner.get("pid") instanceof Number pidNumber)) {
            return Optional.empty();
        }
        Object host = owner.get("host");
        if (!(host instanceof String h) || !h.equals(HOST)) {
            return Optional.empty();
        }
        long pid = pidNumber.longValue();
        long started = owner.get("started") instanceof Number s ? s.longValue() : -1;
        String key = pid + "@" + started;
        if (!GONE.contains(key)) {
            Long checked = ALIVE_AT.get(key);
            long now = System.nanoTime();
            if (checked != null && now - checked < ALIVE_CACHE_NANOS) {
                return Optional.empty();
            }
            if (isAlive(pid, started)) {
                ALIVE_AT.put(key, now);
                return Optional.empty();
            }
            ALIVE_AT.remove(key);
            GONE.add(key);
        }
        return Optional.of("process " + pid + (started >= 0 ? " (started " + Instant.ofEpochMilli(started) + ")" : "")
                + " on host '" + h + "' that ran it is gone");
    }

    private static boolean isAlive(long pid, long started) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive()) {
            return false;
        }
        if (started < 0) {
            return true;
        }
        Optional<Instant> start = h.get().info().startInstant();
        return start.isEmpty() || Math.abs(start.get().toEpochMilli() - started) < SAME_START_MS;
    }
}
