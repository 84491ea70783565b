/**
 * LZ4 value codec, provider name "lz4", over the pure-Java (safe) implementation of lz4-java. Put
 * this module on the module path and open a database with {@code codec("lz4")}.
 *
 * @provides syna.api.spi.CodecProvider
 */
@SuppressWarnings("module") // "lz4" ends in a digit; the name is fixed by the design
module syna.codec.lz4 {
    requires syna.api;
    requires org.lz4.java; // automatic module as published; the build also makes a named-module copy

    // The codec; only ServiceLoader creates it.
    provides syna.api.spi.CodecProvider with syna.codec.lz4.internal.Lz4CodecProvider;
}
