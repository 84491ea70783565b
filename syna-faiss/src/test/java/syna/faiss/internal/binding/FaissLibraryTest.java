package syna.faiss.internal.binding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Locating and copying out the shim; runs with or without FAISS. */
class FaissLibraryTest {
    @Test
    void theCopyIsNamedByItsContentAndReused(@TempDir Path dir) throws IOException {
        byte[] a = {1, 2, 3, 4};
        Path first = FaissLibrary.copyOut(a, dir);
        assertArrayEquals(a, Files.readAllBytes(first));
        assertTrue(first.getFileName().toString().matches("libsynafaiss-[0-9a-f]{24}\\.so"), first.toString());
        long modified = Files.getLastModifiedTime(first).toMillis();
        assertEquals(first, FaissLibrary.copyOut(a, dir));
        assertEquals(modified, Files.getLastModifiedTime(first).toMillis(), "reused, not rewritten");
        Path second = FaissLibrary.copyOut(new byte[] {1, 2, 3, 5}, dir);
        assertNotEquals(first, second);
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary files left behind");
        }
    }

    @Test
    void platformNamesMatchTheBuildScript() {
        String p = FaissLibrary.platform();
        assertTrue(p.matches("[a-z]+-[a-z0-9_]+"), p);
        if (System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64")) {
            assertEquals("linux-x86_64", p);
        }
    }

    @Test
    void aMissingOverrideSaysWhichPath() {
        String old = System.getProperty(FaissLibrary.LIBRARY_PROPERTY);
        System.setProperty(FaissLibrary.LIBRARY_PROPERTY, "/no/such/libsynafaiss.so");
        try {
            FaissLibrary.Location l = FaissLibrary.locate();
            assertTrue(l instanceof FaissLibrary.Location.Missing m && m.reason().contains("/no/such/libsynafaiss.so"), l.toString());
        } finally {
            if (old == null) {
                System.clearProperty(FaissLibrary.LIBRARY_PROPERTY);
            } else {
                System.setProperty(FaissLibrary.LIBRARY_PROPERTY, old);
            }
        }
    }
}
