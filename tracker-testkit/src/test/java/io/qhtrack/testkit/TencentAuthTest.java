package io.qhtrack.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** FakeTencent's authentication: the token's place, timestamp skew by the fake's clock, nonces never reused. */
class TencentAuthTest extends FakeTencentFixture {

    private static URI withoutToken(long timestamp, String nonce) {
        return URI.create(fake.endpoint() + "?timestamp=" + timestamp + "&nonce=" + nonce);
    }

    private static long now() {
        return CLOCK.instant().getEpochSecond();
    }

    private static FakeTencent.Received sendTo(FakeTencent other, HttpRequest request) {
        call(request);
        return other.received().get(other.received().size() - 1);
    }

    // ---------------------------------------------------------------- where the token goes (open question 1)

    /** A request to {@code fake} carrying the token where {@code placement} says. */
    private static HttpRequest placed(FakeTencent other, String placement) {
        URI bare = URI.create(other.endpoint() + "?timestamp=" + now() + "&nonce=" + nonce());
        switch (placement) {
            case "query":
                return post(URI.create(bare + "&access_token=" + ACCESS_TOKEN), body(action("RESERVATION")));
            case "header":
                return post(bare, body(action("RESERVATION")), "access_token", ACCESS_TOKEN);
            default:
                return post(bare, body(action("RESERVATION")), "access-token", ACCESS_TOKEN);
        }
    }

