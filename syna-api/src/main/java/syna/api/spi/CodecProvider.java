package syna.api.spi;

/**
 * Provides a value codec (compression). A file records the codec of each compressed value by
 * name, so a database written with a codec needs its provider to be read. Thread-safe.
 */
public interface CodecProvider extends SynaProvider {
    /** A codec instance; may be shared between threads. */
    ValueCodec codec();
}
