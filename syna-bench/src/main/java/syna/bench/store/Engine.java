package syna.bench.store;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import syna.api.Durability;
import syna.api.InvalidArgumentException;

/** The engines the benchmark compares, and how each maps Syna's durability modes. Thread-safe. */
public enum Engine {
    /** Syna's storage engine, found by {@code syna.api} through {@code ServiceLoader}. */
    SYNA("syna", Role.SUBJECT),
    /** RocksDB through rocksdbjni, default options. */
    ROCKSDB("rocksdb", Role.PEER),
    /** LMDB through lmdbjava (bundled liblmdb). */
    LMDB("lmdb", Role.PEER),
    /** Chronicle Map persisted to a mapped file: the fastest non-durable reads; NONE workloads only. */
    CHRONICLE("chronicle-map", Role.PEER),
    /** The floor: length-prefixed, CRC32C'd records appended to one {@code FileChannel}, indexed in a hash map. */
    RAW("raw-file", Role.BASELINE);

    /** What a row is compared as. */
    public enum Role {
        /** The engine under test. */
        SUBJECT,
        /** A real peer; the best peer of a row is the fastest of these. */
        PEER,
        /** A lower bound on the work, not a database. */
        BASELINE
    }

    private final String label;
    private final Role role;

    Engine(String label, Role role) {
        this.label = label;
        this.role = role;
    }

    /** The name printed in tables and accepted by {@code --engines}. */
    public String label() {
        return label;
    }

    /** Whether the row is the subject, a peer or the baseline. */
    public Role role() {
        return role;
    }

    /** The engine named {@code name} ({@code syna}, {@code rocksdb}, {@code lmdb}, {@code chronicle-map}, {@code raw}). */
    public static Engine parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (Engine e : values()) {
            if (e.label.equals(n) || e.name().toLowerCase(Locale.ROOT).equals(n)) {
                return e;
            }
        }
        throw new InvalidArgumentException(
                "unknown engine '" + name + "'; known: " + Arrays.toString(values()).toLowerCase(Locale.ROOT));
    }

    /** Whether this engine has a meaningful mapping of {@code durability}. */
    public boolean supports(Durability durability) {
        // The raw baseline has no group commit of its own; faking one would measure our fake.
        // Chronicle Map has no sync of its own: it runs the NONE workloads only.
        return !(this == RAW && durability == Durability.GROUP) && !(this == CHRONICLE && durability != Durability.NONE);
    }

    /** How this engine realises {@code durability}, for the table's note column. */
    public String durabilityNote(Durability durability) {
        return switch (this) {
            case SYNA -> "Durability." + durability;
            case ROCKSDB -> switch (durability) {
                case NONE -> "WriteOptions.sync=false (WAL in page cache)";
                case ALWAYS -> "WriteOptions.sync=true";
                case GROUP -> "sync=true; RocksDB's write-group leader syncs the WAL for concurrent writers";
            };
            case LMDB -> switch (durability) {
                case NONE -> "MDB_NOSYNC";
                case ALWAYS -> "sync commit per write";
                case GROUP -> "no group-commit analogue: writers serialise, one sync commit each";
            };
            case CHRONICLE -> switch (durability) {
                case NONE -> "mapped file, not synced";
                case ALWAYS, GROUP -> "n/a: no durable mode";
            };
            case RAW -> switch (durability) {
                case NONE -> "write() only";
                case ALWAYS -> "write() + force(false) per record";
                case GROUP -> "n/a";
            };
        };
    }

    /**
     * Opens a fresh store of this engine in the empty directory {@code dir}, or reopens the one there;
     * {@code sizing} is what it will hold (only Chronicle Map uses it). A native library that does not
     * load gives {@link EngineUnavailableException}, so the run skips the engine.
     */
    public KvStore open(Path dir, Durability durability, StoreSizing sizing) {
        try {
            return switch (this) {
                case SYNA -> SynaStore.open(dir, durability);
                case ROCKSDB -> RocksStore.open(dir, durability);
                case LMDB -> LmdbStore.open(dir, durability);
                case CHRONICLE -> ChronicleStore.open(dir, durability, sizing);
                case RAW -> RawFileStore.open(dir, durability);
            };
        } catch (LinkageError e) {
            throw new EngineUnavailableException(label + ": native library did not load (" + e + "). "
                    + switch (this) {
                        case ROCKSDB -> "rocksdbjni bundles librocksdb for linux/macos/windows x86_64 and aarch64;"
                                + " other platforms need a rocksdbjni build of their own.";
                        case LMDB -> "lmdbjava bundles liblmdb for linux/macos x86_64 and aarch64 and windows"
                                + " x86_64; elsewhere install liblmdb (apt-get install liblmdb0) and pass"
                                + " -Dlmdbjava.native.lib=/usr/lib/<arch>/liblmdb.so.0.";
                        default -> "";
                    }, e);
        }
    }
}
