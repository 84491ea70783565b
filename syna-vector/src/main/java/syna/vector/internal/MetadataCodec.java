package syna.vector.internal;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import syna.api.Atom;
import syna.api.InvalidArgumentException;
import syna.api.SerializationException;
import syna.api.ValueType;

/**
 * Binary form of a vector's metadata map, stored as one bytes value: entry count (u16), then per
 * entry name length (u16), name (UTF-8), type tag (u8, {@link ValueType#tag()}), value (float64 and
 * int64: 8 bytes; text and bytes: u32 length then bytes; vector: u32 dimension then floats; null:
 * nothing). Little-endian; entries sorted by name. Thread-safe.
 */
final class MetadataCodec {
    static final int MAX_ENTRIES = 4096;

    private MetadataCodec() {}

    static byte[] encode(Map<String, Atom> metadata) {
        if (metadata.size() > MAX_ENTRIES) {
            throw new InvalidArgumentException("metadata has " + metadata.size() + " entries, at most " + MAX_ENTRIES);
        }
        Map<String, Atom> sorted = new TreeMap<>(metadata);
        int size = 2;
        Map<String, byte[]> names = new LinkedHashMap<>();
        for (Map.Entry<String, Atom> e : sorted.entrySet()) {
            byte[] n = VectorKeys.utf8(e.getKey());
            names.put(e.getKey(), n);
            size += 2 + n.length + 1 + valueSize(e.getValue());
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) sorted.size());
        for (Map.Entry<String, Atom> e : sorted.entrySet()) {
            byte[] n = names.get(e.getKey());
            b.putShort((short) n.length).put(n).put((byte) e.getValue().type().tag());
            switch (e.getValue()) {
                case Atom.Null x -> { }
                case Atom.Float64 f -> b.putDouble(f.value());
                case Atom.Int64 i -> b.putLong(i.value());
                case Atom.Text t -> {
                    byte[] u = t.value().getBytes(StandardCharsets.UTF_8);
                    b.putInt(u.length).put(u);
                }
                case Atom.Bytes by -> {
                    byte[] raw = by.value();
                    b.putInt(raw.length).put(raw);
                }
                case Atom.Vector v -> {
                    float[] f = v.value();
                    b.putInt(f.length);
                    for (float x : f) {
                        b.putFloat(x);
                    }
                }
            }
        }
        return b.array();
    }

    private static int valueSize(Atom a) {
        return switch (a) {
            case Atom.Null x -> 0;
            case Atom.Float64 f -> 8;
            case Atom.Int64 i -> 8;
            case Atom.Text t -> 4 + t.value().getBytes(StandardCharsets.UTF_8).length;
            case Atom.Bytes by -> 4 + by.length();
            case Atom.Vector v -> 4 + 4 * v.dimension();
        };
    }

    static Map<String, Atom> decode(byte[] raw, String where) {
        try {
            ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            int n = Short.toUnsignedInt(b.getShort());
            Map<String, Atom> out = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String name = utf8(b, Short.toUnsignedInt(b.getShort()));
                int tag = Byte.toUnsignedInt(b.get());
                ValueType type = ValueType.ofTag(tag);
                if (type == null) {
                    throw new SerializationException("metadata of " + where + ": unknown type tag " + tag);
                }
                Atom value = switch (type) {
                    case NULL -> Atom.ofNull();
                    case FLOAT64 -> Atom.of(b.getDouble());
                    case INT64 -> Atom.of(b.getLong());
                    case TEXT -> Atom.of(utf8(b, length(b)));
                    case BYTES -> {
                        byte[] by = new byte[length(b)];
                        b.get(by);
                        yield Atom.of(by);
                    }
                    case VECTOR -> {
                        int dim = b.getInt();
                        if (dim < 0 || dim > b.remaining() / 4) {
                            throw new SerializationException("metadata of " + where + ": vector dimension " + dim
                                    + " exceeds the " + b.remaining() + " bytes left");
                        }
                        float[] f = new float[dim];
                        b.asFloatBuffer().get(f);
                        b.position(b.position() + 4 * dim);
                        yield Atom.of(f);
                    }
                };
                out.put(name, value);
            }
            if (b.hasRemaining()) {
                throw new SerializationException("metadata of " + where + ": " + b.remaining() + " trailing bytes");
            }
            return java.util.Collections.unmodifiableMap(out);
        } catch (BufferUnderflowException e) {
            throw new SerializationException("metadata of " + where + " is truncated", e);
        }
    }

    private static int length(ByteBuffer b) {
        int len = b.getInt();
        if (len < 0 || len > b.remaining()) {
            throw new BufferUnderflowException();
        }
        return len;
    }

    private static String utf8(ByteBuffer b, int len) {
        if (len > b.remaining()) {
            throw new BufferUnderflowException();
        }
        ByteBuffer slice = b.slice(b.position(), len);
        b.position(b.position() + len);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(slice).toString();
        } catch (CharacterCodingException e) {
            throw new SerializationException("metadata holds invalid UTF-8", e);
        }
    }
}
