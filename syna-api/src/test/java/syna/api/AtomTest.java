package syna.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AtomTest {
    @Test
    void arraysAreCopiedInAndOut() {
        byte[] raw = {1, 2, 3};
        Atom.Bytes b = Atom.of(raw);
        raw[0] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, b.value());
        b.value()[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, b.value());
        assertEquals(Atom.of(new float[] {1f, 2f}), Atom.of(new float[] {1f, 2f}));
    }

    @Test
    void bytesAsSegmentIsAReadOnlyViewOfTheValue() {
        Atom.Bytes b = Atom.of(new byte[] {4, 5, 6});
        java.lang.foreign.MemorySegment seg = b.asSegment();
        assertEquals(3, seg.byteSize());
        assertTrue(seg.isReadOnly());
        assertArrayEquals(new byte[] {4, 5, 6}, seg.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        assertThrows(RuntimeException.class, () -> seg.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) 1));
        assertArrayEquals(new byte[] {4, 5, 6}, b.value());
    }

    @Test
    void floatsCompareBitForBit() {
        assertEquals(Atom.of(Double.NaN), Atom.of(Double.NaN));
        assertNotEquals(Atom.of(0.0), Atom.of(-0.0));
    }

    @Test
    void switchIsExhaustive() {
        Atom[] all = {Atom.ofNull(), Atom.of(1.5), Atom.of(2L), Atom.of("t"), Atom.of(new byte[0]), Atom.of(new float[1])};
        int i = 0;
        for (Atom a : all) {
            int tag = switch (a) {
                case Atom.Null n -> 0;
                case Atom.Float64 f -> 1;
                case Atom.Int64 l -> 2;
                case Atom.Text t -> 3;
                case Atom.Bytes by -> 4;
                case Atom.Vector v -> 5;
            };
            assertEquals(i++, tag);
            assertEquals(a.type(), ValueType.ofTag(tag));
        }
    }

    @Test
    void optionsValidateAndPrint() {
        DatabaseOptions o = Syna.builder(Path.of("db")).durability(Durability.ALWAYS).build();
        assertEquals(Durability.ALWAYS, o.durability());
        assertEquals(o, o.toBuilder().build());
        assertEquals("DatabaseOptions[path=db, durability=ALWAYS, engine=Optional.empty, codec=none, createIfMissing=true,"
                + " readOnly=false, salvage=false, retention=HistoryRetention[all], maxValueBytes=67108864,"
                + " compressionThreshold=256]", o.toString());
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> Syna.builder(Path.of("db")).maxValueBytes(0).build());
        assertEquals("maxValueBytes must be in [1, 1073741824], got 0", e.getMessage());
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.errorCode());
        assertThrows(InvalidArgumentException.class, () -> HistoryRetention.lastN(0));
    }

    @Test
    void errorCodesAreStable() {
        assertEquals(-1, ErrorCode.DATABASE_NOT_FOUND.code());
        assertEquals(-6, ErrorCode.TYPE_MISMATCH.code());
        assertEquals(-100, ErrorCode.INTERNAL.code());
        assertEquals(ErrorCode.KEY_NOT_FOUND, ErrorCode.of(-5));
        assertEquals(ErrorCode.values().length, java.util.Arrays.stream(ErrorCode.values()).map(ErrorCode::code)
                .distinct().count());
    }
}
