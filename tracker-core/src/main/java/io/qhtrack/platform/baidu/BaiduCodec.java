package io.qhtrack.platform.baidu;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qhtrack.core.Click;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.core.spi.Codec;
import io.qhtrack.core.spi.CredentialSet;
import io.qhtrack.core.spi.HttpCall;
import io.qhtrack.core.spi.Line;
import io.qhtrack.core.spi.PlatformEvent;
import io.qhtrack.core.spi.PlatformUpload;
import io.qhtrack.core.spi.Prepared;
import io.qhtrack.core.spi.RequestContext;
import io.qhtrack.core.internal.Printable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Baidu's codec. {@link #prepare} checks a conversion against Baidu's rules and stores the exact item
 * ({@link BaiduItem}) as the payload; {@link #encode} reads each stored item back, checks it again, and writes
 * {@code {"token":…,"conversionTypes":[…]}}: the token is the only part of the request that is not stored, and
 * {@link HttpCall#describe()} shows it as {@code ******}. Immutable.
 */
final class BaiduCodec implements Codec {

    /** The name of the token in a Baidu {@link CredentialSet}. */
    static final String TOKEN = "token";
    /** What {@link HttpCall#describe()} shows instead of the token. */
    static final String REDACTED = "******";
    /** The request's content type: JSON, UTF-8. */
    static final String CONTENT_TYPE = "application/json;charset=utf-8";

    private final URI endpoint;
    private final int maxBatch;

    BaiduCodec(URI endpoint, int maxBatch) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.maxBatch = maxBatch;
    }

    URI endpoint() {
        return endpoint;
    }

    /**
     * The upload of {@code conversion} for a Baidu {@code click}, or {@code INVALID} naming what Baidu would not take:
     * the click's landing URL ({@code logidUrl}, with its {@code bd_vid}), the conversion key ({@code outerEventId},
     * at most 255 bytes; sent when the conversion has one, required for lead forms, orders and payments), an amount on a type that takes none, times and amounts beyond Baidu's ints. The conversion's
     * fields Baidu has no place for are left out, and named.
     */
    @Override
    public Prepared prepare(Click click, Conversion conversion, PlatformEvent event, CredentialSet credentials,
            Instant now) {
        if (!Baidu.ID.equals(click.platform())) {
            return invalid("a " + click.platform() + " click cannot be reported to Baidu");
        }
        if (!Line.DEFAULT_ID.equals(click.lineId())) {
            return invalid("Baidu has one line, '" + Line.DEFAULT_ID + "'; the click's line is '" + click.lineId() + "'");
        }
        Optional<NewType> type = NewType.ofWireName(event.wireName());
        if (!type.isPresent()) {
            return invalid("'" + Printable.of(event.wireName(), 20) + "' is not one of Baidu's newType values");
        }
        if (!click.landingUrl().isPresent()) {
            return invalid("logidUrl: the click has no landing URL; Baidu needs the URL the visitor landed on, with its "
                    + "bd_vid (the capture filter keeps it; by hand: Click.builder(\"baidu\", id).landingUrl(url))");
        }
        String logidUrl = click.landingUrl().get();
        Optional<String> problem = BaiduItem.problemWithLogidUrl(logidUrl, click.id());
        if (problem.isPresent()) {
            return invalid("logidUrl: " + problem.get());
        }
        String key = conversion.transId().orElse(null);
        if (key == null && type.get().needsKey()) {
            return invalid("outerEventId: " + conversion.event().name() + " is sent to Baidu as newType "
                    + type.get().describe() + ", a lead form, order or payment, which must count once however often "
                    + "it is submitted: give the conversion its key (Conversion.Builder.transIdFromOrderId, "
                    + "transIdFromForm or transId)");
        }
        if (key != null) {
            problem = BaiduItem.problemWithOuterEventId(key);
            if (problem.isPresent()) {
                return invalid("outerEventId: the conversion's trans_id has " + problem.get()
                        + "; an md5 (transIdFromOrderId, transIdFromForm) has 32");
            }
        }
        Instant eventTime = conversion.eventTime().orElse(now);
        problem = BaiduItem.problemWithConvertTime(eventTime.getEpochSecond());
        if (problem.isPresent()) {
            return invalid("convertTime: " + problem.get());
        }
        Long value = null;
        if (conversion.amountFen().isPresent()) {
            value = conversion.amountFen().getAsLong();
            problem = BaiduItem.problemWithConvertValue(value, type.get());
            if (problem.isPresent()) {
                return invalid("convertValue: " + problem.get() + (type.get().takesValue() ? "" : "; report "
                        + conversion.event().name() + " without an amount, or map it to one of those types ("
                        + BaiduSettings.EVENTS + ")"));
            }
        }
        BaiduItem item = new BaiduItem(logidUrl, type.get(), eventTime.getEpochSecond(), value, key);
        PlatformUpload upload = PlatformUpload.builder(Baidu.ID, click.id()).tenant(click.tenant())
                .line(click.lineId()).event(event.wireName()).conversionKey(key).eventTime(eventTime)
                .origin(conversion.origin()).payload(item.toJson()).build();
        return Prepared.ready(upload, leftOut(conversion));
    }

    private static Prepared invalid(String message) {
        return Prepared.rejected(TrackOutcome.Status.INVALID, message);
    }

    /** The conversion's fields that Baidu's item has no place for. */
    private static Set<String> leftOut(Conversion c) {
        Set<String> out = new LinkedHashSet<>();
        if (c.score().isPresent()) {
            out.add("score");
        }
        if (c.outerUserId().isPresent()) {
            out.add("outerUserId");
        }
        if (c.businessName().isPresent()) {
            out.add("businessName");
        }
        if (c.registrationTime().isPresent()) {
            out.add("registrationTime");
        }
        if (c.dataSource().isPresent()) {
            out.add("dataSource");
        }
        return out;
    }

    /**
     * Lead forms, orders and payments ({@code newType} 3, 10, 14, 18, 26, 45) must carry their key, sent as
     * {@code outerEventId}; other types send it when the conversion has one.
     */
    @Override
    public boolean requiresConversionKey(Line line, PlatformEvent event) {
        return NewType.ofWireName(event.wireName()).map(NewType::needsKey).orElse(false);
    }

    /** {@code qhtrack.baidu.batch-size}: 50 by default, at most 99. */
    @Override
    public int maxBatch() {
        return maxBatch;
    }

    /**
     * {@code POST} of {@code {"token":…,"conversionTypes":[…]}} to the endpoint, the items in the batch's order.
     *
     * @throws IllegalArgumentException when the batch is empty or too large, an upload is not Baidu's, a stored item
     *     breaks a rule (naming the item and the field), or the credentials have no token
     */
    @Override
    public HttpCall encode(List<PlatformUpload> batch, CredentialSet credentials, RequestContext context) {
        if (batch.isEmpty() || batch.size() > maxBatch) {
            throw new IllegalArgumentException("a Baidu request carries 1 to " + maxBatch + " conversions ("
                    + BaiduSettings.BATCH_SIZE + "), not " + batch.size());
        }
        List<BaiduItem> items = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            PlatformUpload upload = batch.get(i);
            if (!Baidu.ID.equals(upload.platform())) {
                throw new IllegalArgumentException("conversionTypes[" + i + "]: " + upload + " is not Baidu's");
            }
            try {
                items.add(BaiduItem.read(upload));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("conversionTypes[" + i + "], stored " + upload + ": "
                        + e.getMessage(), e);
            }
        }
        Optional<String> token = credentials.secret(TOKEN);
        if (!token.isPresent() || token.get().trim().isEmpty()) {
            throw new IllegalArgumentException("the credentials have no Baidu token: set " + BaiduSettings.TOKEN
                    + " (or give one from the CredentialResolver, as a secret named '" + TOKEN + "')");
        }
        return HttpCall.post(endpoint, body(token.get(), items)).header("Content-Type", CONTENT_TYPE)
                .describedBody(new String(body(REDACTED, items), StandardCharsets.UTF_8)).build();
    }

    private static byte[] body(String token, List<BaiduItem> items) {
        ObjectNode body = BaiduItem.object();
        body.put(TOKEN, token);
        ArrayNode conversionTypes = body.putArray("conversionTypes");
        for (BaiduItem item : items) {
            conversionTypes.add(item.toNode());
        }
        return BaiduItem.bytes(body);
    }

    @Override
    public String toString() {
        return "BaiduCodec[" + endpoint + ", batches of up to " + maxBatch + "]";
    }
}
