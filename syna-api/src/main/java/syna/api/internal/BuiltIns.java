package syna.api.internal;

import java.util.List;
import syna.api.spi.SynaProvider;

/** Providers that ship inside {@code syna.api}: {@code flat}, {@code none}, {@code scalar}. */
final class BuiltIns {
    private BuiltIns() {}

    static List<SynaProvider> all() {
        return List.of(new FlatVectorIndexProvider(), new IdentityCodecProvider(), new ScalarVectorKernels.Provider());
    }
}
