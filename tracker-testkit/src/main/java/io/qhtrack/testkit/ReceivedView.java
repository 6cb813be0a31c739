package io.qhtrack.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Fake360's HTTP view of what it received, on its own port: {@code GET /} (HTML) and {@code GET
 * /received.json}, newest first, the last {@link #LIMIT} only, every configured secret masked. These
 * requests are not uploads: they are not recorded, delayed or faulted. Any other method on these paths
 * goes to the rules (and gets 404, like any path but the endpoint's).
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

    private final URI endpoint;
    private final UnaryOperator<String> redactor;

    ReceivedView(URI endpoint, UnaryOperator<String> redactor) {
        this.endpoint = endpoint;
        this.redactor = redactor;
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
    HttpAnswer answer(HttpRequest request, List<Fake360.Received> all) {
        Counts counts = new Counts(all);
        List<Fake360.Received> newest = new ArrayList<>(all.subList(Math.max(0, all.size() - LIMIT), all.size()));
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

        Counts(List<Fake360.Received> all) {
            received = all.size();
            for (Fake360.Received each : all) {
                if (each.accepted()) {
                    accepted++;
                } else if (each.faultReplacedAnswer()) {
                    faulted++;
                } else {
                    rejected++;
                }
            }
        }
    }

    // ---------------------------------------------------------------- JSON

    private byte[] json(Counts counts, List<Fake360.Received> newest) {
        ObjectNode root = JSON.createObjectNode();
        root.put("endpoint", endpoint.toString());
        root.put("received", counts.received);
        root.put("accepted", counts.accepted);
        root.put("rejected", counts.rejected);
        root.put("faulted", counts.faulted);
        root.put("shown", newest.size());
        root.put("limit", LIMIT);
        ArrayNode list = root.putArray("uploads");
        for (Fake360.Received each : newest) {
            ObjectNode item = list.addObject();
            item.put("number", each.number());
            item.put("receivedAt", each.receivedAt().toString());
            item.put("verdict", masked(each.verdict()));
            item.put("reason", each.reason());
            item.put("accepted", each.accepted());
            item.put("duplicate", each.duplicate());
            item.put("httpStatus", each.httpStatus());
            item.put("errno", each.errno());
            item.put("error", each.error());
            item.put("fault", masked(each.fault()));
            item.put("method", each.method());
            item.put("path", each.path());
            item.put("appKey", masked(each.appKey()));
            item.put("dataIndustry", masked(each.dataIndustry()));
            item.put("event", masked(each.event()));
            item.put("clickId", masked(each.clickId()));
            item.put("transId", masked(each.transId()));
            item.put("remotePort", each.remotePort());
            item.put("bodyBytes", each.body().length);
            item.put("body", body(each));
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }

    // ---------------------------------------------------------------- HTML

    private String html(Counts counts, List<Fake360.Received> newest) {
        StringBuilder page = new StringBuilder(4096 + newest.size() * 1024)
                .append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Fake360: ").append(counts.received).append(" received</title>\n<style>")
                .append("body{font:14px system-ui,sans-serif;margin:1.5em}table{border-collapse:collapse;width:100%}")
                .append("th,td{border-bottom:1px solid #ddd;padding:.4em;text-align:left;vertical-align:top}")
                .append("pre{margin:0;white-space:pre-wrap;word-break:break-all;font-size:12px}")
                .append(".at{white-space:nowrap}.accepted{color:#17692b}.rejected{color:#b00020}.faulted{color:#a15c00}")
                .append("</style></head><body>\n<h1>Fake360</h1>\n<p>A strict local stand-in for 360's upload endpoint: ")
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
        for (Fake360.Received each : newest) {
            String css = each.accepted() ? "accepted" : each.faultReplacedAnswer() ? "faulted" : "rejected";
            page.append("<tr><td>").append(each.number())
                    .append("</td><td class=\"at\">").append(escape(each.receivedAt().toString()))
                    .append("</td><td class=\"").append(css).append("\">").append(escape(masked(each.verdict())))
                    .append("</td><td>").append(escape(each.reason()))
                    .append("</td><td>").append(escape(each.method())).append(' ').append(escape(each.path()))
                    .append("<br>").append(each.appKey() == null ? "no App-Key" : "App-Key " + escape(masked(each.appKey())));
            if (each.dataIndustry() != null) {
                page.append("<br>").append(escape(masked(each.dataIndustry())));
            }
            if (each.event() != null) {
                page.append("<br>").append(escape(masked(each.event())));
            }
            page.append("</td><td><pre>").append(escape(body(each))).append("</pre></td></tr>\n");
        }
        return page.append("</table>\n</body></html>\n").toString();
    }

    // ---------------------------------------------------------------- helpers

    private String body(Fake360.Received each) {
        return Fake360.Received.abbreviate(masked(each.bodyText()), BODY_LIMIT);
    }

    private String masked(String text) {
        return redactor.apply(text);
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
