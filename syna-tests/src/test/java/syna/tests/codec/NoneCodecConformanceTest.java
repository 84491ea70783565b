package syna.tests.codec;

import syna.api.spi.CodecProvider;
import syna.api.spi.Providers;

/** The built-in codec {@code none} passes the suite. */
class NoneCodecConformanceTest extends CodecConformanceTest {
    @Override
    protected CodecProvider provider() {
        return Providers.get(CodecProvider.class, "none");
    }
}
