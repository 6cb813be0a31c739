package io.qhtrack.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;

/**
 * A strict local stand-in for 360 Dianjing's web conversion endpoint, {@code POST
 * https://convert.dop.360.cn/uploadWebConvert}, for tests, demos and integration tests.
 *
 * <p>Fake360 listens on 127.0.0.1 only, speaks HTTP/1.1 with persistent connections, serves requests
 * concurrently, and answers exactly like 360 ({@code {"errno":0,"error":"Success"}}, errno 1 for the key,
 * 2 for the signature, 3 for the data). It checks every rule of 360's document (sections 4.1 to 4.5):
 * the md5 signature over the exact body bytes, the fields each product line requires or forbids, the
 * 53 conversion types and the lines that offer each, the {@code event_param} keys and their types. It is
 * stricter than 360 where 360 would silently discard data (unknown keys, an unreplaced
 * {@code __impression_id__}), and every rejection says which rule failed in {@link Received#reason()}.
 *
 * <pre>{@code
 * try (Fake360 fake = Fake360.builder()
 *     .credentials("search-key", "search-secret")
 *     .credentials("display-key", "display-secret", "ocpc_zs_convert")
 *     .jzqs("display-key", "123456")
 *     .start()) {
 *   URI endpoint = fake.endpoint();   // http://127.0.0.1:PORT/uploadWebConvert
 *   // ... let the code under test report a conversion to endpoint ...
 *   Fake360.Received upload = fake.awaitAccepted(1, Duration.ofSeconds(5)).get(0);
 *   assertThat(upload.event()).isEqualTo("SUBMIT");
 * }
 * }</pre>
 *
 * <p>Every request is recorded, accepted or not, in arrival order, as a {@link Received}. Faults ({@link
 * Fault}) make it slow, down or broken on demand; {@link #latency(Duration)} makes every answer slow. {@link
 * Builder#tls()} serves HTTPS with a public test certificate that {@link #sslContext()} trusts. {@link
 * #view()} shows what was received, as HTML and JSON, on the same port. Instances are thread-safe. Secrets
 * never appear in {@code toString()}, reasons, exceptions or the view.
 *
 * <p>This file is longer than the others because it is one public API, nested so that tests write
 * {@code Fake360.builder()}, {@code Fake360.Received} and {@code Fake360.Builder}: the recording, its record and its
 * builder. The work is elsewhere: the HTTP server ({@code LoopbackHttpServer}), the document's rules
 * ({@code UploadRules}), the faults ({@link Fault}), TLS and the view.
 */
public final class Fake360 extends LocalFake<Fake360.Received> {
    /** The default port: 0, any free port. */
    public static final int DEFAULT_PORT = 0;

    /** The endpoint's path, as on 360's server. */
    public static final String PATH = UploadRules.PATH;

    /** The default {@link Builder#latency(Duration)}: none. */
    public static final Duration DEFAULT_LATENCY = Duration.ZERO;

    /** The longest latency accepted, so that a mistaken one cannot hang a build. */
    public static final Duration MAX_LATENCY = FakeCore.MAX_LATENCY;

    private final UploadRules rules;
    private final UnaryOperator<String> redactor;
    private final List<String> keys;
    private final Map<List<String>, Long> firstAcceptedByDedupKey = new HashMap<>();

    private Fake360(Builder builder) {
        super(Platform.QIHOO_360, PATH, builder, "upload", upload -> upload.accepted() ? 1 : 0);
        Map<String, Account> accounts = new LinkedHashMap<>();
        builder.secrets.forEach((key, secret) ->
                accounts.put(key, new Account(key, secret, builder.lines.get(key), builder.jzqs.get(key))));
        this.rules = new UploadRules(accounts);
        this.redactor = Redactor.of(builder.secrets.values());
        this.keys = Collections.unmodifiableList(new ArrayList<>(accounts.keySet()));
        ready();
    }

    /** A builder; at least one {@link Builder#credentials(String, String, String...)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A new in-memory PKCS12 key store holding only the testkit's test certificate (which every fake presents
     * over TLS), as a trusted entry (alias {@code fake360}), for clients configured with a trust store rather
     * than an {@link SSLContext}.
     *
     * <p>The certificate's private key ships in this jar and is public on purpose: trust it in tests only,
     * never in a JVM-wide or system trust store.
     */
    public static KeyStore trustStore() {
        return TlsIdentity.trustStore();
    }

