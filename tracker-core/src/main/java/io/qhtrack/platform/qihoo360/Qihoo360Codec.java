package io.qhtrack.platform.qihoo360;

import io.qhtrack.core.Click;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.core.internal.Md5;
import io.qhtrack.core.spi.Codec;
import io.qhtrack.core.spi.CredentialSet;
import io.qhtrack.core.spi.HttpCall;
import io.qhtrack.core.spi.Line;
import io.qhtrack.core.spi.PlatformEvent;
import io.qhtrack.core.spi.PlatformUpload;
import io.qhtrack.core.spi.Prepared;
import io.qhtrack.core.spi.RequestContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * 360's codec. {@link #prepare} adapts a conversion to the click's line ({@link Upload}: sections 4.4 and 4.5) and
 * hands the {@link Upload} over as the payload's form: its stored JSON, the body without {@code request_time} (exactly
 * the JSON earlier versions kept in the outbox's {@code upload} column), is written only when a durable outbox asks
 * for it. {@link #encode} sends from that {@link Upload} when the stored upload still has it (an in-memory outbox),
 * checking it again ({@link Uploads#check}); from a row read back, it reads the stored JSON, checking it as strictly
 * as the protocol ({@link StoredUploads}). Either way it sends
 * {@code {"data":{"request_time":…,…}}} with {@code App-Key} and {@code App-Sign}: the lower-case hex md5 of the
 * secret's UTF-8 bytes followed directly by the exact bytes of the body (section 4.1, FAQ 5.7) — the body is written
 * once, and those very bytes are signed and sent. One conversion per request. Immutable.
 */
final class Qihoo360Codec implements Codec {

    /** The content type 360's document gives (section 4.2). */
    static final String CONTENT_TYPE = "application/json;charset=utf-8";
    /** How every stored upload written by {@link Upload#toStorageJson()} begins. */
    private static final String STORED_PREFIX = "{\"data\":{";
    private static final byte[] BODY_PREFIX = "{\"data\":{\"request_time\":".getBytes(StandardCharsets.US_ASCII);

    private final URI endpoint;

    Qihoo360Codec(URI endpoint) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    URI endpoint() {
        return endpoint;
    }

    /**
     * The upload of {@code conversion} for a 360 {@code click}: {@code INVALID} without a {@code trans_id} where the
     * line requires it, or (display) without {@code jzqs} in the credentials; the conversion's parameters the line does
     * not take for the event are left out, and named.
     */
    @Override
    public Prepared prepare(Click click, Conversion conversion, PlatformEvent event, CredentialSet credentials,
            Instant now) {
        if (!Qihoo360.ID.equals(click.platform())) {
            return Prepared.rejected(TrackOutcome.Status.INVALID, "a " + click.platform() + " click cannot be "
                    + "reported to 360");
        }
        Optional<Qihoo360Line> line = Qihoo360Line.find(click.lineId());
        Optional<Qihoo360Events> e = Qihoo360Events.find(event.wireName());
        if (!line.isPresent() || !e.isPresent()) {
            return Prepared.rejected(TrackOutcome.Status.INVALID, "no 360 line '" + click.lineId() + "' or event '"
                    + event.wireName() + "'");
        }
        Uploads.Adapted a = Uploads.adapt(line.get(), e.get(), click.id(), conversion, credentials, now);
        if (a.upload == null) {
            return Prepared.rejected(a.rejection, a.message);
        }
        Upload u = a.upload;
        Set<String> leftOut = a.leftOut.isEmpty() ? Collections.<String>emptySet() : new LinkedHashSet<String>();
        for (EventParam p : a.leftOut) {
            leftOut.add(p.key());
        }
        PlatformUpload upload = PlatformUpload.builder(Qihoo360.ID, click.id()).tenant(click.tenant())
                .line(line.get().line().id()).event(u.eventWireName()).conversionKey(u.transId().orElse(null))
                .eventTime(Instant.ofEpochSecond(u.eventTime())).origin(conversion.origin())
                .payload(u, Upload::toStorageJson).build();
        return Prepared.ready(upload, leftOut);
    }

    /** {@code trans_id}: always on display, and for {@code SUBMIT} and {@code ORDER} on the other lines. */
    @Override
    public boolean requiresConversionKey(Line line, PlatformEvent event) {
        Optional<Qihoo360Line> l = Qihoo360Line.find(line.id());
        Optional<Qihoo360Events> e = Qihoo360Events.find(event.wireName());
        return l.isPresent() && e.isPresent() && l.get().requiresTransId(e.get());
    }

    /**
     * The {@code POST} of one upload: from its {@link Upload} when it has one (checked again, not serialised and read
     * back), otherwise from its stored JSON, read and checked.
     *
     * @throws IllegalArgumentException when the batch is not one 360 upload, the stored upload breaks a rule (naming
     *     the field), or the credentials lack the key or secret
     */
    @Override
    public HttpCall encode(List<PlatformUpload> batch, CredentialSet credentials, RequestContext context) {
        if (batch.size() != 1) {
            throw new IllegalArgumentException("a 360 request carries one conversion, not " + batch.size());
        }
        PlatformUpload stored = batch.get(0);
        if (!Qihoo360.ID.equals(stored.platform())) {
            throw new IllegalArgumentException(stored + " is not 360's");
        }
        Optional<Upload> form = stored.form(Upload.class);
        Upload upload;
        if (form.isPresent()) {
            upload = form.get();
            Uploads.check(upload);
        } else {
            upload = StoredUploads.read(stored.payload());
        }
        String key = credentials.value(Qihoo360Settings.KEY).orElseThrow(() -> new IllegalArgumentException(
                "the credentials have no App-Key ('" + Qihoo360Settings.KEY + "')"));
        String secret = credentials.secret(Qihoo360Settings.SECRET).orElseThrow(() -> new IllegalArgumentException(
                "the credentials have no secret ('" + Qihoo360Settings.SECRET + "')"));
        byte[] body = form.isPresent() ? upload.body(context.now()) : body(stored.payload(), upload, context.now());
        return call(endpoint, key, appSign(secret, body), body);
    }

    /**
     * The body for an attempt at {@code requestTime}: {@code request_time} first, then the stored members as they
     * are (the bytes {@link Upload#body(Instant)} writes, without writing them again), or written anew when the stored
     * JSON does not begin as {@link Upload#toStorageJson()} writes it.
     */
    static byte[] body(String payload, Upload upload, Instant requestTime) {
        if (!payload.startsWith(STORED_PREFIX)) {
            return upload.body(requestTime);
        }
        byte[] time = Long.toString(requestTime.getEpochSecond()).getBytes(StandardCharsets.US_ASCII);
        byte[] rest = payload.substring(STORED_PREFIX.length()).getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[BODY_PREFIX.length + time.length + 1 + rest.length];
        System.arraycopy(BODY_PREFIX, 0, body, 0, BODY_PREFIX.length);
        System.arraycopy(time, 0, body, BODY_PREFIX.length, time.length);
        body[BODY_PREFIX.length + time.length] = ',';
        System.arraycopy(rest, 0, body, BODY_PREFIX.length + time.length + 1, rest.length);
        return body;
    }

    /** The App-Sign of {@code body}: md5 of the secret's UTF-8 bytes, then the body's, as lower-case hex. */
    static String appSign(String secret, byte[] body) {
        MessageDigest md5 = Md5.newDigest();
        md5.update(secret.getBytes(StandardCharsets.UTF_8));
        md5.update(body);
        return Md5.toHex(md5.digest());
    }

    /** The request: the body with its key, signature, content type and {@code Accept}. */
    static HttpCall call(URI endpoint, String key, String appSign, byte[] body) {
        return HttpCall.post(endpoint, body).header("Content-Type", CONTENT_TYPE).header("Accept", "application/json")
                .header("App-Key", key).header("App-Sign", appSign).build();
    }

    @Override
    public String toString() {
        return "Qihoo360Codec[" + endpoint + "]";
    }
}
