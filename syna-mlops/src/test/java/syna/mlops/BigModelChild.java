package syna.mlops;

import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import syna.api.Database;
import syna.api.Durability;
import syna.api.Syna;

/**
 * Child process of {@link BigModelTest}, started with a heap smaller than the model: saves a
 * {@code args[1]} MiB model from a stream, streams it back, prints "OK size digest".
 */
public final class BigModelChild {
    private BigModelChild() {}

    /** Saves and streams back; exits non-zero on any failure (an OutOfMemoryError included). */
    public static void main(String[] args) throws Exception {
        long size = Long.parseLong(args[1]) << 20;
        try (Database db = Syna.builder(Path.of(args[0])).durability(Durability.NONE).open();
                ModelRegistry registry = ModelRegistry.open(db)) {
            MessageDigest written = MessageDigest.getInstance("SHA-256");
            ModelVersion v = registry.save("big", new InputStream() {
                private long pos;

                @Override
                public int read() {
                    throw new UnsupportedOperationException("bulk reads only");
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (pos == size) {
                        return -1;
                    }
                    int n = (int) Math.min(len, size - pos);
                    for (int i = 0; i < n; i++) {
                        b[off + i] = (byte) ((pos + i) * 31 + ((pos + i) >>> 20));
                    }
                    written.update(b, off, n);
                    pos += n;
                    return n;
                }
            }, Map.of());
            long read = 0;
            byte[] buf = new byte[1 << 16];
            try (InputStream in = registry.openStream("big", v.version())) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    read += n;
                }
            }
            String expected = HexFormat.of().formatHex(written.digest());
            System.out.println((read == size && expected.equals(v.digest()) ? "OK " : "BAD ") + read + " " + v.digest());
        }
    }
}
