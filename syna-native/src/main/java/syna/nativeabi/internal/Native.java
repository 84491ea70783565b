package syna.nativeabi.internal;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import syna.api.ErrorCode;
import syna.api.InvalidArgumentException;
import syna.api.SynaException;

/**
 * Memory shared with C: buffers the caller frees are {@code malloc}ed here and released by the
 * {@code SYNA_free_*} functions (libc {@code free}); C strings are read strictly as UTF-8. Stateless;
 * thread-safe.
 */
@SuppressWarnings("restricted") // C pointers and upcalls are this module's purpose (--enable-native-access=syna.nativeabi)
final class Native {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle MALLOC = LINKER.downcallHandle(
            LINKER.defaultLookup().find("malloc").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle FREE = LINKER.downcallHandle(
            LINKER.defaultLookup().find("free").orElseThrow(), FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));

    /** Longest C string read (a text value may be this long); keys are checked by the database. */
    static final long MAX_STRING = 1L << 30;

    private Native() {}

    /** {@code malloc(bytes)} (at least 1 byte), as a segment of {@code bytes} bytes. */
    static MemorySegment malloc(long bytes) {
        MemorySegment p;
        try {
            p = (MemorySegment) MALLOC.invokeExact(Math.max(1L, bytes));
        } catch (Throwable t) {
            throw new SynaException(ErrorCode.INTERNAL, "malloc(" + bytes + ") failed", t);
        }
        if (p.address() == 0) {
            throw new SynaException(ErrorCode.INTERNAL, "out of native memory: malloc(" + bytes + ") returned NULL");
        }
        return p.reinterpret(bytes);
    }

    /** {@code free(p)}: for a buffer made here that could not be handed over. */
    static void free(MemorySegment p) {
        try {
            FREE.invokeExact(p);
        } catch (Throwable t) {
            throw new SynaException(ErrorCode.INTERNAL, "free failed", t);
        }
    }

    /** Whether {@code p} is the C NULL pointer. */
    static boolean isNull(MemorySegment p) {
        return p.address() == 0;
    }

    /** Rejects a NULL out-parameter. */
    static MemorySegment out(MemorySegment p, long bytes, String what) {
        if (p.address() == 0) {
            throw new InvalidArgumentException(what + " must not be NULL");
        }
        return p.reinterpret(bytes);
    }

    /**
     * Reads a NUL-terminated UTF-8 string.
     *
     * @param p the pointer
     * @param what what it is, for messages
     * @param code the error code of a NULL pointer or bad UTF-8 ({@code INVALID_PATH} for paths)
     */
    static String string(MemorySegment p, String what, ErrorCode code) {
        if (p.address() == 0) {
            throw new SynaException(code, what + " must not be NULL");
        }
        MemorySegment s = p.reinterpret(MAX_STRING);
        long n = 0;
        boolean ascii = true;
        byte c;
        // Keys are short: a Java scan beats a downcall to strlen, and finds non-ASCII bytes on the way.
        while ((c = s.get(ValueLayout.JAVA_BYTE, n)) != 0) {
            ascii &= c >= 0;
            if (++n == MAX_STRING) {
                throw new SynaException(code, what + " has no NUL terminator within " + MAX_STRING + " bytes");
            }
        }
        byte[] bytes = new byte[(int) n];
        MemorySegment.copy(s, ValueLayout.JAVA_BYTE, 0, bytes, 0, (int) n);
        if (ascii) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new SynaException(code, what + " is not valid UTF-8 (" + n + " bytes)", e);
        }
    }

    /** A string argument that may be NULL (then {@code fallback}). */
    static String stringOr(MemorySegment p, String what, String fallback) {
        return p.address() == 0 ? fallback : string(p, what, ErrorCode.INVALID_ARGUMENT);
    }

    /** A malloc'ed NUL-terminated UTF-8 copy of {@code s}; its byte length is the segment size minus 1. */
    static MemorySegment cString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        MemorySegment m = malloc(b.length + 1L);
        MemorySegment.copy(b, 0, m, ValueLayout.JAVA_BYTE, 0, b.length);
        m.set(ValueLayout.JAVA_BYTE, b.length, (byte) 0);
        return m;
    }

    /**
     * One malloc'ed block holding a NULL-terminated array of {@code char*} followed by the strings, so one
     * {@code free} releases it all.
     */
    static MemorySegment stringArray(List<String> strings) {
        byte[][] encoded = new byte[strings.size()][];
        long bytes = (strings.size() + 1L) * ValueLayout.ADDRESS.byteSize();
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = strings.get(i).getBytes(StandardCharsets.UTF_8);
            bytes += encoded[i].length + 1L;
        }
        MemorySegment m = malloc(bytes);
        long pos = (strings.size() + 1L) * ValueLayout.ADDRESS.byteSize();
        for (int i = 0; i < encoded.length; i++) {
            m.setAtIndex(ValueLayout.ADDRESS, i, m.asSlice(pos));
            MemorySegment.copy(encoded[i], 0, m, ValueLayout.JAVA_BYTE, pos, encoded[i].length);
            m.set(ValueLayout.JAVA_BYTE, pos + encoded[i].length, (byte) 0);
            pos += encoded[i].length + 1L;
        }
        m.setAtIndex(ValueLayout.ADDRESS, encoded.length, MemorySegment.NULL);
        return m;
    }

    /** Stores a pointer into an out-parameter. */
    static void setPointer(MemorySegment out, MemorySegment value) {
        out.set(ValueLayout.ADDRESS, 0, value);
    }
}