    static Stream<Arguments> placements() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (FakeTencent.AuthMode mode : FakeTencent.AuthMode.values()) {
            for (String placement : new String[] {"query", "header", "header-hyphen"}) {
                cases.add(Arguments.of(mode, placement, mode.settingValue().equals(placement)));
            }
        }
        return cases.build();
    }

    @ParameterizedTest(name = "auth {0}, token sent as {1}: accepted {2}")
    @MethodSource("placements")
    void theTokenIsTakenOnlyFromTheConfiguredPlace(FakeTencent.AuthMode mode, String placement, boolean accepted) {
        try (FakeTencent placed = FakeTencent.builder().accessToken(ACCESS_TOKEN).accountId(ACCOUNT_ID)
                .userActionSetId(ACTION_SET_ID).domain(DOMAIN).clock(CLOCK).auth(mode).start()) {
            FakeTencent.Received received = sendTo(placed, placed(placed, placement));

            assertThat(received.accepted()).as("%s", received).isEqualTo(accepted);
            if (!accepted) {
                assertThat(received.code()).isEqualTo(12000);
                assertThat(received.message()).isEqualTo("Your request is missing a required parameter which is one of "
                        + "access_token, timestamp and nonce.");
                assertThat(received.reason()).startsWith("access_token was sent as the ")
                        .endsWith("(auth " + mode.settingValue() + ")");
            }
            assertThat(received.toString() + received.query()).doesNotContain(ACCESS_TOKEN);
        }
    }

    @Test
    void inTheHeaderModesTheTokenMustNotAlsoBeInTheQuery() {
        try (FakeTencent headed = FakeTencent.builder().accessToken(ACCESS_TOKEN).accountId(ACCOUNT_ID)
                .userActionSetId(ACTION_SET_ID).domain(DOMAIN).clock(CLOCK).auth(FakeTencent.AuthMode.HEADER).start()) {
            FakeTencent.Received received = sendTo(headed, post(authed(headed.endpoint(), ACCESS_TOKEN, now(), nonce()),
                    body(action("RESERVATION")), "access_token", ACCESS_TOKEN));

            assertThat(received.code()).isEqualTo(12000);
            assertThat(received.reason()).isEqualTo("access_token was sent as the header access_token and also as the "
                    + "query parameter access_token: send it once, as the header access_token (auth header)");
            assertThat(received.tokenPlacement()).isEqualTo("query parameter access_token and header access_token");
            assertThat(received.query()).contains("access_token=******").doesNotContain(ACCESS_TOKEN);
        }
    }

    @Test
    void inTheHeaderModesTimestampAndNonceStayInTheQuery() {
        try (FakeTencent headed = FakeTencent.builder().accessToken(ACCESS_TOKEN).accountId(ACCOUNT_ID)
                .userActionSetId(ACTION_SET_ID).domain(DOMAIN).clock(CLOCK).auth(FakeTencent.AuthMode.HEADER_HYPHEN)
                .start()) {
            FakeTencent.Received received = sendTo(headed, post(headed.endpoint(), body(action("RESERVATION")),
                    "access-token", ACCESS_TOKEN, "timestamp", Long.toString(now()), "nonce", nonce()));

            assertThat(received.code()).isEqualTo(12000);
            assertThat(received.reason()).isEqualTo("timestamp was sent as a header; it belongs in the query in every "
                    + "auth mode");
        }
    }

    // ---------------------------------------------------------------- the token itself

    @Test
    void noTokenIs12000() {
        FakeTencent.Received received = exchange(post(withoutToken(now(), nonce()), body(action("RESERVATION"))));

        assertThat(received.code()).isEqualTo(12000);
        assertThat(received.reason()).isEqualTo("access_token is missing: send it as the query parameter access_token "
                + "(auth query)");
        assertThat(received.tokenPlacement()).isEqualTo("none");
    }

    static Stream<Arguments> tokens() {
        return Stream.of(
                Arguments.of("", 11005, "Access token is empty.", "access_token is empty"),
                Arguments.of("tc Tok", 11004, "Access token is malformed.",
                        "access_token has white space, control or non-ASCII characters"),
                Arguments.of("令牌", 11004, "Access token is malformed.",
                        "access_token has white space, control or non-ASCII characters"),
                Arguments.of("tcTok-someone-else", 11002, "Access token is invalid.",
                        "access_token is not a configured token"));
    }

    @ParameterizedTest(name = "token \"{0}\": {1}")
    @MethodSource("tokens")
    void aWrongTokenGetsTencentsCode(String token, int code, String message, String reason) {
        FakeTencent.Received received = exchange(post(authed(fake.endpoint(), token, now(), nonce()),
                body(action("RESERVATION"))));

        assertThat(received.code()).isEqualTo(code);
        assertThat(received.message()).isEqualTo(message);
        assertThat(received.reason()).isEqualTo(reason);
        assertThat(received.tokenMatched()).isFalse();
        assertThat(fake.accepted()).isEmpty();
    }

    @Test
    void anExpiredTokenIs11000() {
        try (FakeTencent expiring = FakeTencent.builder().accessToken(ACCESS_TOKEN).expiredAccessToken("tcTok-old-1")
                .accountId(ACCOUNT_ID).userActionSetId(ACTION_SET_ID).domain(DOMAIN).clock(CLOCK).start()) {
            FakeTencent.Received received = sendTo(expiring, post(authed(expiring.endpoint(), "tcTok-old-1", now(),
                    nonce()), body(action("RESERVATION"))));

            assertThat(received.code()).isEqualTo(11000);
            assertThat(received.message()).isEqualTo("Access token is expired.");
            assertThat(received.toString()).doesNotContain("tcTok-old-1");
        }
    }

    @Test
    void theTokenSentTwiceInTheQueryIsMalformed() {
        URI twice = URI.create(authed() + "&access_token=" + ACCESS_TOKEN);

        assertThat(exchange(post(twice, body(action("RESERVATION")))).reason())
                .isEqualTo("access_token was sent 2 times as the query parameter access_token");
    }

    // ---------------------------------------------------------------- timestamp, by the fake's clock

    @ParameterizedTest(name = "{0} s from the clock")
    @ValueSource(longs = {-300, -1, 0, 1, 300})
    void aTimestampWithin300SecondsIsAccepted(long skew) {
        assertThat(exchange(post(authed(fake.endpoint(), ACCESS_TOKEN, now() + skew, nonce()),
                body(action("RESERVATION")))).code()).isZero();
    }

    @ParameterizedTest(name = "{0} s from the clock")
    @ValueSource(longs = {-301, 301, -86_400})
    void aTimestampFurtherAwayIs12101(long skew) {
        FakeTencent.Received received = exchange(post(authed(fake.endpoint(), ACCESS_TOKEN, now() + skew, nonce()),
                body(action("RESERVATION"))));

        assertThat(received.code()).isEqualTo(12101);
        assertThat(received.message()).isEqualTo("The timestamp is expired.");
        assertThat(received.reason()).isEqualTo("timestamp " + (now() + skew) + " is " + Math.abs(skew) + " s from the "
                + "fake's clock (" + NOW + "); at most 300 s are allowed");
    }

    @Test
    void aTimestampInMillisecondsIsSaidToBeOne() {
        FakeTencent.Received received = exchange(post(authed(fake.endpoint(), ACCESS_TOKEN, now() * 1000, nonce()),
                body(action("RESERVATION"))));

        assertThat(received.code()).isEqualTo(12101);
        assertThat(received.reason()).endsWith("looks like milliseconds: Tencent wants epoch seconds");
    }

    @Test
    void aRequestSignedNowExpiresWhenTheClockMovesOn() {
        long signedAt = now();
        HttpRequest first = post(authed(fake.endpoint(), ACCESS_TOKEN, signedAt, nonce()), body(action("RESERVATION")));
        HttpRequest second = post(authed(fake.endpoint(), ACCESS_TOKEN, signedAt, nonce()), body(action("RESERVATION")));

        assertThat(exchange(first).code()).isZero();
        CLOCK.move(Duration.ofSeconds(301));
        assertThat(exchange(second).code()).isEqualTo(12101);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2025-01-15T02:05:00Z", "1736906700.5", "-1736906700"})
    void aTimestampThatIsNotEpochSecondsIs12000(String timestamp) {
        URI uri = URI.create(fake.endpoint() + "?access_token=" + ACCESS_TOKEN + "&timestamp=" + encode(timestamp)
                + "&nonce=" + nonce());

        FakeTencent.Received received = exchange(post(uri, body(action("RESERVATION"))));

        assertThat(received.code()).isEqualTo(12000);
        assertThat(received.reason()).satisfiesAnyOf(
                reason -> assertThat(reason).startsWith("timestamp must be epoch seconds (digits only)"),
                reason -> assertThat(reason).isEqualTo("timestamp is empty"));
    }

    // ---------------------------------------------------------------- nonce

    @Test
    void aReusedNonceIs12100AndTheFirstUseIsNamed() {
        FakeTencent.Received first = exchange(post(authed(fake.endpoint(), ACCESS_TOKEN, now(), "n-1"),
                body(action("RESERVATION"))));
        FakeTencent.Received again = exchange(post(authed(fake.endpoint(), ACCESS_TOKEN, now(), "n-1"),
                body(action("RESERVATION"))));

        assertThat(first.code()).isZero();
        assertThat(again.code()).isEqualTo(12100);
        assertThat(again.message()).isEqualTo("The nonce has been used before.");
        assertThat(again.reason()).isEqualTo("nonce \"n-1\" was already used at " + NOW + "; every request needs a new "
                + "one");
        assertThat(fake.nonces()).containsExactly("n-1", "n-1");
        assertThat(fake.accepted()).hasSize(1);
    }

    @Test
    void aNonceIsUsedEvenByARequestWhoseBodyWasRefused() {
        exchange(post(authed(fake.endpoint(), ACCESS_TOKEN, now(), "n-2"), body(action("NO_SUCH_TYPE"))));

        assertThat(exchange(post(authed(fake.endpoint(), ACCESS_TOKEN, now(), "n-2"), body(action("RESERVATION"))))
                .code()).isEqualTo(12100);
    }

    @Test
    void aNonceIsNotUsedByARequestThatFailedAuthentication() {
        exchange(post(authed(fake.endpoint(), "tcTok-wrong", now(), "n-3"), body(action("RESERVATION"))));

        assertThat(exchange(post(authed(fake.endpoint(), ACCESS_TOKEN, now(), "n-3"), body(action("RESERVATION"))))
                .code()).isZero();
    }

    @Test
    void aNonceIsForgottenOnlyAfterTheTimestampWindowTwice() {
        exchange(post(authed(fake.endpoint(), ACCESS_TOKEN, now(), "n-4"), body(action("RESERVATION"))));

        CLOCK.move(FakeTencent.NONCE_MEMORY.minusSeconds(1));
        assertThat(exchange(post(authed(fake.endpoint(), ACCESS_TOKEN, now(), "n-4"), body(action("RESERVATION"))))
                .code()).isEqualTo(12100);
        CLOCK.move(Duration.ofSeconds(1));
        assertThat(exchange(post(authed(fake.endpoint(), ACCESS_TOKEN, now(), "n-4"), body(action("RESERVATION"))))
                .code()).isZero();
    }

    @Test
    void aNonceOf32CharactersIsAcceptedAnd33AreNot() {
        String longest = "n".repeat(FakeTencent.MAX_NONCE_CHARS);

        assertThat(exchange(post(authed(fake.endpoint(), ACCESS_TOKEN, now(), longest), body(action("RESERVATION"))))
                .code()).isZero();
        FakeTencent.Received tooLong = exchange(post(authed(fake.endpoint(), ACCESS_TOKEN, now(), longest + "n"),
                body(action("RESERVATION"))));
        assertThat(tooLong.code()).isEqualTo(12000);
        assertThat(tooLong.reason()).isEqualTo("nonce has 33 characters; at most 32 are allowed");
    }

    @Test
    void aMissingOrEmptyNonceIs12000() {
        URI none = URI.create(fake.endpoint() + "?access_token=" + ACCESS_TOKEN + "&timestamp=" + now());
        URI empty = URI.create(none + "&nonce=");

        assertThat(exchange(post(none, body(action("RESERVATION")))).reason())
                .isEqualTo("nonce is missing: send it as a query parameter");
        assertThat(exchange(post(empty, body(action("RESERVATION")))).reason()).isEqualTo("nonce is empty");
    }

    @Test
    void clearForgetsTheNonces() {
        exchange(post(authed(fake.endpoint(), ACCESS_TOKEN, now(), "n-5"), body(action("RESERVATION"))));

        fake.clear();

        assertThat(fake.nonces()).isEmpty();
        assertThat(exchange(post(authed(fake.endpoint(), ACCESS_TOKEN, now(), "n-5"), body(action("RESERVATION"))))
                .code()).isZero();
    }

    @Test
    void authenticationComesBeforeTheBody() {
        assertThat(exchange(post(authed(fake.endpoint(), "tcTok-wrong", now(), nonce()), "not json".getBytes()))
                .code()).isEqualTo(11002);
    }
}
