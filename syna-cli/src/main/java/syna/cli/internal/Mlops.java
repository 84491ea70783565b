package syna.cli.internal;

import syna.api.UnsupportedFeatureException;

/**
 * Whether module {@code syna.mlops} is there (the CLI reads it through {@code requires static}).
 * Command classes reference mlops types only after this check, inside {@link MlopsViews}, so the CLI
 * loads and runs its other commands without the module. Thread-safe.
 */
final class Mlops {
    private Mlops() {}

    static void require() {
        Module self = Mlops.class.getModule();
        boolean present = self.isNamed()
                ? self.getLayer() != null && self.getLayer().findModule("syna.mlops").isPresent()
                : isOnClassPath();
        if (!present) {
            throw new UnsupportedFeatureException(
                    "module syna.mlops is not present: add it to the module path "
                            + "(and org.bouncycastle.provider for BLAKE3 digests; SHA-256, the default, needs nothing)");
        }
    }

    private static boolean isOnClassPath() {
        try {
            Class.forName("syna.mlops.ModelRegistry", false, Mlops.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
