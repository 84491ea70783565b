package syna.mlops.internal;

import java.util.Optional;
import syna.api.UnsupportedFeatureException;

/**
 * Finds BouncyCastle, which syna.mlops reads only through {@code requires static}: BLAKE3 digests are
 * opt-in, so an application (or a jlink image) that keeps the default SHA-256 does not carry the
 * provider and the JDK modules it pulls in ({@code java.sql}, {@code java.naming}, {@code java.xml}).
 * Thread-safe (stateless).
 */
final class BouncyCastle {
    /** The provider's module name (Maven {@code org.bouncycastle:bcprov-jdk18on}). */
    static final String MODULE = "org.bouncycastle.provider";
    /** The class BLAKE3 digests come from; looked up on the class path when syna.mlops is not a named module. */
    static final String BLAKE3_CLASS = "org.bouncycastle.crypto.digests.Blake3Digest";

    private BouncyCastle() {}

    /**
     * Makes syna.mlops read BouncyCastle before {@code feature} uses it.
     *
     * @throws UnsupportedFeatureException when BouncyCastle is neither in syna.mlops' module layer nor on
     *     its class path; the message names what to add
     */
    static void require(String feature) {
        Module self = BouncyCastle.class.getModule();
        ModuleLayer layer = self.isNamed() && self.getLayer() != null ? self.getLayer() : ModuleLayer.empty();
        Module bc = find(layer, BouncyCastle.class.getClassLoader())
                .orElseThrow(() -> new UnsupportedFeatureException(missing(feature, self.isNamed())));
        // A module resolved beside syna.mlops is read already; one found on the class path is not.
        self.addReads(bc);
    }

    /** BouncyCastle's module: named in {@code layer} (or its parents), else the class path's of {@code loader}. */
    static Optional<Module> find(ModuleLayer layer, ClassLoader loader) {
        Optional<Module> named = layer.findModule(MODULE);
        if (named.isPresent()) {
            return named;
        }
        try {
            return Optional.of(Class.forName(BLAKE3_CLASS, false, loader).getModule());
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** What a user without BouncyCastle reads; {@code modular} when syna.mlops runs as a named module. */
    static String missing(String feature, boolean modular) {
        return feature + " digests need BouncyCastle (Maven org.bouncycastle:bcprov-jdk18on, module " + MODULE
                + "), which is not " + (modular ? "in the module layer of syna.mlops" : "on the class path")
                + ": put the jar on the module path and resolve it (java --add-modules " + MODULE
                + ", or `requires " + MODULE + "` in the application's module; for a jlink image, add " + MODULE
                + " to jlink's --add-modules), or put it on the class path. SHA-256, the default, needs nothing";
    }
}
