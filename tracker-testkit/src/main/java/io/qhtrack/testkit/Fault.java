package io.qhtrack.testkit;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * A misbehaviour a fake ({@link Fake360}, {@link FakeBaidu}, {@link FakeTencent}) can inject instead of (or
 * before) its normal answer, to test how a client copes with the platform being slow, down or broken.
 *
 * <p>Faults are immutable values; give them to a fake's {@code failNext}, {@code failAlways} or {@code
 * failRandomly}. A faulted request is still recorded, with its {@code fault()} naming the fault. Only {@link
 * #stall(Duration)} and {@link #baiduFailItems(int...)} let the rules answer (the one late, the other with
 * chosen items refused); every other fault replaces the answer, so such a request is neither accepted nor
 * rejected.
 *
 * <p>Most faults suit every fake. Three speak one platform's language and are refused by the others: {@link
 * #errno(int)} (Fake360), {@link #baiduStatus(int)} and {@link #baiduFailItems(int...)} (FakeBaidu), {@link
 * #tencentCode(int)} (FakeTencent). The huge bodies pad the fake's own success answer.
 */
public final class Fault {
    /** The longest {@link #stall(Duration)} accepted, so that a mistaken stall cannot hang a build. */
    public static final Duration MAX_STALL = Duration.ofMinutes(10);

    private enum Kind {
        HTTP_STATUS, STALL, DROP_CONNECTION, GARBAGE, EMPTY_BODY, ERRNO, HUGE_BODY, HUGE_CHUNKED_BODY,
        BAIDU_STATUS, BAIDU_FAIL_ITEMS, TENCENT_CODE
    }

    /**
     * The shortest body {@link #hugeBody(long)} and {@link #hugeChunkedBody(long)} accept: 42 bytes, Fake360's
     * success answer with an empty padding. FakeBaidu and FakeTencent need more (their success answers are
     * longer) and refuse a shorter one when it is given to them.
     */
    public static final long MIN_HUGE_BODY = HugeBody.MIN_LENGTH;

    private static final int[] NO_ITEMS = new int[0];

    private final Kind kind;
    private final long number;
    private final Duration duration;
    private final String body;
    private final int[] items;

    private Fault(Kind kind, long number, Duration duration, String body) {
        this(kind, number, duration, body, NO_ITEMS);
    }

    private Fault(Kind kind, long number, Duration duration, String body, int[] items) {
        this.kind = kind;
        this.number = number;
        this.duration = duration;
        this.body = body;
        this.items = items;
    }

    /**
     * Answers with this HTTP status (400 to 599) and a short text body, as a gateway in front of the platform
     * would.
     *
     * @throws IllegalArgumentException if {@code status} is not between 400 and 599
     */
    public static Fault httpStatus(int status) {
        checkStatus(status);
        return new Fault(Kind.HTTP_STATUS, status, null, null);
    }

