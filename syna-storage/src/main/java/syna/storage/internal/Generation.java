package syna.storage.internal;

import java.nio.channels.FileChannel;

/**
 * One log file and the index of its records; compaction replaces it whole. Readers take the current
 * generation once per call and never lock.
 *
 * @param channel the log file
 * @param codecs codecs by the ids its records use
 * @param formatVersion the file's format version: writes append records of this version
 * @param spaces its key spaces
 * @param map read-only maps of the file, for gets
 */
record Generation(FileChannel channel, CodecTable codecs, int formatVersion, Spaces spaces, LogMap map) {
    Generation(FileChannel channel, CodecTable codecs, int formatVersion, Spaces spaces) {
        this(channel, codecs, formatVersion, spaces, new LogMap(channel));
    }
}
