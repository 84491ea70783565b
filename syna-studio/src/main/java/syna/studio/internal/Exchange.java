package syna.studio.internal;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * One API request: its path parameters, query parameters and body, and the response helpers. Not
 * thread-safe; one per request.
 */
final class Exchange {
    static final int MAX_PAGE = 1_000;

    private final HttpExchange http;
    private final Map<String, String> path;
    private final Map<String, String> query;
    private Map<String, String> body;

    Exchange(HttpExchange http, Map<String, String> path) {
        this.http = http;
        this.path = path;
        this.query = parseQuery(http.getRequestURI().getRawQuery());
    }

    HttpExchange http() {
        return http;
    }

    /** A path parameter ({@code {name}} in the route). */
    String path(String name) {
        return path.get(name);
    }

    /** A query parameter or a member of the JSON body, or {@code fallback}. */
    String param(String name, String fallback) {
        String v = query.get(name);
        if (v == null) {
            v = body().get(name);
        }
        return v == null ? fallback : v;
    }

    /** A required parameter; 400 when missing or empty. */
    String required(String name) {
        String v = param(name, null);
        if (v == null || v.isEmpty()) {
            throw ApiException.badRequest("missing parameter '" + name + "'");
        }
        return v;
    }

    /** An integer parameter within {@code [min, max]}, or {@code fallback}. */
    long longParam(String name, long fallback, long min, long max) {
        String v = param(name, null);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        long n;
        try {
            n = Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("parameter '" + name + "' must be an integer, got '" + v + "'");
        }
        if (n < min || n > max) {
            throw ApiException.badRequest("parameter '" + name + "' must be in " + min + ".." + max + ", got " + n);
        }
        return n;
    }

    int intParam(String name, int fallback, int min, int max) {
        return (int) longParam(name, fallback, min, max);
    }

    /** The page of a list: {@code offset} (0..) and {@code limit} (1..{@value #MAX_PAGE}, default 50). */
    Page page() {
        return new Page(intParam("offset", 0, 0, Integer.MAX_VALUE), intParam("limit", 50, 1, MAX_PAGE));
    }

    /** The JSON body as a flat object (empty when there is none). */
    Map<String, String> body() {
        if (body == null) {
            if ("GET".equals(http.getRequestMethod())) {
                body = Map.of();
            } else {
                try (InputStream in = http.getRequestBody()) {
                    body = Json.flatObject(in.readNBytes(64 * 1024 + 1));
                } catch (IOException e) {
                    throw ApiException.badRequest("cannot read the request body: " + e.getMessage());
                }
            }
        }
        return body;
    }

    /** Sends {@code status} with {@code json}. */
    void json(int status, byte[] json) throws IOException {
        send(status, "application/json; charset=utf-8", json);
    }

    /** Sends 200 with the JSON {@code body} writes. */
    void json(Json.Body body) throws IOException {
        json(200, Json.bytes(body));
    }

    void send(int status, String contentType, byte[] bytes) throws IOException {
        http.getResponseHeaders().set("Content-Type", contentType);
        http.getResponseHeaders().set("Cache-Control", "no-store");
        http.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = http.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                m.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("malformed query parameter '" + k + "'");
            }
        }
        return m;
    }

    /** A page of a list. */
    record Page(int offset, int limit) {
        /** The end index of this page in a list of {@code size}. */
        int end(int size) {
            return (int) Math.min(size, (long) offset + limit);
        }
    }
}
