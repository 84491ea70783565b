package syna.studio.internal;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The API's routes: a method, a path pattern with {@code {name}} segments, whether it changes data
 * (and so needs the token), and its handler. Thread-safe after the routes are added.
 */
final class Router {
    /** Handles one request. */
    @FunctionalInterface
    interface Handler {
        void handle(Exchange x) throws IOException;
    }

    record Route(String method, String[] segments, boolean mutating, Handler handler) {}

    /** What matched a request: the route and its path parameters. */
    record Match(Route route, Map<String, String> params) {}

    private final List<Route> routes = new ArrayList<>();

    /** A read-only route. */
    void get(String pattern, Handler h) {
        routes.add(new Route("GET", split(pattern), false, h));
    }

    /** A route that changes data or starts work: requires the token. */
    void post(String pattern, Handler h) {
        routes.add(new Route("POST", split(pattern), true, h));
    }

    /**
     * The route for {@code method} and {@code rawPath}.
     *
     * @throws ApiException 404 when no pattern matches, 405 when only other methods do
     */
    Match match(String method, String rawPath) {
        String[] parts = split(rawPath);
        boolean otherMethod = false;
        for (Route r : routes) {
            Map<String, String> params = matchPath(r.segments(), parts);
            if (params == null) {
                continue;
            }
            if (!r.method().equals(method)) {
                otherMethod = true;
                continue;
            }
            return new Match(r, params);
        }
        if (otherMethod) {
            throw new ApiException(405, "METHOD_NOT_ALLOWED", method + " is not allowed on " + rawPath);
        }
        throw ApiException.notFound("no API at " + rawPath);
    }

    private static Map<String, String> matchPath(String[] pattern, String[] parts) {
        if (pattern.length != parts.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{")) {
                try {
                    params.put(p.substring(1, p.length() - 1), URLDecoder.decode(parts[i].replace("+", "%2B"), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest("malformed path segment '" + parts[i] + "'");
                }
            } else if (!p.equals(parts[i])) {
                return null;
            }
        }
        return params;
    }

    private static String[] split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? new String[0] : p.split("/", -1);
    }
}
