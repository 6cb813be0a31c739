package io.qhtrack.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One visitor over HTTP from 127.0.0.1: a desktop browser's User-Agent (so a {@code qhclickid} is PC search) and a
 * cookie jar of its own. Forms are posted as a browser posts them: {@code application/x-www-form-urlencoded} with no
 * charset, the UTF-8 bytes percent-encoded.
 */
final class Visitor {

    static final String DESKTOP = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/126.0.0.0 Safari/537.36";
    /** How long one request may take: a shop that hangs fails the test, it does not hang it. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    Visitor(URI base) {
        this.base = base;
    }

    HttpResponse<String> get(String pathAndQuery) throws IOException {
        return send(request(pathAndQuery).GET().build());
    }

    /** A form post with no charset in its content type; {@code fields} are name, value, name, value … */
    HttpResponse<String> post(String path, String... fields) throws IOException {
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields))).build());
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(REQUEST_TIMEOUT)
                .header("User-Agent", DESKTOP).header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String form(String... fields) {
        return IntStream.iterate(0, i -> i < fields.length, i -> i + 2)
                .mapToObj(i -> URLEncoder.encode(fields[i], StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** A fresh click id of {@code n} digits, as 360 appends to a landing URL. */
    static String clickId(int n) {
        StringBuilder id = new StringBuilder().append(1 + ThreadLocalRandom.current().nextInt(9));
        while (id.length() < n) {
            id.append(ThreadLocalRandom.current().nextInt(10));
        }
        return id.toString();
    }

    /** Unchecked, for lambdas. */
    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
