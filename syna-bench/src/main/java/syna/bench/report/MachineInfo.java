package syna.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * Where a run happened: CPU model, cores, memory, JDK, OS, commit and load, so figures are never
 * quoted without their machine. Immutable and thread-safe.
 *
 * @param fields name to value, in print order
 */
public record MachineInfo(SequencedMap<String, String> fields) {

    /** Copies the map, keeping its order. */
    public MachineInfo {
        fields = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(fields));
    }

    /** Describes this machine; {@code commit} comes from the caller (the script passes git's). */
    public static MachineInfo current(String commit) {
        SequencedMap<String, String> f = new LinkedHashMap<>();
        f.put("cpu", cpuModel().orElse(System.getProperty("os.arch")));
        f.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        f.put("max heap", (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
        f.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version"));
        f.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        f.put("commit", commit.isBlank() ? "unknown" : commit);
        f.put("load average", loadAverage());
        return new MachineInfo(f);
    }

    /** The 1, 5 and 15 minute load averages now, or "unknown": a busy machine shows here. */
    public static String loadAverage() {
        return read("/proc/loadavg").map(String::strip).orElse("unknown");
    }

    private static Optional<String> cpuModel() {
        return read("/proc/cpuinfo").flatMap(text -> text.lines()
                .filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).strip())
                .findFirst());
    }

    private static Optional<String> read(String file) {
        try {
            return Optional.of(Files.readString(Path.of(file)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