    /**
     * Answers with this HTTP status (400 to 599) and a {@code Retry-After} header of {@code retryAfter} in
     * whole seconds (rounded up).
     *
     * @throws IllegalArgumentException if {@code status} is not between 400 and 599 or {@code retryAfter} is
     *     negative
     */
    public static Fault httpStatus(int status, Duration retryAfter) {
        checkStatus(status);
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative but was " + retryAfter);
        }
        return new Fault(Kind.HTTP_STATUS, status, retryAfter, null);
    }

    /**
     * Holds the request for {@code duration}, then answers normally; other requests are served meanwhile.
     * The request is judged (and recorded, accepted or rejected) when it arrives, like the platform processing
     * a request whose answer is slow to come back: a client that times out and retries sends a duplicate.
     *
     * @throws IllegalArgumentException if {@code duration} is negative or longer than {@link #MAX_STALL}
     */
    public static Fault stall(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || duration.compareTo(MAX_STALL) > 0) {
            throw new IllegalArgumentException("stall duration must be between 0 and " + MAX_STALL
                    + " but was " + duration);
        }
        return new Fault(Kind.STALL, 0, duration, null);
    }

    /** Reads the request, then closes the TCP connection without sending a single byte of response. */
    public static Fault dropConnection() {
        return new Fault(Kind.DROP_CONNECTION, 0, null, null);
    }

    /**
     * Answers HTTP 200 with this body: {@code text/html} when it starts with {@code <}, otherwise
     * {@code application/json} (so that a client trusting the Content-Type still meets an unparsable body).
     */
    public static Fault garbage(String body) {
        return new Fault(Kind.GARBAGE, 0, null, Objects.requireNonNull(body, "body"));
    }

    /** Answers HTTP 200, {@code application/json}, with an empty body. */
    public static Fault emptyBody() {
        return new Fault(Kind.EMPTY_BODY, 0, null, null);
    }

    /**
     * Fake360 only: answers HTTP 200 with {@code {"errno":N,"error":"..."}} whatever the request, using 360's
     * error text for errno 0 to 3 and {@code "Unknown error"} otherwise. {@code errno(0)} fakes a success for
     * a request the rules may reject.
     */
    public static Fault errno(int errno) {
        return new Fault(Kind.ERRNO, errno, null, null);
    }

    /**
     * FakeBaidu only: answers HTTP 200 with {@code {"header":{"status":N,"desc":"..."}}} whatever the request,
     * without {@code errors}: 3 (token invalid) and 4 (server error, retry) as Baidu sends them, 0 to fake a
     * success, 2 to fake an "all failed" that names no item. For a status 1 or 2 that names the refused items,
     * use {@link #baiduFailItems(int...)}.
     *
     * @throws IllegalArgumentException if {@code status} is negative
     */
    public static Fault baiduStatus(int status) {
        if (status < 0) {
            throw new IllegalArgumentException("Baidu status must not be negative but was " + status);
        }
        return new Fault(Kind.BAIDU_STATUS, status, null, null);
    }

    /**
     * FakeBaidu only: the items at these indexes of {@code conversionTypes} (0 for the first) are refused, as
     * if Baidu had refused them, and named in {@code errors}; the other items are judged by the rules as
     * usual. The answer is status 1 (partial failure), or 2 when no item is left accepted. Indexes beyond the
     * request's items are ignored. The request is recorded as the rules and this fault answered it: its
     * accepted items are accepted.
     *
     * @throws IllegalArgumentException if no index is given or an index is negative
     */
    public static Fault baiduFailItems(int... indexes) {
        Objects.requireNonNull(indexes, "indexes");
        if (indexes.length == 0) {
            throw new IllegalArgumentException("baiduFailItems needs at least one item index");
        }
        int[] sorted = Arrays.stream(indexes).distinct().sorted().toArray();
        if (sorted[0] < 0) {
            throw new IllegalArgumentException("item indexes must not be negative but were " + Arrays.toString(indexes));
        }
        return new Fault(Kind.BAIDU_FAIL_ITEMS, 0, null, null, sorted);
    }

    /**
     * FakeTencent only: answers HTTP 200 with {@code {"code":N,"message":"...","message_cn":"..."}} whatever the
     * request, with the texts of Tencent's error table for the codes FakeTencent knows (e.g. 11000 token
     * expired, 11017 per-minute limit, 12000 missing access_token, timestamp or nonce) and a generic text
     * otherwise; with the headers {@code X-TSA-Trace-Id} and {@code X-RateLimit-Remaining} like every answer of
     * FakeTencent's.
     */
    public static Fault tencentCode(int code) {
        return new Fault(Kind.TENCENT_CODE, code, null, null);
    }

    /**
     * Answers HTTP 200, {@code application/json}, {@code Content-Length: bytes}, with a body of exactly that
     * many bytes streamed from a small buffer (never held in memory, so any size works, beyond 2 GiB too):
     * {@code {"errno":0,"error":"Success","padding":"xxx…x"}}, as a broken endpoint or proxy might send.
     * For testing a client's bound on the answer it reads: a client reading it all would see errno 0.
     * A client that stops reading and closes the connection ends the stream; Fake360 serves on.
     *
     * @throws IllegalArgumentException if {@code bytes} is less than {@link #MIN_HUGE_BODY}
     */
    public static Fault hugeBody(long bytes) {
        checkHugeBody("hugeBody", bytes);
        return new Fault(Kind.HUGE_BODY, bytes, null, null);
    }

    /**
     * Like {@link #hugeBody(long)}, sent with {@code Transfer-Encoding: chunked} and no {@code
     * Content-Length}, so that the client cannot see the size coming from the head; 64 KiB chunks.
     *
     * @throws IllegalArgumentException if {@code bytes} is less than {@link #MIN_HUGE_BODY}
     */
    public static Fault hugeChunkedBody(long bytes) {
        checkHugeBody("hugeChunkedBody", bytes);
        return new Fault(Kind.HUGE_CHUNKED_BODY, bytes, null, null);
    }

    private static void checkHugeBody(String name, long bytes) {
        if (bytes < MIN_HUGE_BODY) {
            throw new IllegalArgumentException(name + " bytes must be at least " + MIN_HUGE_BODY
                    + " (the JSON around the padding) but was " + bytes);
        }
    }

    /**
     * Whether the rules still answer the request: for {@link #stall(Duration)} (late) and {@link
     * #baiduFailItems(int...)} (with chosen items refused).
     */
    boolean answersNormally() {
        return kind == Kind.STALL || kind == Kind.BAIDU_FAIL_ITEMS;
    }

    /** The item indexes of {@link #baiduFailItems(int...)}, ascending; empty for any other fault. */
    int[] failedItems() {
        return items.clone();
    }

    /** Whether this is {@link #tencentCode(int)}. */
    boolean isTencentCode() {
        return kind == Kind.TENCENT_CODE;
    }

    /**
     * Checks that the fake of {@code platform} can apply this fault: a platform's own fault only there, a huge
     * body no shorter than that platform's success answer.
     *
     * @throws IllegalArgumentException if it cannot
     */
    Fault checkFor(Platform platform) {
        Platform own = ownPlatform();
        if (own != null && own != platform) {
            throw new IllegalArgumentException(this + " is a fault of " + own.fakeName() + ", not of "
                    + platform.fakeName());
        }
        if ((kind == Kind.HUGE_BODY || kind == Kind.HUGE_CHUNKED_BODY) && number < platform.minHugeBody()) {
            throw new IllegalArgumentException(this + " is shorter than " + platform.fakeName()
                    + "'s success answer: give it at least " + platform.minHugeBody() + " bytes");
        }
        return this;
    }

    private Platform ownPlatform() {
        switch (kind) {
            case ERRNO:
                return Platform.QIHOO_360;
            case BAIDU_STATUS:
            case BAIDU_FAIL_ITEMS:
                return Platform.BAIDU;
            case TENCENT_CODE:
                return Platform.TENCENT;
            default:
                return null;
        }
    }

    /** What Fake360 does under this fault, given the answer the rules would give. */
    HttpAnswer apply(HttpAnswer normal) {
        return apply(normal, Platform.QIHOO_360);
    }

    /**
     * What the fake of {@code platform} does under this fault, given the answer the rules would give (for
     * {@link #baiduFailItems(int...)}: the answer with the chosen items refused).
     */
    HttpAnswer apply(HttpAnswer normal, Platform platform) {
        switch (kind) {
            case HTTP_STATUS: {
                int status = (int) number;
                HttpAnswer answer = HttpAnswer.respond(status, HttpAnswer.TEXT,
                        status + " " + LoopbackHttpServer.reasonPhrase(status) + " (" + platform.fakeName()
                                + " fault)\n");
                if (duration == null) {
                    return answer;
                }
                long seconds = duration.getSeconds() + (duration.getNano() > 0 ? 1 : 0);
                return answer.withHeader("Retry-After", Long.toString(seconds));
            }
            case STALL:
                return normal.after(duration);
            case BAIDU_FAIL_ITEMS:
                return normal;
            case DROP_CONNECTION:
                return HttpAnswer.drop();
            case GARBAGE:
                return HttpAnswer.respond(200, Text.strip(body).startsWith("<") ? HttpAnswer.HTML : HttpAnswer.JSON, body);
            case EMPTY_BODY:
                return HttpAnswer.respond(200, HttpAnswer.JSON, "");
            case ERRNO:
                return HttpAnswer.respond(200, HttpAnswer.JSON, Verdict.json((int) number));
            case HUGE_BODY:
                return HttpAnswer.stream(200, HttpAnswer.JSON, new HugeBody(number, false, platform));
            case HUGE_CHUNKED_BODY:
                return HttpAnswer.stream(200, HttpAnswer.JSON, new HugeBody(number, true, platform));
            case BAIDU_STATUS:
                return HttpAnswer.respond(200, HttpAnswer.JSON, BaiduVerdict.json((int) number));
            case TENCENT_CODE:
                return HttpAnswer.respond(200, HttpAnswer.JSON, TencentCode.json((int) number));
            default:
                throw new AssertionError(kind);
        }
    }

    private static void checkStatus(int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be between 400 and 599 but was " + status);
        }
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Fault)) {
            return false;
        }
        Fault that = (Fault) other;
        return kind == that.kind && number == that.number && Objects.equals(duration, that.duration)
                && Objects.equals(body, that.body) && Arrays.equals(items, that.items);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, number, duration, body) * 31 + Arrays.hashCode(items);
    }

    /**
     * The fault's name as {@link Fake360.Received#fault()} reports it: {@code httpStatus(503)}, {@code
     * stall(PT5S)}, {@code dropConnection}, {@code garbage("<html>…")}, {@code emptyBody}, {@code errno(3)},
     * {@code hugeBody(314572800)}, {@code hugeChunkedBody(314572800)}, {@code baiduStatus(4)}, {@code
     * baiduFailItems(0, 2)}, {@code tencentCode(11017)}.
     */
    @Override
    public String toString() {
        switch (kind) {
            case HTTP_STATUS:
                return duration == null ? "httpStatus(" + number + ")" : "httpStatus(" + number + ", " + duration + ")";
            case STALL:
                return "stall(" + duration + ")";
            case DROP_CONNECTION:
                return "dropConnection";
            case GARBAGE: {
                String shown = body.length() > 40 ? body.substring(0, 40) + "…" : body;
                return "garbage(\"" + shown + "\")";
            }
            case EMPTY_BODY:
                return "emptyBody";
            case ERRNO:
                return "errno(" + number + ")";
            case HUGE_BODY:
                return "hugeBody(" + number + ")";
            case HUGE_CHUNKED_BODY:
                return "hugeChunkedBody(" + number + ")";
            case BAIDU_STATUS:
                return "baiduStatus(" + number + ")";
            case BAIDU_FAIL_ITEMS:
                return "baiduFailItems(" + Arrays.toString(items).replace("[", "").replace("]", "") + ")";
            case TENCENT_CODE:
                return "tencentCode(" + number + ")";
            default:
                throw new AssertionError(kind);
        }
    }
}
