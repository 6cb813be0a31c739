package io.qhtrack.spring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** A browser over real HTTP on loopback: its own cookie jar, a desktop User-Agent. */
final class Visitor {

    static final String DESKTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/126.0 Safari/537.36";

    private final URI base;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient client;

    Visitor(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
        this.client = HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    HttpResponse<String> post(String path, String... nameValuePairs) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            form.put(nameValuePairs[i], nameValuePairs[i + 1]);
        }
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> postJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** What qhtrack.js sends for a browser event: an empty POST of its own content type, from {@code origin}. */
    HttpResponse<String> beacon(String event, String pageView, String origin) {
        return send(request("/qhtrack/event?event=" + event + "&pv=" + pageView)
                .header("Content-Type", "application/x-qhtrack-event").header("Origin", origin)
                .header("Sec-Fetch-Site", origin.equals(base.toString()) ? "same-origin" : "cross-site")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** This site's origin, as a browser names it in {@code Origin}. */
    String origin() {
        return base.toString();
    }

    CookieManager cookies() {
        return cookies;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20)).header("User-Agent", DESKTOP);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
