package syna.bench.report;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import syna.bench.store.Engine;
import syna.bench.store.EngineException;
import syna.bench.workload.Measurement;
import syna.bench.workload.Workload;

/**
 * Collects the rows of a run and prints them: one table per workload with each row's throughput
 * against the best peer's (RocksDB or LMDB, whichever is faster on that workload), a summary of
 * Syna / best peer, and the same figures as CSV and JSON. Not thread-safe; one per run.
 */
public final class Report {
    private final MachineInfo machine;
    private final SequencedMap<String, String> settings;
    private final SequencedMap<String, Measurement> probes = new LinkedHashMap<>();
    private final List<Row> rows = new ArrayList<>();
    private final List<OpenClose> openClose = new ArrayList<>();

    /**
     * How long an engine took to close a store of {@code keys} values and to open it again.
     *
     * @param engine the engine
     * @param keys keys in the store
     * @param valueBytes bytes of each value
     * @param closeMillis {@code close()} after the read workloads
     * @param openMillis opening the closed store again, until the call returns
     * @param firstGetMicros the first get after that open
     */
    public record OpenClose(Engine engine, long keys, int valueBytes, double closeMillis, double openMillis,
            double firstGetMicros) {}

    /** A report of a run on {@code machine} with {@code settings} (seed, ops, ...) for its header. */
    public Report(MachineInfo machine, SequencedMap<String, String> settings) {
        this.machine = machine;
        this.settings = new LinkedHashMap<>(settings);
    }

    /** Adds or replaces a setting shown in the JSON header (e.g. the load average at the end). */
    public void setting(String name, String value) {
        settings.put(name, value);
    }

    /** Adds a disk probe result under {@code name}. */
    public void probe(String name, Measurement m) {
        probes.put(name, m);
    }

    /** Adds a row. */
    public void add(Row row) {
        rows.add(row);
    }

    /** Adds an open/close figure. */
    public void add(OpenClose figure) {
        openClose.add(figure);
    }

    /** Prints the open/close figures with Syna / best peer (below 1: Syna faster), if any. */
    public void printOpenClose(PrintStream out) {
        if (openClose.isEmpty()) {
            return;
        }
        OpenClose first = openClose.getFirst();
        out.println();
        out.printf(Locale.ROOT, "== close and reopen a store of %,d keys x %,d B (after the read workloads) ==%n",
                first.keys(), first.valueBytes());
        out.printf(Locale.ROOT, "  %-13s %10s %10s %14s%n", "engine", "close ms", "open ms", "first get µs");
        for (OpenClose f : openClose) {
            out.printf(Locale.ROOT, "  %-13s %,10.1f %,10.1f %,14.1f%n", f.engine().label(), f.closeMillis(),
                    f.openMillis(), f.firstGetMicros());
        }
        Optional<OpenClose> syna = openClose.stream().filter(f -> f.engine() == Engine.SYNA).findFirst();
        Optional<OpenClose> bestOpen = openClose.stream().filter(f -> f.engine().role() == Engine.Role.PEER)
                .min(Comparator.comparingDouble(OpenClose::openMillis));
        if (syna.isPresent() && bestOpen.isPresent()) {
            out.printf(Locale.ROOT, "  open: Syna / fastest peer (%s) = %.2fx (below 1: Syna opens faster)%n",
                    bestOpen.orElseThrow().engine().label(),
                    syna.orElseThrow().openMillis() / bestOpen.orElseThrow().openMillis());
        }
    }

    /** The open/close figures so far. */
    public List<OpenClose> openClose() {
        return List.copyOf(openClose);
    }

    /** The rows so far. */
    public List<Row> rows() {
        return List.copyOf(rows);
    }

    /** The fastest peer's row of {@code workload}, if any peer has figures. */
    public Optional<Row> bestPeer(Workload workload) {
        return rows.stream()
                .filter(r -> r.workload().equals(workload) && r.engine().role() == Engine.Role.PEER)
                .filter(r -> r.measurement().isPresent())
                .max((a, b) -> Double.compare(a.opsPerSecond(), b.opsPerSecond()));
    }

