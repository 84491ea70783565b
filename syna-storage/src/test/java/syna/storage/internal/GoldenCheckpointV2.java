package syna.storage.internal;

import java.nio.file.Path;

/**
 * Writes the golden checkpoint of checkpoint format 2 over a format-2 log
 * ({@code src/test/resources/golden/log-v2-checkpoint-v2/}): the scenario of {@link
 * GoldenCheckpointV1#write} run by the format-2 writer, so {@link GoldenFormatTest} checks both
 * formats against the same expectations. Run once with a target directory; a test utility, not a
 * test.
 */
public final class GoldenCheckpointV2 {
    private GoldenCheckpointV2() {}

    /** Writes the golden files into {@code args[0]}, working in {@code args[1]}. */
    public static void main(String[] args) throws java.io.IOException {
        GoldenCheckpointV1.write(Path.of(args[1]), Path.of(args[0]));
    }
}
