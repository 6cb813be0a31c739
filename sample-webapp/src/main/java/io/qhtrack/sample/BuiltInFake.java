package io.qhtrack.sample;

import io.qhtrack.core.Settings;
import io.qhtrack.testkit.FakeBaidu;
import io.qhtrack.testkit.FakeTencent;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A strict fake that the demo reports to when its platform has nothing configured (Baidu's, Tencent's; the
 * record-keeping of {@link BuiltInFake360} too): on a free loopback port, its token drawn at random at each start (never written
 * in the source or shown), keeping only the latest {@value #KEEP} requests it received (see {@link #trim()}).
 *
 * @param <R> what the fake records per request ({@link FakeBaidu.Received}, {@link FakeTencent.Received})
 */
final class BuiltInFake<R> {

    /** How many received requests the demo keeps: as many as the dashboard lists. */
    static final int KEEP = DashboardPage.LIMIT;
    /** How many the fake may record before {@link #trim()} moves the latest {@value #KEEP} here and clears it. */
    static final int TRIM_AT = 4 * KEEP;

    /** The demo Tencent account id. */
    static final long TENCENT_ACCOUNT_ID = 10001;
    /** The demo Tencent user action set id. */
    static final long TENCENT_ACTION_SET_ID = 20002;

    private final String name;
    private final URI endpoint;
    private final Map<String, String> settings;
    private final Supplier<List<R>> recorded;
    private final Runnable clear;
    private final Runnable close;
    /** Requests taken out of the fake by {@link #trim()}, oldest first, at most {@value #KEEP}. */
    private final Deque<R> older = new ArrayDeque<>();

    BuiltInFake(String name, URI endpoint, Map<String, String> settings, Supplier<List<R>> recorded,
            Runnable clear, Runnable close) {
        this.name = name;
        this.endpoint = endpoint;
        this.settings = settings;
        this.recorded = recorded;
        this.clear = clear;
        this.close = close;
    }

    /** Starts a FakeBaidu that knows one demo token. */
    static BuiltInFake<FakeBaidu.Received> baidu() {
        String token = secret();
        FakeBaidu fake = FakeBaidu.builder().port(0).token(token).start();
        return new BuiltInFake<>("FakeBaidu", fake.endpoint(), Map.of(
                "qhtrack.baidu.endpoint", fake.endpoint().toString(),
                "qhtrack.baidu.token", token), fake::received, fake::clear, fake::close);
    }

    /** Starts a FakeTencent with the demo account; the actions' {@code url} must be on {@code domain}. */
    static BuiltInFake<FakeTencent.Received> tencent(String domain) {
        String token = secret();
        FakeTencent fake = FakeTencent.builder().port(0).accessToken(token).accountId(TENCENT_ACCOUNT_ID)
                .userActionSetId(TENCENT_ACTION_SET_ID).domain(domain).start();
        return new BuiltInFake<>("FakeTencent", fake.endpoint(), Map.of(
                "qhtrack.tencent.endpoint", fake.endpoint().toString(),
                "qhtrack.tencent.access-token", token,
                "qhtrack.tencent.account-id", Long.toString(TENCENT_ACCOUNT_ID),
                "qhtrack.tencent.user-action-set-id", Long.toString(TENCENT_ACTION_SET_ID)),
                fake::received, fake::clear, fake::close);
    }

    private static String secret() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Where it listens (no secret in it). */
    URI endpoint() {
        return endpoint;
    }

    /** The latest requests received, at most {@value #KEEP}, oldest first. */
    synchronized List<R> received() {
        List<R> all = new ArrayList<>(older);
        all.addAll(recorded.get());
        return List.copyOf(all.subList(Math.max(0, all.size() - KEEP), all.size()));
    }

    /**
     * Bounds what is recorded: once the fake holds {@value #TRIM_AT} requests, keeps the latest {@value #KEEP} here
     * and clears it. Called after every delivery attempt.
     */
    synchronized void trim() {
        List<R> now = recorded.get();
        if (now.size() < TRIM_AT) {
            return;
        }
        clear.run();
        older.addAll(now);
        while (older.size() > KEEP) {
            older.removeFirst();
        }
    }

    /** Its endpoint and the demo credentials, as qhtrack settings (holds the token: never show or log it). */
    Settings settings() {
        return Settings.of(settings);
    }

    /** Stops the fake. */
    void close() {
        close.run();
    }

    @Override
    public String toString() {
        return "built-in " + name + " at " + endpoint;
    }
}
