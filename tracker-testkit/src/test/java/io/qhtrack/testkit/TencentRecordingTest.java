package io.qhtrack.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** What FakeTencent records (requests, actions, duplicates, waiting) and its per-minute limit. */
class TencentRecordingTest extends FakeTencentFixture {

    private static FakeTencent limited(int perMinute) {
        return FakeTencent.builder().accessToken(ACCESS_TOKEN).accessToken("tcTok-second-2").accountId(ACCOUNT_ID)
                .userActionSetId(ACTION_SET_ID).domain(DOMAIN).clock(CLOCK).rateLimitPerMinute(perMinute).start();
    }

    private static FakeTencent.Received sendTo(FakeTencent other, String token) {
        call(post(authed(other.endpoint(), token, CLOCK.instant().getEpochSecond(), nonce()), body(action("CONSULT"))));
        return other.received().get(other.received().size() - 1);
    }

    // ---------------------------------------------------------------- records

    @Test
    void receivedAcceptedAndRejectedSplitTheRequests() {
        FakeTencent.Received first = send(body(action("RESERVATION"), action("CONSULT")));
        FakeTencent.Received second = send(body(action("NOPE")));
        FakeTencent.Received third = send(body(action("PURCHASE")));

        assertThat(fake.received()).containsExactly(first, second, third);
        assertThat(fake.accepted()).extracting(FakeTencent.Action::actionType)
                .containsExactly("RESERVATION", "CONSULT", "PURCHASE");
        assertThat(fake.rejected()).containsExactly(second);
    }

    @Test
    void aRequestExposesWhatWasSentAndAnswered() throws Exception {
        ObjectNode body = body(action("COMPLETE_ORDER").put("outer_action_id", "order-1"));
        String nonce = nonce();
        URI uri = authed(fake.endpoint(), ACCESS_TOKEN, NOW.getEpochSecond(), nonce);

        FakeTencent.Received received = exchange(post(uri, body));

        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.path()).isEqualTo("/v3.0/user_actions/add");
        assertThat(received.query()).isEqualTo("access_token=******&timestamp=" + NOW.getEpochSecond() + "&nonce="
                + nonce);
        assertThat(received.tokenPlacement()).isEqualTo("query parameter access_token");
        assertThat(received.tokenMatched()).isTrue();
        assertThat(received.timestamp()).isEqualTo(Long.toString(NOW.getEpochSecond()));
        assertThat(received.nonce()).isEqualTo(nonce);
        assertThat(received.contentType()).isEqualTo("application/json");
        assertThat(received.bodyText()).isEqualTo(body.toString());
        assertThat(received.body()).isEqualTo(body.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(received.json()).isEqualTo(JSON.readTree(body.toString()));
        assertThat(received.accountId()).isEqualTo(ACCOUNT_ID);
        assertThat(received.userActionSetId()).isEqualTo(ACTION_SET_ID);
        assertThat(received.httpStatus()).isEqualTo(200);
        assertThat(received.code()).isZero();
        assertThat(received.message()).isEmpty();
        assertThat(received.reason()).isEqualTo("accepted");
        assertThat(received.traceId()).matches("[0-9a-f]{32}");
        assertThat(received.rateLimitRemaining()).isEqualTo(FakeTencent.DEFAULT_RATE_LIMIT_PER_MINUTE - 1);
        assertThat(received.receivedAt()).isEqualTo(NOW);
        assertThat(received.fault()).isNull();
    }

    @Test
    void anActionExposesItsFields() {
        ObjectNode order = action("COMPLETE_ORDER").put("outer_action_id", "order-1");
        order.putObject("action_param").put("value", 2345);

        FakeTencent.Action action = send(body(order)).actions().get(0);

        assertThat(action.index()).isZero();
        assertThat(action.actionType()).isEqualTo("COMPLETE_ORDER");
        assertThat(action.clickId()).isEqualTo(CLICK_ID);
        assertThat(action.url()).isEqualTo(PAGE);
        assertThat(action.actionTime()).isEqualTo(ACTION_TIME);
        assertThat(action.outerActionId()).isEqualTo("order-1");
        assertThat(action.valueFen()).isEqualTo(2345L);
        assertThat(action.json().get("action_type").asText()).isEqualTo("COMPLETE_ORDER");
        assertThat(action.toString()).startsWith("Action#").contains("accepted", "action_type=COMPLETE_ORDER");
    }

