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
 * @param backgroundFlush whether NONE hands its buffer to the OS every few ms (off in crash tests,
 *     whose write counts must not depend on timing)
 */
record EngineHooks(ChannelOpener opener, CompactionListener compactionSteps, boolean backgroundFlush) {
    static final EngineHooks NONE = new EngineHooks(FileChannel::open, step -> {}, true);

    /** Opens a file channel. */
    @FunctionalInterface
    interface ChannelOpener {
        /** Opens {@code path} with {@code options}. */
        FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException;
    }

    /** Steps of a compaction, in order. */
    enum CompactionStep {
        /** The temporary file exists with its header, nothing forced. */
        TEMP_CREATED,
        /** Every live record was written to the temporary file, not yet forced. */
        TEMP_WRITTEN,
        /** The temporary file was forced. */
        TEMP_SYNCED,
        /** The temporary file was renamed over the log; directory not yet forced. */
        RENAMED,
        /** The directory was forced: the compaction is durable. */
        DIRECTORY_SYNCED
    }

    /** Told when compaction reaches a step, with the writer lock held. */
    @FunctionalInterface
    interface CompactionListener {
        /** Compaction reached {@code step}. */
        void reached(CompactionStep step);
    }
}