    /** Prints the header: machine, settings, disk probes. */
    public void printHeader(PrintStream out) {
        out.println("Syna storage benchmark: Syna vs RocksDB vs LMDB vs Chronicle Map vs raw FileChannel, one JVM, one machine");
        machine.fields().forEach((k, v) -> out.printf(Locale.ROOT, "  %-13s %s%n", k, v));
        settings.forEach((k, v) -> out.printf(Locale.ROOT, "  %-13s %s%n", k, v));
    }

    /** Prints the disk probe results. */
    public void printProbes(PrintStream out) {
        out.println();
        out.println("== raw disk sync rate: append 4 KiB + FileChannel.force, same file system as the stores ==");
        probes.forEach((name, m) -> out.printf(Locale.ROOT, "  %-28s %,10.0f syncs/s   p50 %,9.1f µs   p99 %,9.1f µs  (%d ops)%n",
                name, m.opsPerSecond(), m.p50Micros(), m.p99Micros(), m.ops()));
    }

    /** Prints the table of {@code workload}. */
    public void printTable(PrintStream out, Workload w) {
        out.println();
        out.printf(Locale.ROOT, "== %s: %s (%,d ops, %,d warm-up) ==%n", w.name(), w.title(), w.ops(), w.warmupOps());
        out.printf(Locale.ROOT, "  %-13s %12s %9s %9s %9s %10s %8s %9s %9s  %s%n", "engine", "ops/s", "p50 µs", "p99 µs",
                "p99.9 µs", "max µs", "B/op", "disk MiB", "/best peer", "how");
        Optional<Row> best = bestPeer(w);
        List<Row> sorted = rows.stream().sorted(Comparator.comparing(Row::engine)).toList();
        for (Row r : sorted) {
            if (!r.workload().equals(w)) {
                continue;
            }
            String disk = r.diskBytes() < 0 ? "-" : String.format(Locale.ROOT, "%.1f", r.diskBytes() / 1048576.0);
            if (r.measurement().isEmpty()) {
                out.printf(Locale.ROOT, "  %-13s %12s %9s %9s %9s %10s %8s %9s %9s  %s%n", r.engine().label(), "-", "-",
                        "-", "-", "-", "-", disk, "-", r.note());
                continue;
            }
            Measurement m = r.measurement().orElseThrow();
            String ratio = best.map(b -> String.format(Locale.ROOT, "%.2fx", m.opsPerSecond() / b.opsPerSecond()))
                    .orElse("-");
            String alloc = Double.isNaN(m.allocatedBytesPerOp()) ? "-"
                    : String.format(Locale.ROOT, "%,.0f", m.allocatedBytesPerOp());
            out.printf(Locale.ROOT, "  %-13s %,12.0f %,9.1f %,9.1f %,9.1f %,10.0f %8s %9s %9s  %s%n", r.engine().label(),
                    m.opsPerSecond(), m.p50Micros(), m.p99Micros(), m.p999Micros(), m.maxMicros(), alloc, disk, ratio,
                    r.note());
        }
    }

    /** Prints Syna / best peer for every workload. */
    public void printSummary(PrintStream out, List<Workload> workloads) {
        out.println();
        out.println("== summary: Syna / best peer (throughput ratio > 1: Syna faster; p99 ratio < 1: Syna lower) ==");
        out.printf(Locale.ROOT, "  %-16s %12s %-8s %12s %10s %10s%n", "workload", "syna ops/s", "peer", "peer ops/s",
                "ops ratio", "p99 ratio");
        for (Workload w : workloads) {
            Optional<Row> syna = rows.stream()
                    .filter(r -> r.workload().equals(w) && r.engine() == Engine.SYNA && r.measurement().isPresent())
                    .findFirst();
            Optional<Row> best = bestPeer(w);
            if (syna.isEmpty() || best.isEmpty()) {
                out.printf(Locale.ROOT, "  %-16s %12s%n", w.name(), syna.isEmpty() ? "no Syna figures" : "no peer figures");
                continue;
            }
            Measurement s = syna.orElseThrow().measurement().orElseThrow();
            Measurement p = best.orElseThrow().measurement().orElseThrow();
            out.printf(Locale.ROOT, "  %-16s %,12.0f %-8s %,12.0f %9.2fx %9.2fx%n", w.name(), s.opsPerSecond(),
                    best.orElseThrow().engine().label(), p.opsPerSecond(), s.opsPerSecond() / p.opsPerSecond(),
                    s.p99Micros() / p.p99Micros());
        }
    }

