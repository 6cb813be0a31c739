package io.qhtrack.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * What every fake records of a request, whatever its platform: its number and arrival, the request line,
 * {@code Content-Type} and body, the HTTP status sent and the fault applied. Each fake's {@code Received} adds
 * its platform's fields and verdict. Immutable.
 */
abstract class RecordedRequest {
    private final long number;
    private final Instant receivedAt;
    private final String method;
    private final String path;
    private final String contentType;
    private final byte[] body;
    private final JsonNode json;
    private final Integer httpStatus;
    private final String fault;
    private final boolean faultReplacedAnswer;
    private final int remotePort;

    /**
     * @param json the body parsed leniently, or null
     * @param answer what was sent
     * @param fault the fault applied, or null
     * @param faultReplacedAnswer whether the fault answered instead of the rules
     */
    RecordedRequest(long number, Instant receivedAt, HttpRequest request, JsonNode json, HttpAnswer answer,
            Fault fault, boolean faultReplacedAnswer) {
        this.number = number;
        this.receivedAt = receivedAt;
        this.method = request.method();
        this.path = request.path();
        this.contentType = request.headers().first("Content-Type");
        this.body = request.body().clone();
        this.json = json;
        this.httpStatus = answer.dropsConnection() ? null : answer.status();
        this.fault = fault == null ? null : fault.toString();
        this.faultReplacedAnswer = faultReplacedAnswer;
        this.remotePort = request.remotePort();
    }

    /** The reason of a request a fault answered instead of the rules. */
    static String faultReason(Fault fault, String rulesReason) {
        return "fault " + fault + " answered instead of the rules, which said: " + rulesReason;
    }

    /** Whether a fault answered instead of the rules (so the request is neither accepted nor rejected). */
    boolean faultReplacedAnswer() {
        return faultReplacedAnswer;
    }

    /** How the view counts a request: accepted, answered by a fault, or rejected. */
    ViewRow.Category category(boolean accepted) {
        return accepted ? ViewRow.Category.ACCEPTED
                : faultReplacedAnswer ? ViewRow.Category.FAULTED : ViewRow.Category.REJECTED;
    }

    /**
     * The one-line summary of {@code toString()}: {@code NAME#N[verdict: reason, after fault, METHOD target
     * details, port=P, at T, body=…]}, the reason only when not accepted.
     */
    String summarize(String name, String verdict, boolean accepted, String reason, String target, String details) {
        StringBuilder text = new StringBuilder(name).append('#').append(number).append('[').append(verdict);
        if (!accepted && !faultReplacedAnswer) {
            text.append(": ").append(reason);
        }
        if (fault != null && !faultReplacedAnswer) {
            text.append(", after ").append(fault);
        }
        return text.append(", ").append(method).append(' ').append(target).append(details)
                .append(", port=").append(remotePort)
                .append(", at ").append(receivedAt)
                .append(", body=").append(ReceivedView.abbreviate(bodyText(), 1000))
                .append(']').toString();
    }

    /**
     * The request's number: 1 for the first one the fake received, counting on across its {@code clear()};
     * {@code toString()} starts with {@code Upload#} (Fake360) or {@code Request#} and this number.
     *
     * @return the number
     */
    public long number() {
        return number;
    }

    /**
     * When the request arrived, by the fake's clock.
     *
     * @return the arrival time
     */
    public Instant receivedAt() {
        return receivedAt;
    }

    /**
     * The request method, e.g. {@code POST}.
     *
     * @return the method
     */
    public String method() {
        return method;
    }

    /**
     * The request path, without query, e.g. {@code /uploadWebConvert}.
     *
     * @return the path
     */
    public String path() {
        return path;
    }

    /**
     * The {@code Content-Type} header, or null if absent.
     *
     * @return the header's value
     */
    public String contentType() {
        return contentType;
    }

    /**
     * The exact body bytes received (a copy), secrets included.
     *
     * @return the bytes
     */
    public byte[] body() {
        return body.clone();
    }

    /**
     * The body decoded as UTF-8 (malformed bytes replaced), secrets included: mask them before printing it.
     *
     * @return the text
     */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The body parsed as JSON (a copy, free to modify), or null if it is not JSON.
     *
     * @return the JSON
     */
    public JsonNode json() {
        return json == null ? null : json.deepCopy();
    }

    /** The body parsed as JSON, not a copy: for the subclasses' fields. */
    JsonNode parsed() {
        return json;
    }

    /**
     * The HTTP status sent: 200 for every answer of the platform's rules, 404/405 where the platform answers so,
     * or a fault's; null when the connection was dropped without an answer.
     *
     * @return the status
     */
    public Integer httpStatus() {
        return httpStatus;
    }

    /**
     * The fault applied, as {@link Fault#toString()} names it, or null.
     *
     * @return the fault's name
     */
    public String fault() {
        return fault;
    }

    /**
     * The client's TCP source port: equal for requests sent over one kept-alive connection.
     *
     * @return the port
     */
    public int remotePort() {
        return remotePort;
    }
}