    /**
     * The testkit's test certificate in PEM (every fake presents it over TLS), for tools and frameworks that
     * take one (e.g. {@code curl --cacert}, a Spring Boot SSL bundle). Self-signed, RSA 2048, for {@code
     * IP:127.0.0.1} and {@code DNS:localhost}, valid from 2020 to 2119; public on purpose, for tests only.
     */
    public static String certificatePem() {
        return TlsIdentity.pem();
    }

    /** The uploads answered errno 0 (duplicates included; see {@link Received#duplicate()}). */
    public List<Received> accepted() {
        return recording.snapshot(Received::accepted);
    }

    /**
     * The requests refused by the rules: answered with errno 1, 2 or 3, or with 404/405 for a wrong path or
     * method. Requests answered by a fault other than a stall are in neither list.
     */
    public List<Received> rejected() {
        return recording.snapshot(upload -> !upload.accepted() && !upload.faultReplacedAnswer());
    }

    /**
     * Waits until at least {@code count} uploads have been accepted, and returns every accepted upload.
     *
     * @throws AssertionError if fewer were accepted when {@code timeout} expires (or the waiting thread is
     *     interrupted), with a summary of everything received
     * @throws IllegalArgumentException if {@code count} or {@code timeout} is negative
     */
    public List<Received> awaitAccepted(int count, Duration timeout) {
        recording.awaitAccepted(count, timeout);
        return accepted();
    }

    /** Forgets every recorded upload, and which uploads were seen (for {@link Received#duplicate()}). */
    public void clear() {
        recording.clear(firstAcceptedByDedupKey::clear);
    }

    /** The endpoint, the keys (never the secrets) and how many uploads were received. */
    @Override
    public String toString() {
        return "Fake360[" + endpoint() + ", keys=" + keys + ", " + recording.counts() + "]";
    }

    // ---------------------------------------------------------------- serving

    @Override
    Answered<Received> answer(HttpRequest request, Instant receivedAt) {
        Verdict verdict = rules.judge(request);
        Fault fault = verdict.reachedEndpoint() ? core.nextFault() : null;
        HttpAnswer answer = fault == null ? verdict.answer() : fault.apply(verdict.answer());
        return new Answered<>(record(receivedAt, request, verdict, fault, answer), answer);
    }

    @Override
    ViewRow viewRow(Received upload) {
        return upload.viewRow();
    }

    private Received record(Instant receivedAt, HttpRequest request, Verdict verdict, Fault fault,
            HttpAnswer answer) {
        boolean rulesAnswer = fault == null || fault.answersNormally();
        boolean accepted = rulesAnswer && verdict.isAccepted();
        JsonNode json = Json.parseLeniently(request.body());
        return recording.add(number -> {
            Long duplicateOf = null;
            if (accepted) {
                List<String> dedupKey = dedupKey(json);
                if (dedupKey != null) {
                    duplicateOf = firstAcceptedByDedupKey.putIfAbsent(dedupKey, number);
                }
            }
            return new Received(number, receivedAt, request, json, rulesAnswer ? verdict : null, verdict, fault,
                    answer, duplicateOf, redactor);
        });
    }

    /** What 360 de-duplicates on: (data_industry, click id, event, trans_id); null without a trans_id. */
    private static List<String> dedupKey(JsonNode json) {
        String transId = Json.text(json, "data", "data_detail", "trans_id");
        if (transId == null) {
            return null;
        }
        return Arrays.asList(Json.text(json, "data", "data_industry"), clickId(json),
                Json.text(json, "data", "data_detail", "event"), transId);
    }

    private static String clickId(JsonNode json) {
        String qhclickid = Json.text(json, "data", "data_detail", "qhclickid");
        return qhclickid != null ? qhclickid : Json.text(json, "data", "data_detail", "impression_id");
    }

    // ---------------------------------------------------------------- Received

    /**
     * One request as Fake360 received and answered it. Immutable; {@link #toString()} is a one-line summary
     * for failure messages (verdict, reason, headers, body), with every configured secret masked.
     */
    public static final class Received extends RecordedRequest {
        private final String appKey;
        private final String appSign;
        private final String dataIndustry;
        private final String clickId;
        private final String event;
        private final String transId;
        private final Integer errno;
        private final String error;
        private final String reason;
        private final boolean accepted;
        private final boolean duplicate;
        private final String summary;
        private final UnaryOperator<String> redactor;

