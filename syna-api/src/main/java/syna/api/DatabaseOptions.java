package syna.api;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How to open a database. Built with {@link #builder(Path)} (or {@link Syna#builder(Path)}),
 * validated once in {@link Builder#build()}. Immutable and thread-safe.
 *
 * @param path the database directory
 * @param durability when writes are fsynced (default {@link Durability#GROUP})
 * @param engine storage engine provider name; empty: {@code -Dsyna.storage} or the only engine found
 * @param codec value codec provider name for new values (default {@code none})
 * @param createIfMissing create the database when the directory holds none (default true)
 * @param readOnly open a read-only snapshot (default false): takes no lock, so it works while another
 *     process writes, and sees the writes that reached the file before the open
 * @param salvage on a corrupt entry in the middle of the log, keep what is valid instead of failing
 *     (default false); the damaged file is kept aside, never silently rewritten
 * @param retention history kept by compaction (default {@link HistoryRetention#all()})
 * @param maxValueBytes largest value accepted, in bytes (default 64 MiB, at most 1 GiB)
 * @param compressionThreshold values at least this long go through the codec (default 256 bytes)
 */
public record DatabaseOptions(
        Path path,
        Durability durability,
        Optional<String> engine,
        String codec,
        boolean createIfMissing,
        boolean readOnly,
        boolean salvage,
        HistoryRetention retention,
        int maxValueBytes,
        int compressionThreshold) {

    /** Largest key accepted, in UTF-8 bytes. */
    public static final int MAX_KEY_BYTES = 65_535;

    /** Upper bound for {@link #maxValueBytes()}. */
    public static final int MAX_VALUE_BYTES_LIMIT = 1 << 30;

    /** Validates every field. */
    public DatabaseOptions {
        syna.api.internal.Checks.notNull(path, "path");
        syna.api.internal.Checks.notNull(durability, "durability");
        syna.api.internal.Checks.notNull(engine, "engine");
        syna.api.internal.Checks.notNull(codec, "codec");
        syna.api.internal.Checks.notNull(retention, "retention");
        if (maxValueBytes < 1 || maxValueBytes > MAX_VALUE_BYTES_LIMIT) {
            throw new InvalidArgumentException(
                    "maxValueBytes must be in [1, " + MAX_VALUE_BYTES_LIMIT + "], got " + maxValueBytes);
        }
        if (compressionThreshold < 0) {
            throw new InvalidArgumentException("compressionThreshold must be >= 0, got " + compressionThreshold);
        }
    }

    /** A builder with the defaults, for the database in directory {@code path}. */
    public static Builder builder(Path path) {
        return new Builder(path);
    }

    /** A builder holding these options. */
    public Builder toBuilder() {
        return new Builder(path)
                .durability(durability)
                .codec(codec)
                .createIfMissing(createIfMissing)
                .readOnly(readOnly)
                .salvage(salvage)
                .retention(retention)
                .maxValueBytes(maxValueBytes)
                .compressionThreshold(compressionThreshold)
                .engineName(engine);
    }

    /** Builds {@link DatabaseOptions}. Not thread-safe; one per thread. */
    public static final class Builder {
        private final Path path;
        private Durability durability = Durability.GROUP;
        private Optional<String> engine = Optional.empty();
        private String codec = "none";
        private boolean createIfMissing = true;
        private boolean readOnly;
        private boolean salvage;
        private HistoryRetention retention = HistoryRetention.all();
        private int maxValueBytes = 64 << 20;
        private int compressionThreshold = 256;

        private Builder(Path path) {
            this.path = syna.api.internal.Checks.notNull(path, "path");
        }

        /** Sets the durability mode. */
        public Builder durability(Durability durability) {
            this.durability = syna.api.internal.Checks.notNull(durability, "durability");
            return this;
        }

        /** Chooses the storage engine provider by name. */
        public Builder engine(String name) {
            this.engine = Optional.of(syna.api.internal.Checks.notNull(name, "engine"));
            return this;
        }

        private Builder engineName(Optional<String> name) {
            this.engine = name;
            return this;
        }

        /** Chooses the value codec by provider name ({@code none}, {@code lz4}, ...). */
        public Builder codec(String name) {
            this.codec = syna.api.internal.Checks.notNull(name, "codec");
            return this;
        }

        /** Whether to create the database when none exists. */
        public Builder createIfMissing(boolean create) {
            this.createIfMissing = create;
            return this;
        }

        /** Opens read-only. */
        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        /** Keeps the valid entries of a log damaged in the middle instead of failing to open. */
        public Builder salvage(boolean salvage) {
            this.salvage = salvage;
            return this;
        }

        /** History kept by compaction. */
        public Builder retention(HistoryRetention retention) {
            this.retention = syna.api.internal.Checks.notNull(retention, "retention");
            return this;
        }

        /** Largest value accepted, in bytes. */
        public Builder maxValueBytes(int maxValueBytes) {
            this.maxValueBytes = maxValueBytes;
            return this;
        }

        /** Values at least this many bytes long go through the codec. */
        public Builder compressionThreshold(int bytes) {
            this.compressionThreshold = bytes;
            return this;
        }

        /** Validates and builds the options. */
        public DatabaseOptions build() {
            return new DatabaseOptions(
                    path, durability, engine, codec, createIfMissing, readOnly, salvage, retention, maxValueBytes,
                    compressionThreshold);
        }

        /** Builds the options and opens the database with them. */
        public Database open() {
            return Syna.open(build());
        }
    }
}
