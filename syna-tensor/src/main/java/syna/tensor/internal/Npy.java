package syna.tensor.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import syna.api.CorruptFileException;
import syna.api.SynaIOException;
import syna.api.UnsupportedFeatureException;
import syna.tensor.DType;
import syna.tensor.Shape;
import syna.tensor.TensorInfo;
import syna.tensor.TensorReader;
import syna.tensor.TensorWriter;

/**
 * numpy's {@code .npy} format, as {@code numpy/lib/format.py} defines it: magic {@code \x93NUMPY},
 * version, a little-endian header length (2 bytes in 1.0, 4 in 2.0 and 3.0), a Python dict literal
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }} padded with spaces and a
 * newline so the data starts on a multiple of 64, then the data. numpy's writer also leaves room for
 * the first dimension to grow to 21 digits; the export does the same, so its files are numpy's byte
 * for byte. Thread-safe (stateless).
 */
final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;
    private static final int GROWTH_DIGITS = 21;
    /** numpy refuses longer headers when reading; so does this reader. */
    private static final int MAX_HEADER = 10_000;

    private Npy() {}

    /** The whole header numpy writes for {@code dtype} and {@code shape}: magic to newline. */
    static byte[] header(DType dtype, Shape shape) {
        String descr = dtype.numpyDescr().orElseThrow(() -> new UnsupportedFeatureException(
                "numpy has no " + dtype.label() + " dtype: export the tensor as safetensors instead"));
        StringBuilder sb = new StringBuilder("{'descr': '").append(descr).append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.rank(); i++) {
            sb.append(i == 0 ? "" : ", ").append(shape.dim(i));
        }
        sb.append(shape.rank() == 1 ? ",), }" : "), }");
        if (shape.rank() > 0) {
            sb.append(" ".repeat(Math.max(0, GROWTH_DIGITS - Long.toString(shape.dim(0)).length())));
        }
        byte[] dict = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        for (int version = 1; version <= 2; version++) {
            int lenBytes = version == 1 ? 2 : 4;
            int hlen = dict.length + 1;
            int pad = ALIGN - ((MAGIC.length + 2 + lenBytes + hlen) % ALIGN);
            long total = (long) hlen + pad;
            if (version == 1 && total > 0xFFFF) {
                continue;
            }
            ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 2 + lenBytes + (int) total).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            b.put(MAGIC).put((byte) version).put((byte) 0);
            if (version == 1) {
                b.putShort((short) total);
            } else {
                b.putInt((int) total);
            }
            b.put(dict);
            for (int i = 0; i < pad; i++) {
                b.put((byte) ' ');
            }
            b.put((byte) '\n');
            return b.array();
        }
        throw new UnsupportedFeatureException("a .npy header for shape " + shape + " is too long");
    }

    static void export(Engine e, String name, Path file) {
        try (TensorReader r = e.reader(name)) {
            byte[] header = header(r.info().dtype(), r.info().shape());
            FileIO.writeAtomically(file, ch -> {
                FileIO.writeFully(ch, ByteBuffer.wrap(header));
                FileIO.copyOut(r, ch);
            });
        }
    }

    static TensorInfo importFile(Engine e, Path file, String name) {
        Engine.checkName(name);
        try (FileChannel ch = FileIO.openRead(file)) {
            Parsed p = parse(file, ch);
            long size = ch.size();
            long need = p.shape.byteSize(p.dtype);
            if (size - p.dataOffset != need) {
                throw new CorruptFileException(file, p.dataOffset, "holds " + (size - p.dataOffset) + " data bytes; "
                        + p.dtype.label() + " " + p.shape + " needs " + need);
            }
            try (TensorWriter w = e.writer(name, p.dtype, p.shape)) {
                FileIO.copyIn(file, ch, p.dataOffset, need, w, p.bigEndian ? p.dtype.byteSize() : 1);
                return w.commit();
            }
        } catch (IOException ex) {
            throw new SynaIOException("cannot read " + file + ": " + ex.getMessage(), ex);
        }
    }

    /** What a header says. */
    record Parsed(DType dtype, Shape shape, boolean bigEndian, long dataOffset) {}

    static Parsed parse(Path file, FileChannel ch) throws IOException {
        byte[] pre = FileIO.readExactly(file, ch, 0, 8, ".npy magic and version");
        for (int i = 0; i < MAGIC.length; i++) {
            if (pre[i] != MAGIC[i]) {
                throw new CorruptFileException(file, i, "not a .npy file: it does not start with \\x93NUMPY");
            }
        }
        int major = pre[6] & 0xFF;
        if (major < 1 || major > 3) {
            throw new CorruptFileException(file, 6, ".npy format version " + major + "." + (pre[7] & 0xFF)
                    + " is not 1.0, 2.0 or 3.0");
        }
        int lenBytes = major == 1 ? 2 : 4;
        ByteBuffer lb = ByteBuffer.wrap(FileIO.readExactly(file, ch, 8, lenBytes, "header length"))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long hlen = major == 1 ? Short.toUnsignedInt(lb.getShort()) : Integer.toUnsignedLong(lb.getInt());
        if (hlen > MAX_HEADER) {
            throw new CorruptFileException(file, 8, ".npy header of " + hlen + " bytes is longer than " + MAX_HEADER);
        }
        byte[] hb = FileIO.readExactly(file, ch, 8 + lenBytes, (int) hlen, ".npy header");
        String text = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Map<String, Object> dict;
        try {
            dict = new Literal(text).dict();
        } catch (IllegalArgumentException ex) {
            throw new CorruptFileException(file, 8 + lenBytes, ".npy header is not a dict literal: " + ex.getMessage()
                    + ": " + text.strip(), ex);
        }
        if (!(dict.get("descr") instanceof String descr) || !(dict.get("fortran_order") instanceof Boolean fortran)
                || !(dict.get("shape") instanceof List<?> dims)) {
            throw new CorruptFileException(file, 8 + lenBytes, ".npy header lacks descr, fortran_order or shape: "
                    + text.strip());
        }
        long[] d = new long[dims.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = (Long) dims.get(i);
        }
        Shape shape;
        try {
            shape = Shape.of(d);
        } catch (RuntimeException ex) {
            throw new CorruptFileException(file, 8 + lenBytes, ".npy shape " + dims + ": " + ex.getMessage(), ex);
        }
        if (fortran && shape.rank() > 1) {
            throw new UnsupportedFeatureException(file + " is a Fortran-order .npy; save it from "
                    + "np.ascontiguousarray(a) to import it");
        }
        boolean big = descr.startsWith(">");
        String le = (descr.startsWith(">") || descr.startsWith("=")) ? "<" + descr.substring(1) : descr;
        DType dtype = null;
        for (DType t : DType.values()) {
            String nd = t.numpyDescr().orElse(null);
            if (nd != null && (nd.equals(le) || (nd.startsWith("|") && nd.substring(1).equals(le.substring(1))))) {
                dtype = t;
            }
        }
        if (dtype == null) {
            throw new UnsupportedFeatureException(file + ": numpy dtype " + descr + " is not one of Syna's dtypes "
                    + "(f16, f32, f64, i8, u8, i16, i32, i64, bool)");
        }
        return new Parsed(dtype, shape, big && dtype.byteSize() > 1, 8L + lenBytes + hlen);
    }

    /** Parser of the Python literals a .npy header holds: a dict of str, bool and tuples of ints. Not thread-safe. */
    private static final class Literal {
        private final String s;
        private int i;

        Literal(String s) {
            this.s = s;
        }

        Map<String, Object> dict() {
            skip();
            expect('{');
            Map<String, Object> m = new LinkedHashMap<>();
            while (true) {
                skip();
                if (peek() == '}') {
                    i++;
                    break;
                }
                String key = string();
                skip();
                expect(':');
                m.put(key, value());
                skip();
                if (peek() == ',') {
                    i++;
                } else {
                    skip();
                    expect('}');
                    break;
                }
            }
            skip();
            if (i != s.length()) {
                throw new IllegalArgumentException("text after the dict at " + i);
            }
            return m;
        }

        private Object value() {
            skip();
            char c = peek();
            if (c == '\'' || c == '"') {
                return string();
            }
            if (c == '(' || c == '[') {
                char close = c == '(' ? ')' : ']';
                i++;
                List<Long> out = new ArrayList<>();
                while (true) {
                    skip();
                    if (peek() == close) {
                        i++;
                        return out;
                    }
                    out.add(integer());
                    skip();
                    if (peek() == ',') {
                        i++;
                    } else {
                        skip();
                        expect(close);
                        return out;
                    }
                }
            }
            if (s.startsWith("True", i)) {
                i += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("False", i)) {
                i += 5;
                return Boolean.FALSE;
            }
            throw new IllegalArgumentException("unexpected '" + c + "' at " + i);
        }

        private long integer() {
            int start = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException("expected a dimension at " + i);
            }
            long v;
            try {
                v = Long.parseLong(s.substring(start, i));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("dimension " + s.substring(start, i) + " is too large", e);
            }
            if (i < s.length() && (s.charAt(i) == 'L' || s.charAt(i) == 'l')) {
                i++; // Python 2 long suffix in old files
            }
            return v;
        }

        private String string() {
            char q = peek();
            if (q != '\'' && q != '"') {
                throw new IllegalArgumentException("expected a string at " + i);
            }
            int end = s.indexOf(q, i + 1);
            if (end < 0) {
                throw new IllegalArgumentException("unterminated string at " + i);
            }
            String v = s.substring(i + 1, end);
            i = end + 1;
            return v;
        }

        private char peek() {
            if (i >= s.length()) {
                throw new IllegalArgumentException("header ends early");
            }
            return s.charAt(i);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + i + ", found '" + peek() + "'");
            }
            i++;
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}
