package syna.tensor;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import syna.api.Database;
import syna.api.Durability;
import syna.api.Syna;

/**
 * Child process of {@link ChunkCrashTest}: writes versions of chunked tensor "big" for ever through
 * a {@link TensorWriter}, printing "MID v" halfway through version v and "ACK v" once committed.
 */
public final class ChunkCrashChild {
    static final int BYTES = 256 * 1024;
    static final TensorOptions OPTIONS = TensorOptions.builder().chunkBytes(4096).inlineBytes(1024).build();

    private ChunkCrashChild() {}

    /** Byte {@code pos} of version {@code v}. */
    static byte valueAt(int v, long pos) {
        return (byte) (pos * 31 + v * 17 + (pos >>> 8));
    }

    /** Writes until killed. */
    public static void main(String[] args) {
        Database db = Syna.builder(Path.of(args[0])).durability(Durability.GROUP).open();
        TensorEngine engine = TensorEngine.open(db, OPTIONS);
        byte[] piece = new byte[3000]; // not a multiple of the chunk size: pieces straddle chunks
        for (int v = engine.info("big").map(i -> 1 + firstByteVersion(engine)).orElse(1); ; v++) {
            try (TensorWriter w = engine.writer("big", DType.U8, Shape.of(BYTES))) {
                for (long at = 0; at < BYTES; at += piece.length) {
                    int n = (int) Math.min(piece.length, BYTES - at);
                    for (int i = 0; i < n; i++) {
                        piece[i] = valueAt(v, at + i);
                    }
                    w.write(MemorySegment.ofArray(piece).asSlice(0, n));
                    if (at < BYTES / 2 && at + n >= BYTES / 2) {
                        System.out.println("MID " + v);
                        System.out.flush();
                    }
                }
                w.commit();
            }
            System.out.println("ACK " + v);
            System.out.flush();
        }
    }

    /** The version of the stored tensor, found from its first bytes. */
    static int firstByteVersion(TensorEngine engine) {
        try (Tensor t = engine.get("big")) {
            for (int v = 0; v < 10_000; v++) {
                if (t.getLong(1) == (valueAt(v, 1) & 0xFF) && t.getLong(2) == (valueAt(v, 2) & 0xFF)) {
                    return v;
                }
            }
        }
        return 0;
    }
}