    /** Prints, per engine, GROUP with 8 writers over ALWAYS with one: what sharing syncs buys. */
    public void printGroupGain(PrintStream out, Workload always, Workload group) {
        out.println();
        out.println("== group commit gain: " + group.name() + " ops/s / " + always.name() + " ops/s ==");
        for (Engine e : Engine.values()) {
            Optional<Measurement> a = figures(always, e);
            Optional<Measurement> g = figures(group, e);
            if (a.isPresent() && g.isPresent()) {
                out.printf(Locale.ROOT, "  %-9s %6.2fx%n", e.label(),
                        g.orElseThrow().opsPerSecond() / a.orElseThrow().opsPerSecond());
            }
        }
    }

    private Optional<Measurement> figures(Workload w, Engine e) {
        return rows.stream().filter(r -> r.workload().equals(w) && r.engine() == e)
                .flatMap(r -> r.measurement().stream()).findFirst();
    }

    /** Writes {@code <stem>.csv} (one line per row) and {@code <stem>.json} (header and rows) into {@code dir}. */
    public List<Path> write(Path dir, String stem) {
        Path csv = dir.resolve(stem + ".csv");
        Path json = dir.resolve(stem + ".json");
        try {
            Files.createDirectories(dir);
            try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
                w.write("workload,engine,role,kind,value_bytes,threads,durability,read_fraction,key_choice,ops,"
                        + "ops_per_s,p50_us,p99_us,p999_us,max_us,alloc_bytes_per_op,disk_bytes,ratio_vs_best_peer,best_peer,note\n");
                for (Row r : rows) {
                    w.write(csvLine(r));
                }
            }
            try (Writer w = Files.newBufferedWriter(json, StandardCharsets.UTF_8)) {
                w.write(json());
            }
        } catch (IOException e) {
            throw new EngineException("report", "write " + csv + " and " + json, e);
        }
        return List.of(csv, json);
    }

    private String csvLine(Row r) {
        Workload w = r.workload();
        Optional<Row> best = bestPeer(w);
        List<String> cells = new ArrayList<>(List.of(w.name(), r.engine().label(), r.engine().role().name(),
                w.kind().name(), Integer.toString(w.valueBytes()), Integer.toString(w.threads()), w.durability().name(),
                Double.toString(w.readFraction()), w.keys().name()));
        Optional<Measurement> m = r.measurement();
        cells.add(m.map(x -> Long.toString(x.ops())).orElse(""));
        cells.add(m.map(x -> fmt(x.opsPerSecond())).orElse(""));
        cells.add(m.map(x -> fmt(x.p50Micros())).orElse(""));
        cells.add(m.map(x -> fmt(x.p99Micros())).orElse(""));
        cells.add(m.map(x -> fmt(x.p999Micros())).orElse(""));
        cells.add(m.map(x -> fmt(x.maxMicros())).orElse(""));
        cells.add(m.filter(x -> !Double.isNaN(x.allocatedBytesPerOp())).map(x -> fmt(x.allocatedBytesPerOp())).orElse(""));
        cells.add(r.diskBytes() < 0 ? "" : Long.toString(r.diskBytes()));
        cells.add(m.isPresent() && best.isPresent() ? fmt(r.opsPerSecond() / best.orElseThrow().opsPerSecond()) : "");
        cells.add(best.map(b -> b.engine().label()).orElse(""));
        cells.add(r.note());
        return String.join(",", cells.stream().map(Report::csvCell).toList()) + "\n";
    }

    private String json() {
        StringBuilder b = new StringBuilder("{\n  \"machine\": ");
        object(b, machine.fields());
        b.append(",\n  \"settings\": ");
        object(b, settings);
        b.append(",\n  \"diskProbes\": [");
        String sep = "\n";
        for (Map.Entry<String, Measurement> e : probes.entrySet()) {
            Measurement m = e.getValue();
            b.append(sep).append("    {\"name\": ").append(quote(e.getKey())).append(", \"ops\": ").append(m.ops())
                    .append(", \"opsPerSecond\": ").append(fmt(m.opsPerSecond())).append(", \"p50Micros\": ")
                    .append(fmt(m.p50Micros())).append(", \"p99Micros\": ").append(fmt(m.p99Micros())).append('}');
            sep = ",\n";
        }
        b.append("\n  ],\n  \"rows\": [");
        sep = "\n";
        for (Row r : rows) {
            Workload w = r.workload();
            Optional<Row> best = bestPeer(w);
            b.append(sep).append("    {\"workload\": ").append(quote(w.name())).append(", \"engine\": ")
                    .append(quote(r.engine().label())).append(", \"role\": ").append(quote(r.engine().role().name()))
                    .append(", \"valueBytes\": ").append(w.valueBytes()).append(", \"threads\": ").append(w.threads())
                    .append(", \"durability\": ").append(quote(w.durability().name()));
            r.measurement().ifPresent(m -> b.append(", \"ops\": ").append(m.ops()).append(", \"opsPerSecond\": ")
                    .append(fmt(m.opsPerSecond())).append(", \"p50Micros\": ").append(fmt(m.p50Micros()))
                    .append(", \"p99Micros\": ").append(fmt(m.p99Micros())).append(", \"p999Micros\": ")
                    .append(fmt(m.p999Micros())).append(", \"maxMicros\": ").append(fmt(m.maxMicros()))
                    .append(Double.isNaN(m.allocatedBytesPerOp()) ? ""
                            : ", \"allocatedBytesPerOp\": " + fmt(m.allocatedBytesPerOp())));
            if (r.diskBytes() >= 0) {
                b.append(", \"diskBytes\": ").append(r.diskBytes());
            }
            if (r.measurement().isPresent() && best.isPresent()) {
                b.append(", \"ratioVsBestPeer\": ").append(fmt(r.opsPerSecond() / best.orElseThrow().opsPerSecond()))
                        .append(", \"bestPeer\": ").append(quote(best.orElseThrow().engine().label()));
            }
            b.append(", \"note\": ").append(quote(r.note())).append('}');
            sep = ",\n";
        }
        b.append("\n  ],\n  \"openClose\": [");
        sep = "\n";
        for (OpenClose f : openClose) {
            b.append(sep).append("    {\"engine\": ").append(quote(f.engine().label())).append(", \"keys\": ")
                    .append(f.keys()).append(", \"valueBytes\": ").append(f.valueBytes()).append(", \"closeMillis\": ")
                    .append(fmt(f.closeMillis())).append(", \"openMillis\": ").append(fmt(f.openMillis()))
                    .append(", \"firstGetMicros\": ").append(fmt(f.firstGetMicros())).append('}');
            sep = ",\n";
        }
        return b.append("\n  ]\n}\n").toString();
    }

    private static void object(StringBuilder b, Map<String, String> map) {
        b.append('{');
        String sep = "";
        for (Map.Entry<String, String> e : map.entrySet()) {
            b.append(sep).append(quote(e.getKey())).append(": ").append(quote(e.getValue()));
            sep = ", ";
        }
        b.append('}');
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "";
    }

    private static String csvCell(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
