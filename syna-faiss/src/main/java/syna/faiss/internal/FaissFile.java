package syna.faiss.internal;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import syna.api.CorruptFileException;
import syna.api.DistanceMetric;
import syna.api.SynaException;
import syna.api.spi.VectorSource;
import syna.api.spi.format.FileHeader;
import syna.api.spi.format.SealedFile;
import syna.api.spi.format.SealedFiles;
import syna.api.spi.format.SealedOutput;
import syna.faiss.FaissException;
import syna.faiss.FaissOptions;
import syna.faiss.internal.binding.NativeIndex;

/**
 * The saved form of a FAISS index: a sealed Syna file (header naming the provider, CRC32C of the body) whose
 * body holds Syna's side and then FAISS's own serialized index, written by FAISS's writer. Layout of the body
 * (little-endian; also {@code docs/format/faiss.md}):
 *
 * <pre>
 * u32 dimension | u8 metric ordinal | u8 mode (0 untrained, 1 direct ids, 2 mapped ids) | u16 0
 * u32 nprobe default | u32 n, n bytes of options (UTF-8 "name=value\n" lines)
 * u32 w, w u64 words of the held-ordinals bit set
 * mode 2: u32 ids, ids i32 ordinals by FAISS id (-1: tombstone)
 * u64 f, f bytes of FAISS's write_index output (f = 0 in mode 0)
 * </pre>
 *
 * Loading checks everything against the file and the source (dimension, metric, ordinals within its size,
 * FAISS's count against Syna's) and reads FAISS's bytes only after the body's CRC held; any mismatch is a
 * {@link CorruptFileException}. Thread-safe (stateless).
 */
final class FaissFile {
    static final String KIND = "vector-index";
    static final int VERSION = 1;

    private FaissFile() {}