        Received(long number, Instant receivedAt, HttpRequest request, JsonNode json, Verdict answered,
                Verdict rulesVerdict, Fault fault, HttpAnswer answer, Long duplicateOf, UnaryOperator<String> redactor) {
            super(number, receivedAt, request, json, answer, fault, answered == null);
            this.appKey = request.headers().first("App-Key");
            this.appSign = request.headers().first("App-Sign");
            this.dataIndustry = Json.text(json, "data", "data_industry");
            this.clickId = Fake360.clickId(json);
            this.event = Json.text(json, "data", "data_detail", "event");
            this.transId = Json.text(json, "data", "data_detail", "trans_id");
            this.errno = answered == null ? null : answered.errno();
            this.error = answered == null ? null : answered.error();
            this.accepted = answered != null && answered.isAccepted();
            this.duplicate = duplicateOf != null;
            this.reason = redactor.apply(reason(answered, rulesVerdict, fault, duplicateOf));
            this.summary = redactor.apply(summarize("Upload", verdict(), accepted, reason, path(),
                    ", App-Key=" + appKey));
            this.redactor = redactor;
        }

        private static String reason(Verdict answered, Verdict rules, Fault fault, Long duplicateOf) {
            if (answered == null) {
                return faultReason(fault, rules.reason());
            }
            if (duplicateOf != null) {
                return "accepted, but a duplicate of upload #" + duplicateOf
                        + " (same data_industry, click id, event and trans_id: 360 counts it once)";
            }
            return answered.reason();
        }

        /**
         * The answer in a few words: {@code accepted}, {@code accepted (duplicate)}, {@code errno 3}, {@code
         * HTTP 404}, or {@code fault httpStatus(503)} when a fault answered instead of the rules.
         */
        String verdict() {
            if (faultReplacedAnswer()) {
                return "fault " + fault();
            }
            if (errno == null) {
                return "HTTP " + httpStatus();
            }
            if (accepted) {
                return duplicate ? "accepted (duplicate)" : "accepted";
            }
            return "errno " + errno;
        }

        /** This upload as the HTTP view shows it, every secret masked. */
        ViewRow viewRow() {
            List<String> request = new ArrayList<>();
            request.add(method() + " " + path());
            request.add(appKey == null ? "no App-Key" : "App-Key " + redactor.apply(appKey));
            if (dataIndustry != null) {
                request.add(redactor.apply(dataIndustry));
            }
            if (event != null) {
                request.add(redactor.apply(event));
            }
            String shownBody = ReceivedView.shownBody(redactor.apply(bodyText()));
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("number", number());
            item.put("receivedAt", receivedAt().toString());
            item.put("verdict", redactor.apply(verdict()));
            item.put("reason", reason);
            item.put("accepted", accepted);
            item.put("duplicate", duplicate);
            item.put("httpStatus", httpStatus());
            item.put("errno", errno);
            item.put("error", error);
            item.put("fault", redactor.apply(fault()));
            item.put("method", method());
            item.put("path", path());
            item.put("appKey", redactor.apply(appKey));
            item.put("dataIndustry", redactor.apply(dataIndustry));
            item.put("event", redactor.apply(event));
            item.put("clickId", redactor.apply(clickId));
            item.put("transId", redactor.apply(transId));
            item.put("remotePort", remotePort());
            item.put("bodyBytes", body().length);
            item.put("body", shownBody);
            return new ViewRow(number(), receivedAt().toString(), category(accepted), redactor.apply(verdict()), reason,
                    request, shownBody, item);
        }

        /** The {@code App-Key} header, or null if absent. */
        public String appKey() {
            return appKey;
        }

        /** The {@code App-Sign} header, or null if absent. */
        public String appSign() {
            return appSign;
        }

        /** {@code data.data_industry} if the body has it as a string, else null. */
        public String dataIndustry() {
            return dataIndustry;
        }

        /** {@code data.data_detail.qhclickid}, or else {@code impression_id}, if a string; else null. */
        public String clickId() {
            return clickId;
        }

        /** {@code data.data_detail.event} if a string, else null. */
        public String event() {
            return event;
        }

        /** {@code data.data_detail.trans_id} if a string, else null. */
        public String transId() {
            return transId;
        }

        /** The errno answered by the rules (0 to 3); null for 404/405 and when a fault answered instead. */
        public Integer errno() {
            return errno;
        }

        /** The error text sent with {@link #errno()}, e.g. {@code Parameter [data] is unverified}; or null. */
        public String error() {
            return error;
        }

        /**
         * Which rule decided, in words, e.g. {@code data.data_detail.trans_id is required for ocpc_zs_convert};
         * {@code accepted} for a plain success.
         */
        public String reason() {
            return reason;
        }

