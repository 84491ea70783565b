package syna.codec.lz4.internal;

import syna.api.spi.CodecProvider;
import syna.tests.codec.CodecConformanceTest;

/** The lz4 codec passes the shared suite. */
class Lz4CodecConformanceTest extends CodecConformanceTest {
    @Override
    protected CodecProvider provider() {
        return new Lz4CodecProvider();
    }
}
