package syna.mlops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ModuleDescriptorTest {
    @Test
    void exportsOnlyThePublicPackageAndNeedsOnlyTheApiAndJacksonAndBouncyCastleOptionally() {
        ModuleDescriptor d = ModelRegistry.class.getModule().getDescriptor();
        assertEquals("syna.mlops", d.name());
        assertEquals(Set.of("syna.mlops"), d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        Set<String> requires = d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
        assertEquals(Set.of("java.base", "syna.api", "org.bouncycastle.provider", "tools.jackson.core"), requires);
        assertTrue(d.requires().stream().anyMatch(r -> r.name().equals("syna.api")
                && r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE)));
        // BLAKE3 only: images and applications that keep SHA-256 leave BouncyCastle (and java.sql, java.naming) out
        assertEquals(Set.of(ModuleDescriptor.Requires.Modifier.STATIC), d.requires().stream()
                .filter(r -> r.name().equals("org.bouncycastle.provider")).findFirst().orElseThrow().modifiers());
    }
}
