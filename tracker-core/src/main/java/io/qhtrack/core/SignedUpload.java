package io.qhtrack.core;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One attempt, ready for the wire: endpoint, {@code App-Key}, {@code App-Sign} and the exact body bytes that were
 * signed. Holds no secret, so it may be printed (the CLI's {@code --dry-run} does).
 */
public final class SignedUpload {

    /** The content type 360's document gives (section 4.2). */
    public static final String CONTENT_TYPE = "application/json;charset=utf-8";

    private final URI endpoint;
    private final String appKey;
    private final String appSign;
    private final byte[] body;

    private SignedUpload(URI endpoint, String appKey, String appSign, byte[] body) {
        this.endpoint = endpoint;
        this.appKey = appKey;
        this.appSign = appSign;
        this.body = body;
    }

    /** Serialises {@code upload} for an attempt at {@code requestTime} and signs exactly those bytes. */
    public static SignedUpload sign(URI endpoint, Upload upload, Credentials credentials, java.time.Instant requestTime) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (credentials.account() != upload.line().account()) {
            throw new IllegalArgumentException("credentials: " + credentials.account() + " cannot sign "
                    + upload.line().wireName() + " uploads (FAQ 5.1: lines must not be mixed)");
        }
        byte[] body = upload.body(requestTime);
        return new SignedUpload(endpoint, credentials.key(), Signer.appSign(credentials, body), body);
    }

    /** Where it goes. */
    public URI endpoint() {
        return endpoint;
    }

    /** The {@code App-Key} header. */
    public String appKey() {
        return appKey;
    }

    /** The {@code App-Sign} header. */
    public String appSign() {
        return appSign;
    }

    /** A copy of the body bytes. */
    public byte[] body() {
        return body.clone();
    }

    /** The body as text (UTF-8). */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    byte[] bodyUnsafe() {
        return body;
    }

    /** The request as it goes on the wire: request line, headers and body. */
    public String describe() {
        return "POST " + endpoint + "\n"
                + "App-Key: " + appKey + "\n"
                + "App-Sign: " + appSign + "\n"
                + "Content-Type: " + CONTENT_TYPE + "\n"
                + "\n"
                + bodyText();
    }

    @Override
    public String toString() {
        return "SignedUpload[" + endpoint + ", App-Key=" + appKey + ", App-Sign=" + appSign + ", " + bodyText() + "]";
    }
}
