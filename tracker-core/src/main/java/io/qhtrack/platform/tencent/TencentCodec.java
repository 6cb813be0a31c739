package io.qhtrack.platform.tencent;

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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.UnsupportedEncodingException;
import java.net.URI;
import java.net.URLEncoder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Tencent's codec: a conversion for a {@code gdt_vid}/{@code qz_gdt} click becomes one {@link Action} (the stored
 * payload); a batch of 1 to {@code qhtrack.tencent.batch-size} of them plus the credentials becomes one authenticated
 * {@code POST} of {@code {"account_id":…,"user_action_set_id":…,"actions":[…]}}, with {@code access_token},
 * {@code timestamp} (the attempt's time, epoch seconds) and {@code nonce} (the attempt's, never reused) in the query,
 * or the token in a header per {@code qhtrack.tencent.auth}. Immutable.
 */
final class TencentCodec implements Codec {

    /** The most bytes a request's body may have: Tencent's 50 KB. Above it the engine sends fewer actions together. */
    static final int MAX_REQUEST_BYTES = 50 * 1024;
    /** The longest nonce Tencent takes ("不超过 32 个字符"). */
    static final int MAX_NONCE_LENGTH = 32;

    private final TencentSettings settings;

    TencentCodec(TencentSettings settings) {
        this.settings = settings;
    }

    /**
     * The action for {@code conversion}, or why there is none ({@link TrackOutcome.Status#INVALID}, naming the fix):
     * the click must be Tencent's and keep its landing URL (Tencent's {@code url}); an amount goes only with a type
     * that takes one; a form, order or payment type needs the conversion's {@code transId} (sent as
     * {@code outer_action_id}, by which Tencent de-duplicates). Fields Tencent does not take are left out, named.
     */
    @Override
    public Prepared prepare(Click click, Conversion conversion, PlatformEvent event, CredentialSet credentials,
            Instant now) {
        if (!Tencent.ID.equals(click.platform()) || !Line.DEFAULT_ID.equals(click.lineId())) {
            return Prepared.rejected(TrackOutcome.Status.INVALID, "a " + click.platform() + " click on line "
                    + click.lineId() + " cannot be reported to Tencent");
        }
        Optional<ActionType> found = ActionType.find(event.wireName());
        if (!found.isPresent()) {
            return Prepared.rejected(TrackOutcome.Status.EVENT_NOT_OFFERED, event.wireName() + " is not one of "
                    + "Tencent's action types");
        }
        ActionType type = found.get();
        if (!click.landingUrl().isPresent()) {
            return Prepared.rejected(TrackOutcome.Status.INVALID, "the click has no landing URL: Tencent needs the "
                    + "page's url (on the domain registered in 转化归因); clicks captured from gdt_vid or qz_gdt keep "
                    + "it, and Click.builder(\"tencent\", id) takes it with landingUrl(…)");
        }
        if (conversion.amountFen().isPresent() && !type.takesValue()) {
            return Prepared.rejected(TrackOutcome.Status.INVALID, conversion.event() + " is sent to Tencent as " + type
                    + ", which takes no amount (only " + String.join(", ", ActionType.withValue()) + " do): leave "
                    + "the amount out, or map " + conversion.event() + " to one of them with "
                    + TencentSettings.EVENTS.key());
        }
        if (!conversion.transId().isPresent() && type.needsKey()) {
            return Prepared.rejected(TrackOutcome.Status.INVALID, conversion.event() + " is sent to Tencent as "
                    + type + ", one form, order or payment, which Tencent de-duplicates by outer_action_id: give the "
                    + "conversion its transId (transIdFromForm, transIdFromOrderId or transId)");
        }
        long actionTime = conversion.eventTime().orElse(now).getEpochSecond();
        Action action;
        try {
            action = new Action(actionTime, type, click.id(), click.landingUrl().get(),
                    conversion.transId().orElse(null),
                    conversion.amountFen().isPresent() ? conversion.amountFen().getAsLong() : null);
        } catch (IllegalArgumentException e) {
            return Prepared.rejected(TrackOutcome.Status.INVALID, "Tencent cannot take it: " + e.getMessage());
        }
        PlatformUpload upload = PlatformUpload.builder(Tencent.ID, click.id())
                .tenant(click.tenant())
                .line(click.lineId())
                .event(type.name())
                .conversionKey(conversion.transId().orElse(null))
                .eventTime(Instant.ofEpochSecond(actionTime))
                .origin(conversion.origin())
                .payload(action.toPayload())
                .build();
        return Prepared.ready(upload, leftOut(conversion));
    }

    /** The conversion's fields that Tencent's web action has no place for. */
    private static Set<String> leftOut(Conversion conversion) {
        Set<String> out = new LinkedHashSet<>();
        if (conversion.score().isPresent()) {
            out.add("score");
        }
        if (conversion.outerUserId().isPresent()) {
            out.add("outerUserId");
        }
        if (conversion.businessName().isPresent()) {
            out.add("businessName");
        }
        if (conversion.registrationTime().isPresent()) {
            out.add("registrationTime");
        }
        if (conversion.dataSource().isPresent()) {
            out.add("dataSource");
        }
        return out;
    }

    /**
     * The forms, orders and payments ({@code RESERVATION}, {@code LEAVE_INFORMATION}, {@code COMPLETE_ORDER},
     * {@code PURCHASE}) must carry their key, sent as {@code outer_action_id}: what {@link #prepare} refuses without it.
     */
    @Override
    public boolean requiresConversionKey(Line line, PlatformEvent event) {
        return ActionType.find(event.wireName()).map(ActionType::needsKey).orElse(false);
    }

