package syna.faiss.internal.binding;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import syna.api.ProviderConfigurationException;

/**
 * Finds and loads {@code libsynafaiss}, Syna's C shim over FAISS. Two steps, so that a provider can say
 * cheaply whether FAISS can be used: {@link #locate()} finds the library file without loading it;
 * {@link #load()} loads it once per process (FAISS, BLAS and OpenMP come with it), checks its ABI version
 * and binds its functions, or throws a {@link ProviderConfigurationException} that says what is missing.
 *
 * <p>Where the library comes from, in order: the system property {@value #LIBRARY_PROPERTY} (a path), else
 * the copy that the {@code faiss-native} build profile put into this module under
 * {@code syna/faiss/internal/lib/<os>-<arch>/} (used in place from a directory, else copied once into
 * {@code java.io.tmpdir}, named by its SHA-256). Thread-safe.
 */
public final class FaissLibrary {
    /** System property naming a {@code libsynafaiss.so} to use instead of the bundled one. */
    public static final String LIBRARY_PROPERTY = "syna.faiss.library";

    /** The shim ABI this binding was written for ({@code SYNA_FAISS_ABI_VERSION}). */
    static final int ABI_VERSION = 1;

    private static final System.Logger LOG = System.getLogger(FaissLibrary.class.getName());
    private static final String FILE_NAME = "libsynafaiss.so";
    private static final String INSTALL_HINT = "install FAISS's headers and libraries (Debian: apt-get install -y "
            + "libfaiss-dev libopenblas-dev) and rebuild syna-faiss, or point -D" + LIBRARY_PROPERTY
            + " at a libsynafaiss.so built by syna-faiss/src/main/native/build.sh";

    private FaissLibrary() {}

    /** Where the library was found, or why it was not. */
    public sealed interface Location {
        /** The library file to load. */
        record Found(Path file, String origin) implements Location {}

        /** Why there is none. */
        record Missing(String reason) implements Location {}
    }