        /** Whether the answer was errno 0 (after a stall, if one was applied). */
        public boolean accepted() {
            return accepted;
        }

        /**
         * Whether this accepted upload repeats an earlier accepted one with the same data_industry, click id,
         * event and trans_id (which 360 de-duplicates). It was still answered errno 0. Uploads without a
         * trans_id are never duplicates: 360 has nothing to de-duplicate them on.
         */
        public boolean duplicate() {
            return duplicate;
        }

        /** A one-line summary for failure messages; secrets masked. */
        @Override
        public String toString() {
            return summary;
        }
    }

    // ---------------------------------------------------------------- Builder

    /**
     * Configures and starts a {@link Fake360}. Every setting may be given once; mistakes fail fast with a
     * message naming the setting and the value (never a secret).
     */
    public static final class Builder extends FakeBuilder<Builder, Received> {
        private final Map<String, String> secrets = new LinkedHashMap<>();
        private final Map<String, Set<Line>> lines = new HashMap<>();
        private final Map<String, String> jzqs = new HashMap<>();

        private Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /**
         * Adds an App-Key and its secret. The key is accepted for the given {@code data_industry} values only
         * (e.g. {@code "ocpc_zs_convert"}), or for all four when none is given; an upload for another line is
         * answered errno 1.
         *
         * @throws IllegalArgumentException if the key is blank or has spaces or non-ASCII characters, the
         *     secret is empty, or a data_industry is not one of 360's four
         * @throws IllegalStateException if the key was already added
         */
        public Builder credentials(String key, String secret, String... dataIndustries) {
            checkKey(key, "key");
            Objects.requireNonNull(secret, "secret");
            Objects.requireNonNull(dataIndustries, "dataIndustries");
            requireState(!secrets.containsKey(key), "credentials for key %s were already set", key);
            requireArgument(!secret.isEmpty(), "secret for key %s must not be empty", key);
            Set<Line> allowed = EnumSet.noneOf(Line.class);
            for (String industry : dataIndustries) {
                allowed.add(Line.ofDataIndustry(industry).orElseThrow(() -> new IllegalArgumentException(String.format(
                        "data_industry for key %s must be one of %s but was %s", key, Arrays.toString(Line.values()),
                        industry))));
            }
            secrets.put(key, secret);
            lines.put(key, allowed);
            return this;
        }

        /**
         * Requires {@code key} to send this {@code jzqs} (display advertiser id) on ocpc_zs_convert; another
         * value is answered errno 3. Without it, any non-empty jzqs is accepted.
         *
         * @throws IllegalArgumentException if {@code jzqs} is blank
         * @throws IllegalStateException if a jzqs was already set for the key
         */
        public Builder jzqs(String key, String jzqs) {
            checkKey(key, "key");
            Objects.requireNonNull(jzqs, "jzqs");
            requireState(!this.jzqs.containsKey(key), "jzqs for key %s was already set to %s", key,
                    this.jzqs.get(key));
            requireArgument(!Text.isBlank(jzqs), "jzqs for key %s must not be blank but was \"%s\"", key, jzqs);
            this.jzqs.put(key, jzqs);
            return this;
        }

        /**
         * Binds the port and starts serving.
         *
         * @throws IllegalStateException if no credentials were added, or a jzqs names a key without
         *     credentials or one restricted away from ocpc_zs_convert
         * @throws UncheckedIOException if the port cannot be bound
         */
        public Fake360 start() {
            requireState(!secrets.isEmpty(), "no credentials were set: call credentials(key, secret) at least once");
            for (String key : jzqs.keySet()) {
                requireState(secrets.containsKey(key), "jzqs was set for key %s, which has no credentials", key);
                Set<Line> allowed = lines.get(key);
                requireState(allowed.isEmpty() || allowed.contains(Line.ZS),
                        "jzqs was set for key %s, which is restricted to %s and so never sends ocpc_zs_convert", key,
                        allowed);
            }
            return new Fake360(this);
        }

        private static void checkKey(String key, String name) {
            Objects.requireNonNull(key, name);
            requireArgument(!key.isEmpty() && key.chars().allMatch(c -> c > ' ' && c < 0x7f),
                    "%s must be non-empty printable ASCII without spaces but was \"%s\"", name, key);
        }

        @Override
        public String toString() {
            return "Fake360.Builder[" + commonSettings() + ", keys=" + secrets.keySet() + ", jzqs=" + jzqs + "]";
        }
    }
}
