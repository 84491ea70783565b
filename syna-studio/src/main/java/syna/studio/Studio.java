package syna.studio;

import java.net.URI;
import syna.api.Database;
import syna.api.InvalidArgumentException;
import syna.studio.internal.StudioServer;

/**
 * A running Syna Studio: a web UI and JSON API over one open database, served by the JDK's
 * {@code jdk.httpserver} until {@link #close()}. The database stays the caller's: closing the Studio
 * does not close it, and the Studio must be closed before the database.
 *
 * <p>Every request that changes data or starts work (promote, verify, compact, export) must carry the
 * per-start {@link #token()} in the {@code X-Syna-Token} header; {@link #uri()} includes it as a query
 * parameter so that the page can pick it up. Requests whose {@code Host} header names another host are
 * refused (DNS rebinding).
 *
 * <pre>{@code
 * try (Database db = Syna.open(path); Studio studio = Studio.start(db, StudioOptions.defaults())) {
 *     System.out.println(studio.uri());
 *     studio.await();
 * }
 * }</pre>
 *
 * Thread-safe.
 */
public final class Studio implements AutoCloseable {
    private final StudioServer server;

    private Studio(StudioServer server) {
        this.server = server;
    }

    /**
     * Starts serving {@code database}; returns once the port is bound and requests are answered.
     *
     * @param database the open database (read-only databases are served read-only)
     * @param options where to listen
     * @return the running Studio
     * @throws InvalidArgumentException for a null argument
     * @throws syna.api.SynaIOException when the address cannot be bound (port in use)
     */
    public static Studio start(Database database, StudioOptions options) {
        if (database == null) {
            throw new InvalidArgumentException("database must not be null");
        }
        if (options == null) {
            throw new InvalidArgumentException("studio options must not be null");
        }
        return new Studio(StudioServer.start(database, options));
    }

    /** The page's address with the token, e.g. {@code http://127.0.0.1:7070/?token=...}. */
    public URI uri() {
        return server.uri();
    }

    /** The base address without the token, e.g. {@code http://127.0.0.1:7070/}. */
    public URI baseUri() {
        return server.baseUri();
    }

    /** The bound port. */
    public int port() {
        return server.port();
    }

    /** This start's random token, required in {@code X-Syna-Token} by every data-changing request. */
    public String token() {
        return server.token();
    }

    /** Blocks until {@link #close()} is called from another thread (or the thread is interrupted). */
    public void await() throws InterruptedException {
        server.await();
    }

    /** Stops serving, ends running jobs' streams and the worker threads; idempotent. */
    @Override
    public void close() {
        server.close();
    }
}