    static void write(Path file, FaissVectorIndex idx) {
        NativeIndex nat = idx.nativeIndex();
        byte mode = nat == null ? 0 : idx.direct() ? (byte) 1 : (byte) 2;
        StringBuilder opts = new StringBuilder();
        idx.options().toMap().forEach((k, v) -> opts.append(k).append('=').append(v).append('\n'));
        byte[] optBytes = opts.toString().getBytes(StandardCharsets.UTF_8);
        long[] words = idx.held().toLongArray();
        SealedFiles.write(file, FileHeader.of(KIND, idx.providerName(), VERSION, new UUID(0, 0)), out -> {
            out.writeInt(idx.dimension()).writeByte(idx.metric().ordinal()).writeByte(mode).writeByte(0).writeByte(0);
            out.writeInt(idx.nprobeDefault());
            out.writeInt(optBytes.length).writeBytes(optBytes, 0, optBytes.length);
            out.writeInt(words.length).writeLongs(words, 0, words.length);
            if (mode == 2) {
                int[] ids = idx.ordinalOfId();
                out.writeInt(ids.length).writeInts(ids, 0, ids.length);
            }
            if (nat == null) {
                out.writeLong(0);
                return;
            }
            out.writeLong(nat.serializedSize());
            try {
                nat.write(new OutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        out.writeByte(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.writeBytes(b, off, len);
                    }
                });
            } catch (SynaException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw e;
            }
        });
    }

    static FaissVectorIndex read(Path file, VectorSource source, String providerName, Preset preset) {
        try (SealedFile f = SealedFiles.open(file, KIND, providerName, VERSION)) {
            return new Reader(file, f.body(), source, providerName, preset).read();
        } catch (UncheckedIOException e) {
            throw new CorruptFileException(file, 0, "faiss index: " + e.getMessage(), e);
        }
    }

    private static final class Reader {
        private final Path file;
        private final MemorySegment body;
        private final VectorSource source;
        private final String providerName;
        private final Preset preset;
        private long pos;

        Reader(Path file, MemorySegment body, VectorSource source, String providerName, Preset preset) {
            this.file = file;
            this.body = body;
            this.source = source;
            this.providerName = providerName;
            this.preset = preset;
        }

        private CorruptFileException corrupt(String what) {
            return new CorruptFileException(file, FileHeader.SIZE + pos, "faiss index: " + what);
        }

        private void need(long n) {
            if (n < 0 || pos + n > body.byteSize()) {
                throw corrupt("needs " + n + " more bytes, the body has " + (body.byteSize() - pos));
            }
        }

        private int u8() {
            need(1);
            return body.get(JAVA_BYTE, pos++) & 0xFF;
        }

        private int i32() {
            need(4);
            int v = body.get(JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), pos);
            pos += 4;
            return v;
        }

        private long i64() {
            need(8);
            long v = body.get(JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), pos);
            pos += 8;
            return v;
        }

        private int count(String what, long max) {
            int n = i32();
            if (n < 0 || n > max) {
                throw corrupt(what + " count " + n + " is outside [0, " + max + "]");
            }
            return n;
        }

        FaissVectorIndex read() {
            int dim = i32();
            int metric = u8();
            int mode = u8();
            u8();
            u8();
            DistanceMetric[] metrics = DistanceMetric.values();
            if (metric >= metrics.length || mode > 2) {
                pos -= 4;
                throw corrupt("unknown metric " + metric + " or mode " + mode);
            }
            if (dim != source.dimension() || metrics[metric] != source.metric()) {
                throw corrupt("built for dimension " + dim + " and metric " + metrics[metric] + ", opened over a source of "
                        + "dimension " + source.dimension() + " and metric " + source.metric());
            }
            int nprobe = i32();
            int optLen = count("options byte", body.byteSize());
            need(optLen);
            String text = new String(body.asSlice(pos, optLen).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
            pos += optLen;
            Map<String, String> params = new LinkedHashMap<>();
            for (String line : text.split("\n")) {
                int eq = line.indexOf('=');
                if (!line.isEmpty()) {
                    if (eq <= 0) {
                        throw corrupt("bad options line '" + line + "'");
                    }
                    params.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            FaissOptions options;
            try {
                options = FaissOptions.fromMap(params);
            } catch (SynaException e) {
                throw corrupt("bad options: " + e.getMessage());
            }
            int words = count("held-ordinal word", (body.byteSize() - pos) / 8);
            long[] w = new long[words];
            for (int i = 0; i < words; i++) {
                w[i] = i64();
            }
            BitSet held = BitSet.valueOf(w);
            if (held.length() > source.size()) {
                throw corrupt("holds ordinals up to " + (held.length() - 1) + ", the source has " + source.size());
            }
            int[] ordinalOfId = new int[0];
            if (mode == 2) {
                int ids = count("FAISS id", (body.byteSize() - pos) / 4);
                ordinalOfId = new int[ids];
                BitSet seen = new BitSet();
                for (int i = 0; i < ids; i++) {
                    int o = i32();
                    if (o < -1 || o >= 0 && (!held.get(o) || seen.get(o))) {
                        throw corrupt("FAISS id " + i + " maps to ordinal " + o + ", which is not held or mapped twice");
                    }
                    if (o >= 0) {
                        seen.set(o);
                    }
                    ordinalOfId[i] = o;
                }
                if (!seen.equals(held)) {
                    throw corrupt("the id map covers " + seen.cardinality() + " of " + held.cardinality() + " held ordinals");
                }
            }
            long faissLen = i64();
            need(faissLen);
            NativeIndex nat = null;
            if (mode == 0) {
                if (faissLen != 0) {
                    throw corrupt("an untrained index holds " + faissLen + " bytes of FAISS index");
                }
            } else {
                try {
                    nat = NativeIndex.read(body.asSlice(pos, faissLen), file.toString());
                } catch (FaissException e) {
                    throw new CorruptFileException(file, FileHeader.SIZE + pos, "faiss index: FAISS cannot read its part: "
                            + e.getMessage(), e);
                }
                pos += faissLen;
                long expected = mode == 1 ? held.cardinality() : ordinalOfId.length;
                if (nat.dimension() != dim || nat.metric() != FaissVectorIndex.faissMetric(metrics[metric])
                        || nat.size() != expected || (mode == 1) != (nat.kind().stableRemove() && nat.kind().addWithIds())) {
                    nat.close();
                    throw corrupt("FAISS's index (dimension " + nat.dimension() + ", " + nat.metric() + ", " + nat.size()
                            + " vectors, " + nat.kind() + ") does not match Syna's side (" + expected + " vectors, mode " + mode + ")");
                }
            }
            if (pos != body.byteSize()) {
                if (nat != null) {
                    nat.close();
                }
                throw corrupt((body.byteSize() - pos) + " bytes after the index");
            }
            return new FaissVectorIndex(providerName, preset, options, source, nat, held, ordinalOfId, nprobe);
        }
    }
}
