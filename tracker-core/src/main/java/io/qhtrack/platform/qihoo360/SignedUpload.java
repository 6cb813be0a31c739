package io.qhtrack.platform.qihoo360;

import io.qhtrack.core.Credentials;
import io.qhtrack.core.spi.HttpCall;
import io.qhtrack.core.spi.RequestContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * One attempt, ready for the wire: endpoint, {@code App-Key}, {@code App-Sign} and the exact body bytes that were
 * signed. Made by {@link UploadClient#sign(Upload, Credentials)}, with the very code the tracker's dispatcher runs
 * (360's codec). Holds no secret, so it may be printed.
 *
 * <p>360's App-Sign (section 4.1, FAQ 5.7) is the 32-character lower-case hex md5 of the secret's UTF-8 bytes
 * followed directly by the exact bytes of the body: the body is serialised once, and those very bytes are signed
 * and sent, never a re-serialisation of them.
 */
public final class SignedUpload {

    /** The content type 360's document gives (section 4.2). */
    public static final String CONTENT_TYPE = Qihoo360Codec.CONTENT_TYPE;

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
    static SignedUpload sign(URI endpoint, Upload upload, Credentials credentials, Instant requestTime) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (credentials.account() != upload.line().account()) {
            throw new IllegalArgumentException("credentials: " + credentials.account() + " cannot sign "
                    + upload.qihoo360Line().wireName() + " uploads (FAQ 5.1: lines must not be mixed)");
        }
        // the bytes the codec sends for the stored form of this upload (Qihoo360Codec.body), written directly: a
        // by-hand upload has no stored form to read back
        byte[] body = upload.body(requestTime);
        return new SignedUpload(endpoint, credentials.key(), appSign(credentials, body), body);
    }

    /** The App-Sign header value for {@code body} under {@code credentials}. */
    static String appSign(Credentials credentials, byte[] body) {
        return Qihoo360Codec.appSign(credentials.toCredentialSet().secret(Qihoo360Settings.SECRET).orElseThrow(
                IllegalStateException::new), body);
    }

    /** A request context at {@code time}; 360's requests need no nonce. */
    static RequestContext at(Instant time) {
        return new RequestContext() {
            @Override
            public Instant now() {
                return time;
            }

            @Override
            public String nonce() {
                throw new UnsupportedOperationException("360's requests carry no nonce");
            }
        };
    }

    /** The request to send. */
    HttpCall call() {
        return Qihoo360Codec.call(endpoint, appKey, appSign, body);
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