    @Test
    void aRepeatedOuterActionIdIsAcceptedAndMarkedDuplicate() {
        send(body(action("COMPLETE_ORDER").put("outer_action_id", "order-1")));
        FakeTencent.Received again = send(body(action("COMPLETE_ORDER").put("outer_action_id", "order-1"),
                action("CONSULT"), action("CONSULT")));

        assertThat(again.accepted()).isTrue();
        assertThat(again.actions()).extracting(FakeTencent.Action::duplicate).containsExactly(true, false, false);
        assertThat(again.actions().get(0).reason()).isEqualTo("accepted, but a duplicate of action #"
                + fake.received().get(0).number() + ".0 (same outer_action_id: Tencent counts it once)");
    }

    @Test
    void awaitAcceptedCountsActions() throws Exception {
        CompletableFuture<Void> later = CompletableFuture.runAsync(() -> send(bodyOf(3)));

        assertThat(fake.awaitAccepted(3, Duration.ofSeconds(10))).hasSize(3);
        later.get();
    }

    @Test
    void awaitAcceptedTimesOutListingWhatWasReceivedWithoutTheToken() {
        send(body(action("NOPE")));

        assertThatThrownBy(() -> fake.awaitAccepted(1, Duration.ofMillis(50)))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("FakeTencent expected at least 1 accepted action(s) within PT0.05S, but accepted "
                        + "0 action(s) in 1 request(s) received:")
                .hasMessageContaining("code 18009")
                .hasMessageContaining("access_token=******")
                .hasMessageNotContaining(ACCESS_TOKEN);
    }

    @Test
    void theTokenIsNeverShown() {
        send(body(action("RESERVATION")));
        exchange(post(authed(fake.endpoint(), "tcTok-someone-else", NOW.getEpochSecond(), nonce()),
                body(action("RESERVATION"))));

        String shown = fake.received().toString() + fake.accepted() + fake.toString();

        assertThat(shown).doesNotContain(ACCESS_TOKEN, "tcTok-someone-else");
        assertThat(FakeTencent.builder().accessToken(ACCESS_TOKEN).toString()).doesNotContain(ACCESS_TOKEN);
    }

    // ---------------------------------------------------------------- the per-minute limit, by the fake's clock

    @Test
    void beyondTheLimitPerMinuteIs11017UntilTheMinuteHasPassed() {
        try (FakeTencent limited = limited(3)) {
            assertThat(sendTo(limited, ACCESS_TOKEN).rateLimitRemaining()).isEqualTo(2);
            CLOCK.move(Duration.ofSeconds(20));
            assertThat(sendTo(limited, ACCESS_TOKEN).rateLimitRemaining()).isEqualTo(1);
            assertThat(sendTo(limited, ACCESS_TOKEN).rateLimitRemaining()).isZero();

            FakeTencent.Received fourth = sendTo(limited, ACCESS_TOKEN);
            assertThat(fourth.code()).isEqualTo(11017);
            assertThat(fourth.message()).isEqualTo("Application has reached the request limit per minute.");
            assertThat(fourth.reason()).isEqualTo("this access token already made 3 requests in the last minute; the "
                    + "limit is 3 per minute");
            assertThat(fourth.rateLimitRemaining()).isZero();

            CLOCK.move(Duration.ofSeconds(40)); // the first request is a minute old: its place is free again
            FakeTencent.Received later = sendTo(limited, ACCESS_TOKEN);
            assertThat(later.code()).isZero();
            assertThat(later.rateLimitRemaining()).isZero();
        }
    }

    @Test
    void eachTokenHasItsOwnBudget() {
        try (FakeTencent limited = limited(1)) {
            assertThat(sendTo(limited, ACCESS_TOKEN).code()).isZero();
            assertThat(sendTo(limited, ACCESS_TOKEN).code()).isEqualTo(11017);
            assertThat(sendTo(limited, "tcTok-second-2").code()).isZero();
        }
    }

    @Test
    void aRequestRefusedForItsTokenIsNotCountedAndTellsTheFullLimit() {
        try (FakeTencent limited = limited(1)) {
            FakeTencent.Received refused = sendTo(limited, "tcTok-unknown");

            assertThat(refused.code()).isEqualTo(11002);
            assertThat(refused.rateLimitRemaining()).isEqualTo(1);
            assertThat(sendTo(limited, ACCESS_TOKEN).code()).isZero();
        }
    }

    @Test
    void theDefaultLimitIs4000PerMinute() {
        assertThat(FakeTencent.DEFAULT_RATE_LIMIT_PER_MINUTE).isEqualTo(4000);
        assertThat(send(body(action("RESERVATION"))).rateLimitRemaining()).isEqualTo(3999);
    }
}
