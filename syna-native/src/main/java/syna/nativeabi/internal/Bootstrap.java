package syna.nativeabi.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.util.List;
import syna.api.ErrorCode;

/**
 * The Java end of {@code libsynadb}: called once through JNI after the C library started the JVM, it makes
 * one FFM upcall stub per forwarded function of {@link Spec} and writes their addresses into the C table.
 * Foreign threads calling a stub are attached to the JVM by FFM on their first call. Thread-safe.
 */
@SuppressWarnings("restricted") // C pointers and upcalls are this module's purpose (--enable-native-access=syna.nativeabi)
public final class Bootstrap {
    private static final System.Logger LOG = System.getLogger(Bootstrap.class.getName());

    private Bootstrap() {}

    /**
     * Fills the upcall table.
     *
     * @param table address of {@code void* table[count]}
     * @param count the number of slots the C library was generated with
     * @param setError address of {@code void set_error(char*)}
     * @return {@code SYNA_SUCCESS}, or {@code SYNA_INTERNAL} when the C library and this module disagree
     */
    public static int install(long table, int count, long setError) {
        try {
            Errors.bind(setError);
            List<Spec.Function> functions = Spec.load().javaFunctions();
            if (functions.size() != count) {
                Errors.report("libsynadb was built with " + count + " functions but module syna.nativeabi has "
                        + functions.size() + ": the library and the jar come from different builds");
                return ErrorCode.INTERNAL.code();
            }
            MemorySegment slots = MemorySegment.ofAddress(table).reinterpret(count * ValueLayout.ADDRESS.byteSize());
            Linker linker = Linker.nativeLinker();
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            for (int i = 0; i < count; i++) {
                Spec.Function f = functions.get(i);
                Class<?> owner = Class.forName(Bootstrap.class.getPackageName() + "." + f.javaClass().orElseThrow());
                MethodHandle target = lookup.findStatic(owner, f.javaName(), f.methodType());
                MethodHandle safe = MethodHandles.catchException(target, Throwable.class,
                        MethodHandles.dropArguments(Errors.HANDLER, 1, f.methodType().parameterList()));
                slots.setAtIndex(ValueLayout.ADDRESS, i, linker.upcallStub(safe, f.descriptor(), Arena.global()));
            }
            LOG.log(System.Logger.Level.DEBUG, "libsynadb: {0} upcall stubs installed", count);
            return ErrorCode.SUCCESS.code();
        } catch (Throwable t) {
            Errors.report("starting syna.nativeabi failed: " + Errors.message(t));
            return ErrorCode.INTERNAL.code();
        }
    }
}
