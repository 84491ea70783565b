package syna.tensor.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import syna.api.CorruptFileException;
import syna.api.InvalidArgumentException;
import syna.api.SynaIOException;
import syna.api.UnsupportedFeatureException;
import syna.tensor.DType;
import syna.tensor.Shape;
import syna.tensor.TensorInfo;
import syna.tensor.TensorReader;
import syna.tensor.TensorWriter;

/**
 * The safetensors format: an 8-byte little-endian header length {@code N}, {@code N} bytes of
 * UTF-8 JSON ({@code __metadata__} first, then each tensor's {@code dtype}, {@code shape} and
 * {@code data_offsets} into the data), padded with spaces to a multiple of 8, then the data.
 *
 * <p>The export writes what the safetensors library (its Rust core, through any front end) writes:
 * tensors sorted by dtype, widest first in the library's dtype order, then by name (bytewise),
 * packed in that order; compact JSON with serde_json's escapes. The library keeps metadata in a hash
 * map, so with two or more entries its own key order varies from run to run; the export writes them
 * sorted. Thread-safe (stateless).
 */
final class Safetensors {
    /** The library refuses larger headers; so does this reader. */
    private static final long MAX_HEADER = 100_000_000;

    private Safetensors() {}

    /** The library's dtype order (its Rust enum), lowest first, for the dtypes Syna stores. */
    private static int rank(DType t) {
        return switch (t) {
            case BOOL -> 0;
            case U8 -> 1;
            case I8 -> 2;
            case I16 -> 3;
            case F16 -> 4;
            case BF16 -> 5;
            case I32 -> 6;
            case F32 -> 7;
            case F64 -> 8;
            case I64 -> 9;
        };
    }

    private static final Comparator<byte[]> BYTES = Arrays::compareUnsigned;