    /** {@code qhtrack.tencent.batch-size}: 50 by default, at most 50. */
    @Override
    public int maxBatch() {
        return settings.batchSize();
    }

    /** Tencent's 50 KB ({@value #MAX_REQUEST_BYTES} bytes) per request. */
    @Override
    public int maxRequestBytes() {
        return MAX_REQUEST_BYTES;
    }

    /**
     * The request for {@code batch}. Its body may exceed {@link #maxRequestBytes()} (50 actions with long URLs and
     * keys can): the engine then sends fewer together; one action alone always fits.
     *
     * @throws IllegalArgumentException when the batch is empty or too large, a payload breaks a rule (naming the
     *     upload and the field), or the credentials lack a part (never showing the token)
     * @throws IllegalStateException when the context's nonce is not 1 to 32 letters and digits
     */
    @Override
    public HttpCall encode(List<PlatformUpload> batch, CredentialSet credentials, RequestContext context) {
        if (batch.isEmpty() || batch.size() > maxBatch()) {
            throw new IllegalArgumentException("a Tencent request carries 1 to " + maxBatch() + " actions ("
                    + TencentSettings.BATCH_SIZE.key() + "), not " + batch.size());
        }
        List<Action> actions = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            actions.add(action(batch.get(i), i, batch.size()));
        }
        String token = credentials.secret(TencentSettings.ACCESS_TOKEN_CREDENTIAL).orElseThrow(
                () -> new IllegalArgumentException("credentials: no secret " + TencentSettings.ACCESS_TOKEN_CREDENTIAL
                        + " (" + TencentSettings.ACCESS_TOKEN.key() + ")"));
        int bad = TencentSettings.firstUnsendable(token);
        if (bad >= 0) {
            throw new IllegalArgumentException("credentials: " + TencentSettings.ACCESS_TOKEN_CREDENTIAL + " has a "
                    + "character outside printable ASCII (or a space) at index " + bad + "; the token is not shown");
        }
        long account = id(credentials, TencentSettings.ACCOUNT_ID_CREDENTIAL);
        long actionSet = id(credentials, TencentSettings.ACTION_SET_CREDENTIAL);
        String nonce = nonce(context);
        Auth auth = settings.auth();
        StringBuilder query = new StringBuilder();
        if (auth.headerName() == null) {
            query.append("access_token=").append(percentEncoded(token)).append('&');
        }
        query.append("timestamp=").append(context.now().getEpochSecond()).append("&nonce=").append(nonce);
        HttpCall.Builder call = HttpCall.post(withQuery(settings.endpoint(), query), body(account, actionSet, actions))
                .header("Content-Type", "application/json")
                .secretQueryParameter("access_token");
        if (auth.headerName() != null) {
            call.secretHeader(auth.headerName(), token);
        }
        return call.build();
    }

    private static Action action(PlatformUpload upload, int index, int size) {
        String which = "upload " + (index + 1) + " of " + size + " (" + upload + ")";
        if (!Tencent.ID.equals(upload.platform())) {
            throw new IllegalArgumentException(which + ": is not Tencent's");
        }
        Action action;
        try {
            action = Action.fromPayload(upload.payload());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(which + ": payload " + e.getMessage(), e);
        }
        if (!action.clickId().equals(upload.clickId())) {
            throw new IllegalArgumentException(which + ": payload click_id: differs from the upload's click id");
        }
        if (!action.type().name().equals(upload.event())) {
            throw new IllegalArgumentException(which + ": payload action_type: " + action.type()
                    + " differs from the upload's event");
        }
        return action;
    }

    private static long id(CredentialSet credentials, String name) {
        String v = credentials.value(name).orElseThrow(() -> new IllegalArgumentException("credentials: no " + name));
        try {
            long id = Long.parseLong(v);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException("credentials: " + name + " '" + Printable.of(v, 40)
                + "' is not a positive integer");
    }

    private static String nonce(RequestContext context) {
        String nonce = context.nonce();
        if (nonce == null || nonce.isEmpty() || nonce.length() > MAX_NONCE_LENGTH || !nonce.matches("[A-Za-z0-9]+")) {
            throw new IllegalStateException("RequestContext.nonce() gave " + (nonce == null ? "null" : nonce.length()
                    + " characters") + "; Tencent takes 1 to " + MAX_NONCE_LENGTH + " letters and digits");
        }
        return nonce;
    }

    private static URI withQuery(URI endpoint, CharSequence query) {
        String base = endpoint.toString();
        String sep = endpoint.getRawQuery() == null ? "?" : base.endsWith("?") || base.endsWith("&") ? "" : "&";
        return URI.create(base + sep + query);
    }

    private static String percentEncoded(String token) {
        try {
            return URLEncoder.encode(token, "UTF-8");
        } catch (UnsupportedEncodingException e) {
            throw new AssertionError("every JVM has UTF-8", e);
        }
    }

    private byte[] body(long account, long actionSet, List<Action> actions) {
        ObjectNode body = Action.MAPPER.createObjectNode();
        body.put("account_id", account);
        body.put("user_action_set_id", actionSet);
        ArrayNode list = body.putArray("actions");
        for (Action a : actions) {
            a.addTo(list, settings.valueUnit());
        }
        try {
            return Action.MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException("a tree of strings and numbers always serialises", e);
        }
    }

    @Override
    public String toString() {
        return "TencentCodec[" + settings + "]";
    }
}
