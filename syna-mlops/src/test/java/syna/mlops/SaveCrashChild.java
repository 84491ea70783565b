package syna.mlops;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import syna.api.Database;
import syna.api.Durability;
import syna.api.Syna;

/**
 * Child process of {@link SaveKillTest}: saves versions of model "m" for ever, printing "MID v"
 * halfway through reading version v and "ACK v" once save returned.
 */
public final class SaveCrashChild {
    static final int SIZE = 256 * 1024;
    static final int CHUNK = 1024;

    private SaveCrashChild() {}

    /** The bytes of version {@code version}: a function of version and position. */
    static byte valueAt(int version, long pos) {
        return (byte) (pos * 131 + version * 7 + (pos >>> 9));
    }

    /** Saves until killed. */
    public static void main(String[] args) {
        Database db = Syna.builder(Path.of(args[0])).durability(Durability.GROUP).open(); // an ACK promises a durable version
        ModelRegistry registry = ModelRegistry.open(db, ModelRegistryOptions.builder().chunkSize(CHUNK).build());
        for (int version = registry.listModels().isEmpty() ? 1 : registry.latestVersion("m").version() + 1; ; version++) {
            int v = version;
            InputStream in = new InputStream() {
                private long pos;

                @Override
                public int read() {
                    throw new UnsupportedOperationException("bulk reads only");
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (pos == SIZE) {
                        return -1;
                    }
                    int n = (int) Math.min(len, SIZE - pos);
                    for (int i = 0; i < n; i++) {
                        b[off + i] = valueAt(v, pos + i);
                    }
                    pos += n;
                    if (pos == SIZE / 2) {
                        System.out.println("MID " + v);
                        System.out.flush();
                    }
                    return n;
                }
            };
            int saved = registry.save("m", in, Map.of("v", Integer.toString(v))).version();
            System.out.println("ACK " + saved);
            System.out.flush();
        }
    }
}
