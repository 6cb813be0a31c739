package io.qhtrack.testkit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request as {@link ReceivedView} shows it: made by the fake from its record, every secret already masked
 * and the body already shortened. An immutable value.
 */
final class ViewRow {
    /** How the view counts a request. */
    enum Category { ACCEPTED, REJECTED, FAULTED }

    private final long number;
    private final String receivedAt;
    private final Category category;
    private final String verdict;
    private final String reason;
    private final List<String> request;
    private final String body;
    private final Map<String, Object> json;

    /**
     * @param number the request's number
     * @param receivedAt its arrival time, as text
     * @param category how the view counts it
     * @param verdict the answer in a few words, masked
     * @param reason which rule decided, masked
     * @param request lines describing the request (method and path first), masked
     * @param body the body as shown, masked and shortened
     * @param json the request's entry of {@code received.json}, in field order, masked
     */
    ViewRow(long number, String receivedAt, Category category, String verdict, String reason, List<String> request,
            String body, Map<String, Object> json) {
        this.number = number;
        this.receivedAt = receivedAt;
        this.category = category;
        this.verdict = verdict;
        this.reason = reason;
        this.request = Collections.unmodifiableList(request);
        this.body = body;
        this.json = Collections.unmodifiableMap(new LinkedHashMap<>(json));
    }

    long number() {
        return number;
    }

    String receivedAt() {
        return receivedAt;
    }

    Category category() {
        return category;
    }

    String verdict() {
        return verdict;
    }

    String reason() {
        return reason;
    }

    List<String> request() {
        return request;
    }

    String body() {
        return body;
    }

    Map<String, Object> json() {
        return json;
    }
}
