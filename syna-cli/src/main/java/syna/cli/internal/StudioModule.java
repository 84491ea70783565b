package syna.cli.internal;

import syna.api.UnsupportedFeatureException;

/**
 * Whether module {@code syna.studio} is there (the CLI reads it through {@code requires static}).
 * {@link StudioCommand} references Studio types only after this check. Thread-safe.
 */
final class StudioModule {
    private StudioModule() {}

    static void require() {
        Module self = StudioModule.class.getModule();
        boolean present = self.isNamed()
                ? self.getLayer() != null && self.getLayer().findModule("syna.studio").isPresent()
                : isOnClassPath();
        if (!present) {
            throw new UnsupportedFeatureException(
                    "module syna.studio is not present: put it (and syna.mlops) on the module path with --add-modules syna.studio "
                            + "(or ALL-MODULE-PATH; in a jlink image: java --add-modules syna.studio -m syna.cli studio DB)");
        }
    }

    private static boolean isOnClassPath() {
        try {
            Class.forName("syna.studio.Studio", false, StudioModule.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
