package io.qhtrack.filter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * An HTTP client for one site that carries cookies from one request to the next like a browser and never follows a
 * redirect; {@link #uri} says where a path goes. Headers are given as name, value, name, value …
 */
abstract class CookieCarryingClient {

    final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** The absolute URI of {@code pathAndQuery} on the site. */
    abstract URI uri(String pathAndQuery);

    HttpResponse<String> get(String pathAndQuery, String... headers) {
        return send(request(pathAndQuery, headers).GET().build());
    }

    HttpResponse<String> post(String pathAndQuery, byte[] body, String... headers) {
        return send(request(pathAndQuery, headers).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    HttpRequest.Builder request(String pathAndQuery, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    HttpResponse<String> send(HttpRequest request) {
        return exchange(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<byte[]> sendBytes(HttpRequest request) {
        return exchange(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** What the application's {@code /page} answers, cookies carried: {@code click=<line>:<id>} or {@code click=none}. */
    String click() {
        return get("/page").body();
    }

    /** What the application's {@code /clicks} answers, cookies carried: every click, one a line, with its landing URL. */
    String clicks() {
        return get("/clicks").body();
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