    /** The header bytes (length prefix to padding) for {@code infos} in file order, with their names. */
    static byte[] header(List<TensorInfo> ordered, List<String> names, Map<String, String> metadata) {
        StringBuilder sb = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            sb.append("\"__metadata__\":{");
            boolean first = true;
            for (Map.Entry<String, String> m : new TreeMap<>(metadata).entrySet()) {
                sb.append(first ? "" : ",");
                quote(sb, m.getKey());
                sb.append(':');
                quote(sb, m.getValue());
                first = false;
            }
            sb.append('}');
        }
        long offset = 0;
        for (int i = 0; i < ordered.size(); i++) {
            TensorInfo t = ordered.get(i);
            sb.append(i == 0 && metadata.isEmpty() ? "" : ",");
            quote(sb, names.get(i));
            sb.append(":{\"dtype\":\"").append(t.dtype().safetensorsName()).append("\",\"shape\":[");
            for (int d = 0; d < t.shape().rank(); d++) {
                sb.append(d == 0 ? "" : ",").append(t.shape().dim(d));
            }
            sb.append("],\"data_offsets\":[").append(offset).append(',').append(offset + t.byteSize()).append("]}");
            offset += t.byteSize();
        }
        sb.append('}');
        byte[] json = sb.toString().getBytes(StandardCharsets.UTF_8);
        int pad = (8 - json.length % 8) % 8;
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + pad).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length + pad).put(json);
        for (int i = 0; i < pad; i++) {
            b.put((byte) ' ');
        }
        return b.array();
    }

    /** serde_json's string escapes: quote, backslash, the short control escapes, other controls as backslash-u and four lower-case hex digits. */
    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    static void export(Engine e, List<String> names, Map<String, String> metadata, Path file) {
        if (names == null || names.isEmpty() || names.contains(null) || metadata == null) {
            throw new InvalidArgumentException("safetensors export needs a non-empty list of tensor names and a "
                    + "metadata map (may be empty)");
        }
        if (new HashSet<>(names).size() != names.size()) {
            throw new InvalidArgumentException("safetensors export lists a tensor twice: " + names);
        }
        metadata.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new InvalidArgumentException("safetensors metadata has a null key or value");
            }
        });
        List<TensorInfo> infos = new ArrayList<>();
        for (String n : names) {
            Engine.checkName(n);
            infos.add(e.descriptor(n).orElseThrow(() -> e.notFound(n)).info());
        }
        infos.sort(Comparator.comparingInt((TensorInfo t) -> -rank(t.dtype()))
                .thenComparing(t -> t.name().getBytes(StandardCharsets.UTF_8), BYTES));
        List<String> ordered = infos.stream().map(TensorInfo::name).toList();
        byte[] header = header(infos, ordered, metadata);
        FileIO.writeAtomically(file, ch -> {
            FileIO.writeFully(ch, ByteBuffer.wrap(header));
            for (TensorInfo t : infos) {
                try (TensorReader r = e.reader(t.name())) {
                    if (!r.info().equals(t)) {
                        throw new syna.api.SynaException(syna.api.ErrorCode.GENERIC, "tensor '" + t.name()
                                + "' changed during the export");
                    }
                    FileIO.copyOut(r, ch);
                }
            }
        });
    }

    /** One tensor entry of a file's header. */
    record Entry(String name, DType dtype, Shape shape, long begin, long end) {}

    /** A parsed header: entries in data order, metadata, where the data starts. */
    record Parsed(List<Entry> entries, Map<String, String> metadata, long dataStart) {}

    static Map<String, String> metadata(Path file) {
        try (FileChannel ch = FileIO.openRead(file)) {
            return parse(file, ch).metadata();
        } catch (IOException ex) {
            throw new SynaIOException("cannot read " + file + ": " + ex.getMessage(), ex);
        }
    }

    static List<TensorInfo> importFile(Engine e, Path file, String prefix) {
        if (prefix == null) {
            throw new InvalidArgumentException("safetensors import prefix must not be null (use \"\" for none)");
        }
        try (FileChannel ch = FileIO.openRead(file)) {
            Parsed p = parse(file, ch);
            for (Entry en : p.entries()) {
                Engine.checkName(prefix + en.name());
            }
            List<TensorInfo> out = new ArrayList<>();
            for (Entry en : p.entries()) {
                try (TensorWriter w = e.writer(prefix + en.name(), en.dtype(), en.shape())) {
                    FileIO.copyIn(file, ch, p.dataStart() + en.begin(), en.end() - en.begin(), w, 1);
                    out.add(w.commit());
                }
            }
            return out;
        } catch (IOException ex) {
            throw new SynaIOException("cannot read " + file + ": " + ex.getMessage(), ex);
        }
    }

    @SuppressWarnings("unchecked")
    static Parsed parse(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        ByteBuffer lb = ByteBuffer.wrap(FileIO.readExactly(file, ch, 0, 8, "safetensors header length"))
                .order(ByteOrder.LITTLE_ENDIAN);
        long n = lb.getLong();
        if (n < 2 || n > MAX_HEADER || n > size - 8) {
            throw new CorruptFileException(file, 0, "safetensors header length " + Long.toUnsignedString(n)
                    + " is out of [2, min(" + MAX_HEADER + ", " + (size - 8) + ")]");
        }
        byte[] hb = FileIO.readExactly(file, ch, 8, (int) n, "safetensors header");
        Map<String, Object> root;
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(hb)).toString();
            Object v = new Json(text).document();
            if (!(v instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("the header is not a JSON object");
            }
            root = (Map<String, Object>) m;
        } catch (java.nio.charset.CharacterCodingException | IllegalArgumentException ex) {
            throw new CorruptFileException(file, 8, "safetensors header is not valid UTF-8 JSON: " + ex.getMessage(), ex);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Object> kv : root.entrySet()) {
            if (kv.getKey().equals("__metadata__")) {
                if (!(kv.getValue() instanceof Map<?, ?> mm)) {
                    throw new CorruptFileException(file, 8, "safetensors __metadata__ is not an object");
                }
                for (Map.Entry<?, ?> x : mm.entrySet()) {
                    if (!(x.getValue() instanceof String sv)) {
                        throw new CorruptFileException(file, 8, "safetensors __metadata__ value of '" + x.getKey()
                                + "' is not a string");
                    }
                    metadata.put((String) x.getKey(), sv);
                }
                continue;
            }
            entries.add(entry(file, kv.getKey(), kv.getValue()));
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long at = 0;
        Set<String> seen = new HashSet<>();
        for (Entry en : entries) {
            if (en.begin() != at) {
                throw new CorruptFileException(file, 8 + n, "safetensors tensor '" + en.name() + "' starts at data offset "
                        + en.begin() + ", expected " + at + " (tensors must cover the data without gaps or overlaps)");
            }
            at = en.end();
            seen.add(en.name());
        }
        if (8 + n + at != size) {
            throw new CorruptFileException(file, 8 + n, "safetensors tensors cover " + at + " data bytes, the file holds "
                    + (size - 8 - n));
        }
        return new Parsed(entries, metadata, 8 + n);
    }

    private static Entry entry(Path file, String name, Object v) {
        if (!(v instanceof Map<?, ?> m) || !(m.get("dtype") instanceof String dt) || !(m.get("shape") instanceof List<?> sh)
                || !(m.get("data_offsets") instanceof List<?> off) || off.size() != 2) {
            throw new CorruptFileException(file, 8, "safetensors entry '" + name + "' lacks dtype, shape or data_offsets");
        }
        DType dtype = DType.ofSafetensors(dt).orElseThrow(() -> new UnsupportedFeatureException(file + ": tensor '" + name
                + "' has safetensors dtype " + dt + ", which is not one of Syna's (F16, BF16, F32, F64, I8, U8, I16, "
                + "I32, I64, BOOL)"));
        long[] dims = new long[sh.size()];
        for (int i = 0; i < dims.length; i++) {
            if (!(sh.get(i) instanceof Long d)) {
                throw new CorruptFileException(file, 8, "safetensors shape of '" + name + "' is not a list of integers");
            }
            dims[i] = d;
        }
        if (!(off.get(0) instanceof Long begin) || !(off.get(1) instanceof Long end) || begin < 0 || end < begin) {
            throw new CorruptFileException(file, 8, "safetensors data_offsets of '" + name + "' are not [begin, end]");
        }
        Shape shape;
        try {
            shape = Shape.of(dims);
        } catch (RuntimeException ex) {
            throw new CorruptFileException(file, 8, "safetensors shape of '" + name + "': " + ex.getMessage(), ex);
        }
        if (end - begin != shape.byteSize(dtype)) {
            throw new CorruptFileException(file, 8, "safetensors tensor '" + name + "' spans " + (end - begin)
                    + " bytes; " + dtype.label() + " " + shape + " needs " + shape.byteSize(dtype));
        }
        return new Entry(name, dtype, shape, begin, end);
    }
}
