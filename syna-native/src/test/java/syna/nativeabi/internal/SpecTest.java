package syna.nativeabi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandles;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import syna.api.ErrorCode;

class SpecTest {
    @Test
    void everyForwardedFunctionBindsToItsJavaMethod() throws ReflectiveOperationException {
        Spec spec = Spec.load();
        List<Spec.Function> java = spec.javaFunctions();
        assertTrue(java.size() > 20, "forwarded functions: " + java.size());
        for (Spec.Function f : java) {
            Class<?> owner = Class.forName(Spec.class.getPackageName() + "." + f.javaClass().orElseThrow());
            MethodHandles.lookup().findStatic(owner, f.javaName(), f.methodType());
        }
    }

    @Test
    void namesAreUniqueAndDocumented() {
        Set<String> names = new HashSet<>();
        for (Spec.Function f : Spec.load().functions()) {
            assertTrue(names.add(f.name()), "duplicate " + f.name());
            assertTrue(!f.doc().isEmpty(), f.name() + " has no documentation");
        }
    }

    @Test
    void headerDeclaresEveryFunctionAndEveryErrorCode() {
        Spec spec = Spec.load();
        String h = HeaderGenerator.header(spec, "9.9");
        for (Spec.Function f : spec.functions()) {
            assertTrue(h.contains("SYNA_API " + f.declaration() + ";"), f.name());
        }
        for (ErrorCode c : ErrorCode.values()) {
            assertTrue(h.contains("SYNA_" + c.name() + " = " + c.code() + ","), c.name());
        }
        String calls = HeaderGenerator.calls(spec);
        assertEquals(spec.javaFunctions().size(), calls.split("syna_call\\(", -1).length - 1);
    }

    @Test
    void malformedDeclarationsNameTheirLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Spec.parse("@group g\n@java CoreCalls\nint32_t SYNA_x(long double d);\n"));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Spec.parse("@group g\n@java CoreCalls\nvoid SYNA_y(int32_t a);\n"));
        assertTrue(e.getMessage().contains("must return int32_t"), e.getMessage());
    }

    @Test
    void javaNamesAreCamelCase() {
        Spec.Function f = Spec.parse("@group g\n@java CoreCalls\n/// d\nint32_t SYNA_get_history_tensor(int64_t db);\n")
                .functions().getFirst();
        assertEquals("getHistoryTensor", f.javaName());
        assertEquals("int32_t SYNA_get_history_tensor(int64_t db)", f.declaration());
    }
}
