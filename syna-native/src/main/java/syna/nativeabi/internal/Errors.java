package syna.nativeabi.internal;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import syna.api.ErrorCode;
import syna.api.SynaException;

/**
 * Turns a Java failure into the C ABI's status code and the calling thread's last-error message. An upcall
 * must never let an exception escape (the JVM would abort the host process), so every binding ends here.
 * Thread-safe.
 */
@SuppressWarnings("restricted") // C pointers and upcalls are this module's purpose (--enable-native-access=syna.nativeabi)
final class Errors {
    /** {@code (Throwable) -> int}: reports and returns the code. */
    static final MethodHandle HANDLER;

    private static volatile MethodHandle setError;

    static {
        try {
            HANDLER = MethodHandles.lookup().findStatic(Errors.class, "handle",
                    MethodType.methodType(int.class, Throwable.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Errors() {}

    /** Binds the C function {@code void set_error(char* malloced_message)} that stores the thread's message. */
    static void bind(long setErrorAddress) {
        setError = Linker.nativeLinker().downcallHandle(MemorySegment.ofAddress(setErrorAddress),
                FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
    }

    /** The status code of {@code t}. */
    static int code(Throwable t) {
        if (t instanceof SynaException s) {
            return s.errorCode().code();
        }
        if (t instanceof IllegalArgumentException || t instanceof IndexOutOfBoundsException) {
            return ErrorCode.INVALID_ARGUMENT.code();
        }
        return ErrorCode.INTERNAL.code();
    }

    /** The message C callers see. */
    static String message(Throwable t) {
        String m = t.getMessage();
        if (t instanceof SynaException) {
            return m == null ? t.getClass().getSimpleName() : m;
        }
        return t.getClass().getName() + (m == null ? "" : ": " + m);
    }

    @SuppressWarnings("unused") // target of HANDLER
    private static int handle(Throwable t) {
        int code;
        try {
            code = code(t);
            report(message(t));
        } catch (Throwable again) {
            // Out of memory while reporting: the code alone must still get back.
            code = ErrorCode.INTERNAL.code();
        }
        return code;
    }

    /** Sets the calling thread's last-error message. */
    static void report(String message) {
        MethodHandle h = setError;
        if (h == null) {
            return;
        }
        MemorySegment m = Native.cString(message);
        try {
            h.invokeExact(m);
        } catch (Throwable e) {
            Native.free(m);
        }
    }
}
