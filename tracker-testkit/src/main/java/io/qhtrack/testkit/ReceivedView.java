package io.qhtrack.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A fake's HTTP view of what it received, on its own port: {@code GET /} (HTML) and {@code GET
 * /received.json}, newest first, the last {@link #LIMIT} only, every secret masked (by the fake, in its
 * {@link ViewRow}s). These requests are not uploads: they are not recorded, delayed or faulted. Any other
 * method on these paths goes to the rules (and gets the platform's answer for a wrong path).
 */
final class ReceivedView {
    /** The HTML page. */
    static final String PAGE_PATH = "/";

    /** The same data as JSON. */
    static final String JSON_PATH = "/received.json";

    /** How many requests the view shows at most, the newest. */
    static final int LIMIT = 100;

    /** How many characters of a body the view shows at most. */
    static final int BODY_LIMIT = 4000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Platform platform;
    private final URI endpoint;

    ReceivedView(Platform platform, URI endpoint) {
        this.platform = platform;
        this.endpoint = endpoint;
    }

    /** Whether the request asks for the view: GET or HEAD on one of its paths. */
    static boolean wants(HttpRequest request) {
        boolean read = request.method().equals("GET") || request.method().equals("HEAD");
        return read && (request.path().equals(PAGE_PATH) || request.path().equals(JSON_PATH));
    }

    /**
     * The page or the JSON for the request, from a snapshot of everything received in arrival order.
     *
     * @param all everything received since the last clear, oldest first
     */
    HttpAnswer answer(HttpRequest request, List<ViewRow> all) {
        Counts counts = new Counts(all);
        List<ViewRow> newest = new ArrayList<>(all.subList(Math.max(0, all.size() - LIMIT), all.size()));
        Collections.reverse(newest);
        HttpAnswer answer = request.path().equals(JSON_PATH)
                ? HttpAnswer.respond(200, HttpAnswer.JSON, json(counts, newest))
                : HttpAnswer.respond(200, HttpAnswer.HTML, html(counts, newest));
        return answer.withHeader("Cache-Control", "no-store")
                .withHeader("X-Content-Type-Options", "nosniff")
                .withHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
    }

    /** How many were received, accepted, rejected and answered by a fault. */
    private static final class Counts {
        final int received;
        int accepted;
        int rejected;
        int faulted;

        Counts(List<ViewRow> all) {
            received = all.size();
            for (ViewRow each : all) {
                switch (each.category()) {
                    case ACCEPTED:
                        accepted++;
                        break;
                    case FAULTED:
                        faulted++;
                        break;
                    default:
                        rejected++;
                }
            }
        }
    }

    // ---------------------------------------------------------------- JSON

    private byte[] json(Counts counts, List<ViewRow> newest) {
        ObjectNode root = JSON.createObjectNode();
        root.put("endpoint", endpoint.toString());
        root.put("received", counts.received);
        root.put("accepted", counts.accepted);
        root.put("rejected", counts.rejected);
        root.put("faulted", counts.faulted);
        root.put("shown", newest.size());
        root.put("limit", LIMIT);
        ArrayNode list = root.putArray("uploads");
        for (ViewRow each : newest) {
            list.add(JSON.<ObjectNode>valueToTree(each.json()));
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }

    // ---------------------------------------------------------------- HTML

    private String html(Counts counts, List<ViewRow> newest) {
        String name = platform.fakeName();
        StringBuilder page = new StringBuilder(4096 + newest.size() * 1024)
                .append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>").append(name).append(": ").append(counts.received).append(" received</title>\n<style>")
                .append("body{font:14px system-ui,sans-serif;margin:1.5em}table{border-collapse:collapse;width:100%}")
                .append("th,td{border-bottom:1px solid #ddd;padding:.4em;text-align:left;vertical-align:top}")
                .append("pre{margin:0;white-space:pre-wrap;word-break:break-all;font-size:12px}")
                .append(".at{white-space:nowrap}.accepted{color:#17692b}.rejected{color:#b00020}.faulted{color:#a15c00}")
                .append("</style></head><body>\n<h1>").append(name).append("</h1>\n<p>A strict local stand-in for ")
                .append(escape(platform.endpointName())).append(": ")
                .append("<code>POST ").append(escape(endpoint.toString())).append("</code>. ")
                .append(counts.received).append(" received since start or clear: <span class=\"accepted\">")
                .append(counts.accepted).append(" accepted</span>, <span class=\"rejected\">").append(counts.rejected)
                .append(" rejected</span>, <span class=\"faulted\">").append(counts.faulted)
                .append(" answered by a fault</span>. Newest first");
        if (newest.size() < counts.received) {
            page.append(", the last ").append(newest.size()).append(" only");
        }
        page.append(". Secrets are masked. As JSON: <a href=\"").append(JSON_PATH.substring(1)).append("\">")
                .append(JSON_PATH).append("</a>.</p>\n");
        if (newest.isEmpty()) {
            return page.append("<p>Nothing received yet.</p>\n</body></html>\n").toString();
        }
        page.append("<table>\n<tr><th>#</th><th>received at</th><th>verdict</th><th>reason</th><th>request</th>")
                .append("<th>body</th></tr>\n");
        for (ViewRow each : newest) {
            String css = each.category() == ViewRow.Category.ACCEPTED ? "accepted"
                    : each.category() == ViewRow.Category.FAULTED ? "faulted" : "rejected";
            page.append("<tr><td>").append(each.number())
                    .append("</td><td class=\"at\">").append(escape(each.receivedAt()))
                    .append("</td><td class=\"").append(css).append("\">").append(escape(each.verdict()))
                    .append("</td><td>").append(escape(each.reason()))
                    .append("</td><td>").append(escape(String.join("\n", each.request())).replace("\n", "<br>"))
                    .append("</td><td><pre>").append(escape(each.body())).append("</pre></td></tr>\n");
        }
        return page.append("</table>\n</body></html>\n").toString();
    }

    // ---------------------------------------------------------------- helpers

    /** The body as the view shows it: masked, at most {@link #BODY_LIMIT} characters. */
    static String shownBody(String maskedBody) {
        return abbreviate(maskedBody, BODY_LIMIT);
    }

    /** The text, cut at {@code limit} characters with a note of how many were left out. */
    static String abbreviate(String text, int limit) {
        return text.length() <= limit ? text : text.substring(0, limit) + "…(" + (text.length() - limit)
                + " more chars)";
    }

    /** The text with {@code & < > " '} replaced by character references, safe in elements and attributes. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&': escaped.append("&amp;"); break;
                case '<': escaped.append("&lt;"); break;
                case '>': escaped.append("&gt;"); break;
                case '"': escaped.append("&quot;"); break;
                case '\'': escaped.append("&#39;"); break;
                default: escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
