package io.qhtrack.core;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * One attempt, ready for the wire: endpoint, {@code App-Key}, {@code App-Sign} and the exact body bytes that were
 * signed. Made by {@link UploadClient#sign(Upload, Credentials)}. Holds no secret, so it may be printed (the CLI's
 * {@code --dry-run} does).
 *
 * <p>360's App-Sign (section 4.1, FAQ 5.7) is the 32-character lower-case hex md5 of the secret's UTF-8 bytes
 * followed directly by the exact bytes of the body: the body is serialised once, and those very bytes are signed
 * and sent, never a re-serialisation of them.
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
    static SignedUpload sign(URI endpoint, Upload upload, Credentials credentials, java.time.Instant requestTime) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (credentials.account() != upload.line().account()) {
            throw new IllegalArgumentException("credentials: " + credentials.account() + " cannot sign "
                    + upload.line().wireName() + " uploads (FAQ 5.1: lines must not be mixed)");
        }
        byte[] body = upload.body(requestTime);
        return new SignedUpload(endpoint, credentials.key(), appSign(credentials, body), body);
    }

    /** The App-Sign header value for {@code body} under {@code credentials}. */
    static String appSign(Credentials credentials, byte[] body) {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(body, "body");
        MessageDigest md5 = Md5.newDigest();
        credentials.updateWithSecret(md5);
        md5.update(body);
        return Md5.toHex(md5.digest());
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
