package syna.storage.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.module.ModuleReader;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Atom;
import syna.api.Database;
import syna.api.DatabaseOptions;
import syna.api.Durability;
import syna.api.HistoryQuery;
import syna.api.HistoryRetention;
import syna.api.KeySpace;
import syna.api.Namespace;
import syna.api.Syna;
import syna.api.SynaException;
import syna.api.TimeSeries;
import syna.api.VectorStoreOptions;
import syna.api.WriteBatch;

/**
 * Walks the public API of packages {@code syna.api} and {@code syna.api.store} reflectively: every public constructor and
 * method with a reference parameter is called once per such parameter with {@code null} there and
 * valid values elsewhere, on real receivers (a log database, a namespace, batches, builders). Each
 * call must throw a {@link SynaException} (an {@code InvalidArgumentException}, never a bare
 * {@code NullPointerException}). {@code VectorStore} is left out: it is being reworked in its own
 * module.
 */
class NullArgumentsTest {
    /** Types whose methods are not walked here. */
    private static final Set<String> SKIPPED = Set.of("syna.api.VectorStore", "syna.api.VectorFilter");

    @TempDir
    Path tmp;

    private Database db;
    private final List<String> failures = new ArrayList<>();
    private int calls;

    private static List<Class<?>> apiTypes() throws IOException {
        Module api = Database.class.getModule();
        List<Class<?>> out = new ArrayList<>();
        var ref = api.getLayer() == null ? Optional.<java.lang.module.ResolvedModule>empty()
                : api.getLayer().configuration().findModule("syna.api");
        List<String> names = new ArrayList<>();
        if (ref.isPresent()) {
            try (ModuleReader r = ref.get().reference().open(); Stream<String> s = r.list()) {
                s.filter(n -> n.endsWith(".class") && (n.startsWith("syna/api/") && n.indexOf('/', 9) < 0
                        || n.startsWith("syna/api/store/")))
                        .forEach(names::add);
            }
        }
        assertTrue(names.size() > 20, "found the classes of syna.api: " + names);
        for (String n : names) {
            try {
                Class<?> c = Class.forName(n.substring(0, n.length() - 6).replace('/', '.'), false,
                        Database.class.getClassLoader());
                if (Modifier.isPublic(c.getModifiers()) && !SKIPPED.contains(c.getName().replaceAll("\\$.*", ""))) {
                    out.add(c);
                }
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /** A valid value of {@code type}, or empty when the walk cannot make one. */
    private Optional<Object> value(Class<?> type) {
        Object v = switch (type.getName()) {
            case "java.lang.String" -> "k";
            case "java.lang.Object" -> "o";
            case "java.nio.file.Path" -> tmp.resolve("p" + calls);
            case "syna.api.Atom" -> Atom.of(1L);
            case "double[]", "[D" -> new double[] {1};
            case "[J" -> new long[] {1};
            case "[F" -> new float[] {1, 2};
            case "[B" -> new byte[] {1};
            case "syna.api.WriteBatch" -> WriteBatch.create().putInt("w", 1);
            case "syna.api.HistoryQuery" -> HistoryQuery.all();
            case "syna.api.HistoryRetention" -> HistoryRetention.all();
            case "syna.api.Progress" -> syna.api.Progress.NONE;
            case "syna.api.Durability" -> Durability.NONE;
            case "java.lang.foreign.Arena" -> Arena.ofAuto();
            case "java.lang.foreign.MemorySegment" -> MemorySegment.ofArray(new byte[] {1, 2});
            case "java.lang.Class" -> StringBuilder.class;
            case "java.util.function.Supplier" -> (Supplier<Object>) StringBuilder::new;
            case "java.util.Optional" -> Optional.empty();
            case "java.util.Map" -> Map.of();
            case "java.util.List" -> List.of();
            case "syna.api.Namespace" -> db.namespace("walk");
            case "syna.api.Database", "syna.api.KeySpace" -> db;
            case "syna.api.DatabaseOptions" -> DatabaseOptions.builder(tmp.resolve("o" + calls)).build();
            case "syna.api.VectorStoreOptions" -> VectorStoreOptions.builder(2).build();
            case "syna.api.TimeSeries" -> new TimeSeries(new long[] {1}, new double[] {1});
            case "syna.api.spi.VectorKernels" -> syna.api.Vectors.kernels();
            case "syna.api.store.BlobDigest" -> syna.api.store.BlobDigest.sha256();
            case "syna.api.store.BlobInfo" -> new syna.api.store.BlobInfo(0, 0, 1, "SHA-256",
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
            case "java.io.InputStream" -> new java.io.ByteArrayInputStream(new byte[0]);
            default -> null;
        };
        if (v == null && type.isEnum()) {
            v = type.getEnumConstants()[0];
        }
        return Optional.ofNullable(v);
    }

    private void callWithNulls(Object receiver, Executable e, Set<String> unmade) {
        Class<?>[] types = e.getParameterTypes();
        for (int at = 0; at < types.length; at++) {
            if (types[at].isPrimitive()) {
                continue;
            }
            if (Throwable.class.isAssignableFrom(e.getDeclaringClass())) {
                continue; // null messages and causes are ordinary Java
            }
            if (e instanceof Method m && (m.getName().equals("equals")
                    || m.getName().equals("valueOf") && m.getDeclaringClass().isEnum())) {
                continue; // Object's contract, and the enum valueOf the compiler writes
            }
            Object[] args = new Object[types.length];
            boolean ok = true;
            for (int i = 0; i < types.length; i++) {
                if (i == at) {
                    continue;
                }
                if (types[i].isPrimitive()) {
                    args[i] = primitive(types[i]);
                    continue;
                }
                Optional<Object> v = value(types[i]);
                if (v.isEmpty()) {
                    unmade.add(types[i].getName() + " (for " + e + ")");
                    ok = false;
                    break;
                }
                args[i] = v.get();
            }
            if (!ok) {
                continue;
            }
            calls++;
            String what = e.getDeclaringClass().getName() + "." + (e instanceof Method ? e.getName() : "<init>")
                    + " null parameter " + at + " (" + types[at].getSimpleName() + ")";
            try {
                if (e instanceof Method m) {
                    m.invoke(receiver, args);
                } else {
                    ((Constructor<?>) e).newInstance(args);
                }
                failures.add(what + ": accepted null");
            } catch (InvocationTargetException x) {
                Throwable cause = x.getCause();
                if (!(cause instanceof SynaException)) {
                    failures.add(what + ": " + cause);
                }
            } catch (ReflectiveOperationException | IllegalArgumentException x) {
                failures.add(what + ": could not call: " + x);
            }
        }
    }

    private static Object primitive(Class<?> t) {
        return switch (t.getName()) {
            case "int" -> 1;
            case "long" -> 1L;
            case "double" -> 1.0;
            case "float" -> 1f;
            case "boolean" -> false;
            default -> (byte) 1;
        };
    }

    /** The receivers instance methods of {@code type} are called on; empty: static members only. */
    private List<Object> receivers(Class<?> type) {
        List<Object> r = new ArrayList<>();
        if (type == Database.class || type == KeySpace.class) {
            r.add(db);
        }
        if (type == Namespace.class || type == KeySpace.class) {
            r.add(db.namespace("walk"));
        }
        if (type == WriteBatch.class) {
            r.add(WriteBatch.create());
            r.add(WriteBatch.create().in("n"));
        }
        if (type == DatabaseOptions.Builder.class) {
            r.add(DatabaseOptions.builder(tmp.resolve("b")));
        }
        if (type == VectorStoreOptions.Builder.class) {
            r.add(VectorStoreOptions.builder(2));
        }
        if (type == syna.api.store.DeleteJournal.class) {
            r.add(syna.api.store.DeleteJournal.of(db, "journal"));
        }
        if (type == HistoryQuery.class) {
            r.add(HistoryQuery.all());
        }
        return r;
    }

    @Test
    void everyNullArgumentGivesATypedError() throws IOException {
        db = Syna.builder(tmp.resolve("db")).durability(Durability.NONE).open();
        Set<String> unmade = new TreeSet<>();
        int executables = 0;
        try {
            List<Class<?>> types = new ArrayList<>(apiTypes());
            for (Class<?> t : List.copyOf(types)) {
                for (Class<?> nested : t.getDeclaredClasses()) {
                    if (Modifier.isPublic(nested.getModifiers())) {
                        types.add(nested);
                    }
                }
            }
            for (Class<?> t : types) {
                if (!t.isInterface() && !Modifier.isAbstract(t.getModifiers())) {
                    for (Constructor<?> c : t.getConstructors()) {
                        executables++;
                        callWithNulls(null, c, unmade);
                    }
                }
                List<Object> receivers = receivers(t);
                for (Method m : t.getMethods()) {
                    if (!m.getDeclaringClass().getPackageName().startsWith("syna.api")) {
                        continue; // Object's and the JDK's own
                    }
                    if (Modifier.isStatic(m.getModifiers())) {
                        if (m.getDeclaringClass() == t) {
                            executables++;
                            callWithNulls(null, m, unmade);
                        }
                    } else {
                        for (Object r : receivers) {
                            executables++;
                            callWithNulls(r, m, unmade);
                        }
                    }
                }
            }
        } finally {
            db.close();
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + calls + " null calls did not give a SynaException:\n"
                    + String.join("\n", failures));
        }
        assertTrue(calls > 200, calls + " null calls over " + executables + " constructors and methods");
        assertTrue(unmade.isEmpty(), "parameter types the walk cannot make (add them to value()): " + unmade);
    }
}
