package io.qhtrack.bench;

import io.qhtrack.core.Account;
import io.qhtrack.core.Click;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.Credentials;
import io.qhtrack.core.Event;
import io.qhtrack.platform.qihoo360.Preparation;
import io.qhtrack.core.ProductLine;
import io.qhtrack.platform.qihoo360.SignedUpload;
import io.qhtrack.platform.qihoo360.UploadClient;
import io.qhtrack.platform.qihoo360.Upload;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Building and signing one upload: qhtrack ({@link Upload#body(Instant)} through Jackson's streaming generator, then
 * {@code SignedUpload}'s signing with a cloned md5 prototype) against what public integrations write (string concatenation,
 * then {@code MessageDigest.getInstance("MD5")} on {@code secret + body} and hex via {@code Integer.toHexString}).
 *
 * <p>Both produce the very same bytes and signature for the same PC-search {@code ORDER} (checked in
 * {@link #setUp()}), so the comparison is the same work done two ways. The naive build does no JSON escaping at all
 * (a trans_id with a quote breaks it), so it is a lower bound for a correct hand-written build.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SignBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SignBenchmark {

    static final String KEY = "bench-search-key";
    static final String SECRET = "bench-search-secret-0123456789";
    static final String CLICK_ID = "8817632001234567890";
    static final long AMOUNT_FEN = 2345;

    private final URI endpoint = URI.create("https://convert.dop.360.cn/uploadWebConvert");
    private final Credentials credentials = Credentials.of(Account.SEARCH, KEY, SECRET, null);
    private final Instant requestTime = Instant.ofEpochSecond(1_735_689_700L);
    private final long eventTime = 1_735_689_600L;
    private Upload upload;
    private UploadClient client;
    private String transId;

    @Setup(Level.Trial)
    public void setUp() {
        Click click = Click.of(ProductLine.PC_SEARCH, CLICK_ID, Instant.ofEpochSecond(eventTime - 600));
        Conversion order = Conversion.builder(Event.ORDER).transIdFromOrderId("A-1001").amount(java.math.BigDecimal.valueOf(AMOUNT_FEN, 2))
                .eventTime(Instant.ofEpochSecond(eventTime)).build();
        Preparation prepared = Upload.prepare(click, order, Map.of(Account.SEARCH, credentials), requestTime);
        upload = prepared.upload();
        client = UploadClient.builder().endpoint(endpoint).clock(Clock.fixed(requestTime, ZoneOffset.UTC)).build();
        transId = upload.transId().orElseThrow();
        // same work both ways: identical bytes and signature
        NaiveUpload naive = naiveSignedUpload();
        SignedUpload signed = client.sign(upload, credentials);
        if (!Arrays.equals(naive.body, signed.body()) || !naive.appSign.equals(signed.appSign())) {
            throw new IllegalStateException("the naive build differs from qhtrack's:\n" + signed.bodyText() + " "
                    + signed.appSign() + "\n" + new String(naive.body, StandardCharsets.UTF_8) + " " + naive.appSign);
        }
    }

    /** What a hand-written integration sends: the body it built and the signature it computed. */
    static final class NaiveUpload {
        final byte[] body;
        final String appSign;

        NaiveUpload(byte[] body, String appSign) {
            this.body = body;
            this.appSign = appSign;
        }
    }

    /** The body as public integrations build it: one string concatenation, no escaping. */
    static String naiveBody(long requestTime, String clickId, String transId, String event, long eventTime,
            long value) {
        return "{\"data\":{\"request_time\":" + requestTime + ",\"data_industry\":\"ocpc_ps_convert\","
                + "\"data_detail\":{\"qhclickid\":\"" + clickId + "\",\"trans_id\":\"" + transId + "\",\"event\":\""
                + event + "\",\"event_time\":" + eventTime + ",\"event_param\":{\"value\":" + value + "}}}}";
    }

    /** The usual md5 helper: a provider lookup per call, then hex digit by digit. */
    static String naiveMd5(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            byte[] digest = md.digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : digest) {
                String h = Integer.toHexString(b & 0xff);
                if (h.length() == 1) {
                    hex.append('0');
                }
                hex.append(h);
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private NaiveUpload naiveSignedUpload() {
        String json = naiveBody(requestTime.getEpochSecond(), CLICK_ID, transId, "ORDER", eventTime, AMOUNT_FEN);
        return new NaiveUpload(json.getBytes(StandardCharsets.UTF_8), naiveMd5(SECRET + json));
    }

    /** qhtrack: serialise for this attempt and sign exactly those bytes (what the dispatcher does per attempt). */
    @Benchmark
    public SignedUpload qhtrackBuildAndSign() {
        return client.sign(upload, credentials);
    }

    /** Naive: concatenate, then md5 of secret + body with a provider lookup. */
    @Benchmark
    public NaiveUpload naiveBuildAndSign() {
        return naiveSignedUpload();
    }

    /** qhtrack's serialisation alone. */
    @Benchmark
    public byte[] qhtrackBuildOnly() {
        return upload.body(requestTime);
    }

    /** The naive concatenation alone (to UTF-8 bytes, which is what goes on the wire). */
    @Benchmark
    public byte[] naiveBuildOnly() {
        return naiveBody(requestTime.getEpochSecond(), CLICK_ID, transId, "ORDER", eventTime, AMOUNT_FEN)
                .getBytes(StandardCharsets.UTF_8);
    }

}
