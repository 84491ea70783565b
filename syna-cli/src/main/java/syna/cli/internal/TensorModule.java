package syna.cli.internal;

import syna.api.UnsupportedFeatureException;

/**
 * Whether module {@code syna.tensor} is there (the CLI reads it through {@code requires static}).
 * Thread-safe.
 */
final class TensorModule {
    private TensorModule() {}

    static void require() {
        Module self = TensorModule.class.getModule();
        boolean present = self.isNamed()
                ? self.getLayer() != null && self.getLayer().findModule("syna.tensor").isPresent()
                : isOnClassPath();
        if (!present) {
            throw new UnsupportedFeatureException("module syna.tensor is not present: add it to the module path");
        }
    }

    private static boolean isOnClassPath() {
        try {
            Class.forName("syna.tensor.TensorEngine", false, TensorModule.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
