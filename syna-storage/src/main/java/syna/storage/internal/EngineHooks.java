package syna.storage.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Set;

/**
 * Test seams of the engine: how data files are opened (a fault-injecting channel in crash tests)
 * and a callback at each compaction step (crash images). Production uses {@link #NONE}.
 *
 * @param opener opens every log and compaction file
 * @param compactionSteps told when compaction reaches each step
 * @param backgroundFlush whether NONE hands its buffer to the OS every few ms and periodic checkpoints
 *     run on a background thread (off in crash tests, whose write counts must not depend on timing:
 *     checkpoints then run in the writing thread, after its write)
 * @param checkpointEvery log bytes written since the last checkpoint that start a new one (at least;
 *     see {@link Checkpointer}); 0 writes checkpoints only at close
 */
record EngineHooks(ChannelOpener opener, CompactionListener compactionSteps, boolean backgroundFlush,
        long checkpointEvery) {
    static final EngineHooks NONE = new EngineHooks(FileChannel::open, step -> {}, true);

    EngineHooks {
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("checkpointEvery " + checkpointEvery + " < 0");
        }
        if (!(opener instanceof InterruptSafe)) {
            opener = new InterruptSafe(opener); // an interrupt must not close the log for every thread
        }
    }

    /** An opener whose channels survive interrupts ({@link syna.api.spi.format.InterruptSafeChannel}). */
    private record InterruptSafe(ChannelOpener plain) implements ChannelOpener {
        @Override
        public FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException {
            return syna.api.spi.format.InterruptSafeChannel.open(path, options, plain::open);
        }
    }

    /** Hooks with the default checkpoint interval. */
    EngineHooks(ChannelOpener opener, CompactionListener compactionSteps, boolean backgroundFlush) {
        this(opener, compactionSteps, backgroundFlush, Checkpointer.DEFAULT_EVERY);
    }

    /** These hooks with checkpoints every {@code bytes} of log (0: only at close). */
    EngineHooks withCheckpointEvery(long bytes) {
        return new EngineHooks(opener, compactionSteps, backgroundFlush, bytes);
    }

    /** Opens a file channel. */
    @FunctionalInterface
    interface ChannelOpener {
        /** Opens {@code path} with {@code options}. */
        FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException;
    }

    /** Steps of a compaction, in order. */
    enum CompactionStep {
        /**
         * The temporary file exists with its header, nothing forced. Reached without the writer lock when
         * the log is in the newest format (writes go on while the history is copied).
         */
        TEMP_CREATED,
        /** Every live record was written to the temporary file, not yet forced. */
        TEMP_WRITTEN,
        /** The temporary file was forced. */
        TEMP_SYNCED,
        /** The checkpoint was deleted (it describes the old log); the temporary file not yet renamed. */
        CHECKPOINT_DELETED,
        /** The temporary file was renamed over the log; directory not yet forced. */
        RENAMED,
        /** The directory was forced: the compaction is durable. */
        DIRECTORY_SYNCED
    }

    /** Told when compaction reaches a step: with the writer lock held, except for {@link CompactionStep#TEMP_CREATED}. */
    @FunctionalInterface
    interface CompactionListener {
        /** Compaction reached {@code step}. */
        void reached(CompactionStep step);
    }
}
