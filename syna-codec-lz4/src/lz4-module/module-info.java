/**
 * Module descriptor added at build time to the lz4-java jar, which ships without one (it is an
 * automatic module named org.lz4.java). With it, the jar is a named module that jlink accepts.
 * The name is the jar's own Automatic-Module-Name, so code that requires org.lz4.java works with
 * either jar.
 */
@SuppressWarnings("module") // the name is the jar's own Automatic-Module-Name
module org.lz4.java {
    exports net.jpountz.lz4;
    exports net.jpountz.util;
    exports net.jpountz.xxhash;

    // The library's Unsafe-based implementations use sun.misc.Unsafe; Syna uses the safe one only.
    requires jdk.unsupported;
}
