package syna.mlops.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import syna.mlops.DigestAlgorithm;

/**
 * BouncyCastle found where the tests put it (the module path, resolved), and a layer and loader that lack
 * it; syna-it's MlopsWithoutBouncyCastleTest runs the registry itself in a layer without it.
 */
class BouncyCastleTest {
    @Test
    void foundInTheModuleLayerOfTheTests() {
        Module self = BouncyCastle.class.getModule();
        Module bc = BouncyCastle.find(self.getLayer(), BouncyCastle.class.getClassLoader()).orElseThrow();
        assertEquals(BouncyCastle.MODULE, bc.getName());
        BouncyCastle.require("BLAKE3-256");
        assertTrue(self.canRead(bc));
        assertEquals("BLAKE3-256", BlobFields.digest(DigestAlgorithm.BLAKE3).algorithm());
    }

    @Test
    void absentFromAnEmptyLayerAndALoaderWithoutTheJar() {
        ClassLoader bootOnly = new ClassLoader(null) {};
        assertTrue(BouncyCastle.find(ModuleLayer.empty(), bootOnly).isEmpty());
    }

    @Test
    void theMissingMessageNamesTheJarTheModuleAndTheWayToResolveIt() {
        String modular = BouncyCastle.missing("BLAKE3-256", true);
        assertEquals("BLAKE3-256 digests need BouncyCastle (Maven org.bouncycastle:bcprov-jdk18on, module "
                + "org.bouncycastle.provider), which is not in the module layer of syna.mlops: put the jar on the module "
                + "path and resolve it (java --add-modules org.bouncycastle.provider, or `requires org.bouncycastle.provider` "
                + "in the application's module; for a jlink image, add org.bouncycastle.provider to jlink's --add-modules), "
                + "or put it on the class path. SHA-256, the default, needs nothing", modular);
        assertTrue(BouncyCastle.missing("BLAKE3-256", false).contains("which is not on the class path: "));
    }
}
