package syna.nativeabi.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.List;
import syna.api.ErrorCode;

/**
 * The Java end of {@code libsynadb}: called once through JNI after the C library started the JVM, it gives C
 * a binder stub; the first call of each forwarded function of {@link Spec} has the binder make that function's
 * FFM upcall stub and write its address into the C table.
 * Foreign threads calling a stub are attached to the JVM by FFM on their first call. Thread-safe.
 */
@SuppressWarnings("restricted") // C pointers and upcalls are this module's purpose (--enable-native-access=syna.nativeabi)
public final class Bootstrap {
    private static final System.Logger LOG = System.getLogger(Bootstrap.class.getName());

    private Bootstrap() {}

    /**
     * Fills the upcall table.
     *
     * @param table address of {@code void* table[count + 1]}: the functions' slots, then the binder
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
            Bootstrap.functions = functions;
            slots = MemorySegment.ofAddress(table).reinterpret((count + 1) * ValueLayout.ADDRESS.byteSize());
            // Only the binder is made now: a stub costs ~10 ms to spin, so each function gets its own on first use.
            MethodHandle bind = MethodHandles.lookup().findStatic(Bootstrap.class, "bind",
                    MethodType.methodType(int.class, int.class));
            MemorySegment binder = Linker.nativeLinker().upcallStub(bind,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), Arena.global());
            SLOT.setRelease(slots, 0L, (long) count, binder);
            LOG.log(System.Logger.Level.DEBUG, "libsynadb: {0} functions, bound on first use", count);
            return ErrorCode.SUCCESS.code();
        } catch (Throwable t) {
            Errors.report("starting syna.nativeabi failed: " + Errors.message(t));
            return ErrorCode.INTERNAL.code();
        }
    }

    private static volatile List<Spec.Function> functions;
    private static volatile MemorySegment slots;
    private static final VarHandle SLOT = ValueLayout.ADDRESS.arrayElementVarHandle();

    /**
     * Makes the upcall stub of table slot {@code slot} and publishes it (release store; C reads with acquire).
     * Called by C through the binder stub the first time a function is used; idempotent.
     */
    private static synchronized int bind(int slot) {
        try {
            if (((MemorySegment) SLOT.getAcquire(slots, 0L, (long) slot)).address() != 0) {
                return ErrorCode.SUCCESS.code();
            }
            Spec.Function f = functions.get(slot);
            Class<?> owner = Class.forName(Bootstrap.class.getPackageName() + "." + f.javaClass().orElseThrow());
            MethodHandle target = MethodHandles.lookup().findStatic(owner, f.javaName(), f.methodType());
            MethodHandle safe = MethodHandles.catchException(target, Throwable.class,
                    MethodHandles.dropArguments(Errors.HANDLER, 1, f.methodType().parameterList()));
            MemorySegment stub = Linker.nativeLinker().upcallStub(safe, f.descriptor(), Arena.global());
            SLOT.setRelease(slots, 0L, (long) slot, stub);
            return ErrorCode.SUCCESS.code();
        } catch (Throwable t) {
            Errors.report("binding " + functions.get(slot).name() + " failed: " + Errors.message(t));
            return ErrorCode.INTERNAL.code();
        }
    }
}