    /** Finds the library file without loading it; cheap. */
    public static Location locate() {
        String override = System.getProperty(LIBRARY_PROPERTY);
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override.strip());
            return Files.isRegularFile(p) ? new Location.Found(p, "-D" + LIBRARY_PROPERTY)
                    : new Location.Missing("-D" + LIBRARY_PROPERTY + "=" + override + " is not a file");
        }
        String platform = platform();
        String resource = "lib/" + platform + "/" + FILE_NAME;
        URL url = FaissLibrary.class.getResource("/syna/faiss/internal/" + resource);
        if (url == null) {
            return new Location.Missing("syna.faiss carries no native shim for " + platform
                    + " (it was built without FAISS's headers): " + INSTALL_HINT);
        }
        if ("file".equals(url.getProtocol())) {
            try {
                return new Location.Found(Path.of(url.toURI()), "module directory");
            } catch (URISyntaxException | IllegalArgumentException e) {
                return new Location.Missing("cannot use " + url + ": " + e);
            }
        }
        return new Location.Found(null, url.toString());
    }

    /** Whether {@link #load()} succeeds; loads the library on first call. */
    public static boolean isAvailable() {
        return Loaded.FAILURE == null;
    }

    /** Why the library cannot be used, if it cannot; loads it on first call. */
    public static Optional<String> unavailableReason() {
        return Loaded.FAILURE == null ? Optional.empty() : Optional.of(Loaded.FAILURE.getMessage());
    }

    /** Loads the library (once per process) and checks it; throws a {@link ProviderConfigurationException} saying why not. */
    public static void load() {
        if (Loaded.FAILURE != null) {
            throw new ProviderConfigurationException(Loaded.FAILURE.getMessage(), Loaded.FAILURE.getCause());
        }
    }

    /** The FAISS version the loaded shim was compiled against, e.g. {@code 1.7.3}. */
    public static String faissVersion() {
        load();
        return Shim.faissVersion();
    }

    /** The loaded library's file. */
    public static Path file() {
        load();
        return Loaded.file;
    }

    /**
     * The symbols of the library; only {@link Shim}'s initializer calls this, first from {@link Loaded}'s
     * (which has set them by then), later only after {@link #load()} succeeded.
     */
    static SymbolLookup symbols() {
        SymbolLookup s = Loaded.symbols;
        if (s == null) {
            throw new IllegalStateException("libsynafaiss is not loaded");
        }
        return s;
    }

    /** Loading happens once, in this holder's initializer: a failure is kept and reported on every use. */
    private static final class Loaded {
        static Path file;
        static SymbolLookup symbols;
        static final ProviderConfigurationException FAILURE = init();

        @SuppressWarnings("restricted") // loading the shim is this module's purpose (--enable-native-access=syna.faiss)
        private static ProviderConfigurationException init() {
            try {
                Location where = locate();
                if (where instanceof Location.Missing(String reason)) {
                    return new ProviderConfigurationException("FAISS is not available: " + reason);
                }
                Location.Found found = (Location.Found) where;
                Path f = found.file() != null ? found.file() : extract(found.origin());
                try {
                    symbols = SymbolLookup.libraryLookup(f, Arena.global());
                } catch (IllegalArgumentException e) {
                    return new ProviderConfigurationException("FAISS is not available: cannot load " + f + ": "
                            + e.getMessage() + " (it needs BLAS, LAPACK and OpenMP at run time; Debian: apt-get install -y "
                            + "libopenblas0 libgomp1)", e);
                } catch (IllegalCallerException e) {
                    return new ProviderConfigurationException("FAISS is not available: native access is not enabled "
                            + "for module syna.faiss; run java with --enable-native-access=syna.faiss", e);
                }
                file = f;
                int abi = Shim.abiVersion();
                if (abi != ABI_VERSION) {
                    return new ProviderConfigurationException("FAISS is not available: " + f + " has shim ABI "
                            + abi + ", this syna.faiss needs " + ABI_VERSION + "; rebuild syna-faiss");
                }
                LOG.log(Level.DEBUG, () -> "loaded " + f + " (FAISS " + Shim.faissVersion() + ", from " + found.origin() + ")");
                return null;
            } catch (RuntimeException | LinkageError e) {
                return new ProviderConfigurationException("FAISS is not available: " + e, e);
            }
        }
    }

    private static Path extract(String resourceUrl) {
        String resource = "/syna/faiss/internal/lib/" + platform() + "/" + FILE_NAME;
        byte[] bytes;
        try (InputStream in = FaissLibrary.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ProviderConfigurationException("FAISS is not available: cannot read " + resourceUrl);
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new ProviderConfigurationException("FAISS is not available: cannot read " + resourceUrl + ": " + e, e);
        }
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_");
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "syna-faiss-" + user);
        try {
            return copyOut(bytes, dir);
        } catch (IOException e) {
            throw new ProviderConfigurationException("FAISS is not available: cannot copy the native shim into " + dir
                    + ": " + e, e);
        }
    }

    /**
     * Writes {@code bytes} to {@code dir/libsynafaiss-<sha256 prefix>.so} unless a file of that name and size
     * is there already (the name is the content), atomically; returns the file.
     */
    static Path copyOut(byte[] bytes, Path dir) throws IOException {
        String hash;
        try {
            hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
        Path target = dir.resolve("libsynafaiss-" + hash + ".so");
        if (Files.isRegularFile(target) && Files.size(target) == bytes.length) {
            return target;
        }
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "libsynafaiss-", ".tmp");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }

    /** {@code <os>-<arch>} as the build script names it, e.g. {@code linux-x86_64}. */
    static String platform() {
        String os = System.getProperty("os.name", "unknown").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "unknown").toLowerCase(Locale.ROOT);
        String o = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "macos" : os.replaceAll("\\W", "");
        String a = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch;
        };
        return o + "-" + a;
    }
}
