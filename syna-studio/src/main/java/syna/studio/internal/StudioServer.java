package syna.studio.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import syna.api.Database;
import syna.api.SynaException;
import syna.api.SynaIOException;
import syna.studio.StudioOptions;

/**
 * The HTTP side of a Studio: one {@link HttpServer} on virtual threads, the API under {@code /api/} and
 * the page's static files from this module's {@code web/} resources. Every API request is checked for its
 * {@code Host} (DNS rebinding) and, when it changes data, for the token; every failure becomes a typed
 * JSON error. Thread-safe.
 */
public final class StudioServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(StudioServer.class.getName());
    static final String TOKEN_HEADER = "X-Syna-Token";
    /** Content-Security-Policy of every page: nothing but this origin (no CDN, no request elsewhere). */
    static final String CSP = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private final HttpServer http;
    private final ExecutorService executor;
    private final String token;
    private final URI base;
    private final Set<String> hosts;
    private final StudioContext context;
    private final Router router = new Router();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private StudioServer(HttpServer http, ExecutorService executor, String token, StudioContext context) {
        this.http = http;
        this.executor = executor;
        this.token = token;
        this.context = context;
        InetSocketAddress addr = http.getAddress();
        String host = addr.getAddress().getHostAddress();
        String hostPart = host.contains(":") ? "[" + host + "]" : host;
        this.base = URI.create("http://" + hostPart + ":" + addr.getPort() + "/");
        int port = addr.getPort();
        this.hosts = addr.getAddress().isLoopbackAddress()
                ? Set.copyOf(java.util.List.of(hostPart + ":" + port, "localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port))
                : null; // bound elsewhere on purpose: any Host may be used to reach it
        KeysApi.register(router, context);
        VectorsApi.register(router, context);
        MlopsApi.register(router, context);
        StatsApi.register(router, context);
        JobsApi.register(router, context);
        router.get("/api/info", x -> x.json(g -> {
            g.writeStartObject();
            g.writeStringProperty("database", context.db().path().toString());
            g.writeBooleanProperty("readOnly", context.db().options().readOnly());
            g.writeStringProperty("studio", "syna.studio");
            g.writeEndObject();
        }));
    }

    /** Binds and starts serving; the socket is open when this returns. */
    public static StudioServer start(Database db, StudioOptions options) {
        if (!options.loopback()) {
            LOG.log(System.Logger.Level.WARNING, "Syna Studio binds " + options.bind().getHostAddress()
                    + ", not the loopback address: anyone who can reach this port can read the database");
        }
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(options.bind(), options.port()), 64);
        } catch (BindException e) {
            throw new SynaIOException("cannot bind " + options.bind().getHostAddress() + ":" + options.port()
                    + " (in use, or not an address of this machine): " + e.getMessage(), e);
        } catch (IOException e) {
            throw new SynaIOException("cannot start the Studio's server on " + options.bind().getHostAddress() + ":"
                    + options.port() + ": " + e.getMessage(), e);
        }
        byte[] raw = new byte[16];
        new SecureRandom().nextBytes(raw);
        String token = HexFormat.of().formatHex(raw);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        StudioContext context = new StudioContext(db, options, token);
        StudioServer server = new StudioServer(http, executor, token, context);
        http.setExecutor(executor);
        // The first answered request starts the background key listing (see StudioContext.warmUp).
        http.createContext("/api/", x -> {
            server.api(x);
            context.warmUp(executor);
        });
        http.createContext("/", x -> {
            server.files(x);
            context.warmUp(executor);
        });
        http.start();
        context.warmUpLater(executor);
        LOG.log(System.Logger.Level.INFO, "Syna Studio serving " + db.path() + " at " + server.base);
        return server;
    }

    public URI uri() {
        return URI.create(base + "?token=" + token);
    }

    public URI baseUri() {
        return base;
    }

    public int port() {
        return base.getPort();
    }

    public String token() {
        return token;
    }

    public void await() throws InterruptedException {
        stopped.await();
    }

    private boolean hostAllowed(HttpExchange x) {
        if (hosts == null) {
            return true;
        }
        String host = x.getRequestHeaders().getFirst("Host");
        return host != null && hosts.contains(host.toLowerCase(Locale.ROOT));
    }

    private boolean tokenMatches(HttpExchange x) {
        String given = x.getRequestHeaders().getFirst(TOKEN_HEADER);
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }

    private void api(HttpExchange http) {
        try (http) {
            Exchange x = null;
            try {
                if (!hostAllowed(http)) {
                    throw new ApiException(403, "FORBIDDEN_HOST", "requests must name this Studio's own host");
                }
                Router.Match m = router.match(http.getRequestMethod(), http.getRequestURI().getRawPath());
                if (m.route().mutating() && !tokenMatches(http)) {
                    throw new ApiException(403, "FORBIDDEN", "this request changes data: it needs the Studio's token in the "
                            + TOKEN_HEADER + " header (the token is in the URL the Studio printed)");
                }
                x = new Exchange(http, m.params());
                m.route().handler().handle(x);
            } catch (ApiException e) {
                reply(http, e.status(), Json.error(e.code(), e.getMessage()));
            } catch (SynaException e) {
                reply(http, Errors.status(e), Json.error(e.errorCode().name(), e.getMessage()));
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "client went away: " + e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "internal error in " + http.getRequestMethod() + " "
                        + http.getRequestURI().getRawPath(), e);
                reply(http, 500, Json.error("INTERNAL", "internal error (" + e.getClass().getSimpleName()
                        + "); the Studio's log has the details"));
            }
        }
    }

    private static void reply(HttpExchange http, int status, byte[] json) {
        try {
            if (http.getResponseCode() != -1) {
                return; // headers went out already (a stream); nothing more can be said
            }
            http.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            http.getResponseHeaders().set("Cache-Control", "no-store");
            http.sendResponseHeaders(status, json.length);
            http.getResponseBody().write(json);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "client went away: " + e.getMessage());
        }
    }

    private void files(HttpExchange http) {
        try (http) {
            if (!hostAllowed(http)) {
                reply(http, 403, Json.error("FORBIDDEN_HOST", "requests must name this Studio's own host"));
                return;
            }
            if (!"GET".equals(http.getRequestMethod()) && !"HEAD".equals(http.getRequestMethod())) {
                reply(http, 405, Json.error("METHOD_NOT_ALLOWED", "static files are GET only"));
                return;
            }
            String path = http.getRequestURI().getPath();
            if (path.equals("/")) {
                path = "/index.html";
            }
            if (path.contains("..") || path.contains("//") || !path.matches("/[A-Za-z0-9._/-]+")) {
                reply(http, 404, Json.error("NOT_FOUND", "no file " + path));
                return;
            }
            byte[] bytes;
            try (InputStream in = StudioServer.class.getResourceAsStream("web" + path)) {
                if (in == null) {
                    reply(http, 404, Json.error("NOT_FOUND", "no file " + path));
                    return;
                }
                bytes = in.readAllBytes();
            }
            http.getResponseHeaders().set("Content-Type", contentType(path));
            http.getResponseHeaders().set("Content-Security-Policy", CSP);
            http.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            http.getResponseHeaders().set("Referrer-Policy", "no-referrer");
            http.getResponseHeaders().set("Cache-Control", path.startsWith("/lib/") ? "max-age=86400" : "no-cache");
            if ("HEAD".equals(http.getRequestMethod())) {
                http.sendResponseHeaders(200, -1);
                return;
            }
            http.sendResponseHeaders(200, bytes.length);
            http.getResponseBody().write(bytes);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "client went away: " + e.getMessage());
        }
    }

    private static String contentType(String path) {
        if (path.endsWith(".html")) {
            return "text/html; charset=utf-8";
        } else if (path.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        } else if (path.endsWith(".css")) {
            return "text/css; charset=utf-8";
        } else if (path.endsWith(".svg")) {
            return "image/svg+xml";
        } else if (path.endsWith(".png")) {
            return "image/png";
        }
        return "application/octet-stream";
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        context.close(); // ends job streams first, so that stop() need not wait for them
        http.stop(0);
        executor.shutdownNow();
        stopped.countDown();
        LOG.log(System.Logger.Level.INFO, "Syna Studio stopped");
    }
}
