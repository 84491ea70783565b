package syna.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** syna.tensor needs syna.api alone (so it goes into jlink images) and exports its API package only. */
class ModuleDescriptorTest {
    @Test
    void exportsOnlyTheApiPackageAndNeedsOnlySynaApi() {
        ModuleDescriptor d = TensorEngine.class.getModule().getDescriptor();
        assertEquals("syna.tensor", d.name());
        assertEquals(Set.of("syna.tensor"), d.exports().stream().map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toSet()));
        assertEquals(Set.of("java.base", "syna.api"), d.requires().stream().map(ModuleDescriptor.Requires::name)
                .collect(Collectors.toSet()));
        assertTrue(d.requires().stream().anyMatch(r -> r.name().equals("syna.api")
                && r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE)));
    }

    @Test
    void optionsPrintEveryField() {
        assertEquals("TensorOptions[namespace=tensor, chunkBytes=0, inlineBytes=1048576]",
                TensorOptions.defaults().toString());
        assertEquals("tensor.chunks", TensorOptions.defaults().chunkNamespace());
        String b = BatchOptions.builder("x").labels("y").batchSize(8).shuffle(3).build().toString();
        assertTrue(b.contains("features=x") && b.contains("labels=Optional[y]") && b.contains("batchSize=8")
                && b.contains("seed=3") && b.contains("lastBatch=KEEP") && b.contains("prefetch=4"), b);
    }

    @Test
    void dtypeTagsAreStable() {
        int[] tags = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        DType[] order = {DType.F16, DType.BF16, DType.F32, DType.F64, DType.I8, DType.U8, DType.I16, DType.I32, DType.I64,
            DType.BOOL};
        for (int i = 0; i < tags.length; i++) {
            assertEquals(tags[i], order[i].tag(), order[i].name());
            assertEquals(order[i], DType.ofTag(tags[i]).orElseThrow());
        }
        assertEquals(DType.BF16, DType.ofLabel("bf16"));
        assertEquals(DType.F32, DType.ofSafetensors("F32").orElseThrow());
    }
}
