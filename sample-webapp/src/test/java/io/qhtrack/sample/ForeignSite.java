package io.qhtrack.sample;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Another site, for the browser tests: a real HTTP server on loopback (JDK's own), on another port than the sample
 * and so another origin, that answers every GET with a page linking to the sample. Its page asks the browser to send
 * its full URL as the {@code Referer} ({@code referrerpolicy="unsafe-url"}), click id and all, as a hostile or careless
 * site could.
 */
final class ForeignSite implements AutoCloseable {

    private final HttpServer server;

    private ForeignSite(HttpServer server) {
        this.server = server;
    }

    /** Serves pages that link to {@code ?to=} URL given in their own query string. */
    static ForeignSite start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            String to = query == null ? "" : query.replaceAll(".*(^|&)to=([^&]*).*", "$2");
            String target = java.net.URLDecoder.decode(to, StandardCharsets.UTF_8);
            byte[] page = ("<!doctype html><html><head><meta charset=\"utf-8\"><title>foreign</title></head><body>"
                    + "<a id=\"go\" referrerpolicy=\"unsafe-url\" href=\"" + Html.esc(target) + "\">go</a>"
                    + "</body></html>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html;charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        });
        server.start();
        return new ForeignSite(server);
    }

    /** {@code http://localhost:port}: another origin than the sample's {@code http://127.0.0.1:…}. */
    String origin() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
