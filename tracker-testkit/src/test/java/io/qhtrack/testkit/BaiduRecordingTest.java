package io.qhtrack.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** What FakeBaidu records: requests, items, their accessors, waiting, and the token kept out. */
class BaiduRecordingTest extends FakeBaiduFixture {

    @Test
    void receivedKeepsEveryRequestAndAcceptedEveryAcceptedItem() {
        FakeBaidu.Received first = send(body(item(3), item(99)));
        FakeBaidu.Received second = send(body(item(14)));
        ObjectNode wrongToken = body(item(3));
        wrongToken.put("token", "not-the-token-1");
        FakeBaidu.Received third = send(wrongToken);

        assertThat(fake.received()).containsExactly(first, second, third);
        assertThat(fake.accepted()).extracting(FakeBaidu.Item::requestNumber)
                .containsExactly(first.number(), second.number());
        assertThat(fake.rejected()).containsExactly(first, third);
        assertThat(fake.rejectedItems()).extracting(FakeBaidu.Item::requestNumber)
                .containsExactly(first.number(), third.number());
    }

    @Test
    void theListsAreUnmodifiableSnapshots() {
        send(body(item(3)));

        assertThatThrownBy(() -> fake.received().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> fake.accepted().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> fake.rejectedItems().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aRequestExposesWhatWasSentAndAnswered() throws Exception {
        ObjectNode body = body(item(14).put("convertValue", 2345).put("outerEventId", "order-1"));

        FakeBaidu.Received received = send(body);

        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.path()).isEqualTo("/ocpcapi/api/uploadConvertData");
        assertThat(received.contentType()).isEqualTo("application/json");
        assertThat(received.bodyText()).isEqualTo(body.toString());
        assertThat(received.body()).isEqualTo(body.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(received.json()).isEqualTo(JSON.readTree(body.toString()));
        assertThat(received.tokenMatched()).isTrue();
        assertThat(received.httpStatus()).isEqualTo(200);
        assertThat(received.status()).isZero();
        assertThat(received.desc()).isEqualTo("success");
        assertThat(received.reason()).isEqualTo("accepted");
        assertThat(received.fault()).isNull();
        assertThat(received.receivedAt()).isEqualTo(NOW);
        assertThat(received.remotePort()).isPositive();
    }

    @Test
    void anItemExposesItsFields() {
        FakeBaidu.Item order = only(send(body(item(14).put("convertValue", 2345).put("outerEventId", "order-1"))));

        assertThat(order.index()).isZero();
        assertThat(order.logidUrl()).isEqualTo(LANDING);
        assertThat(order.bdVid()).isEqualTo(BD_VID);
        assertThat(order.newType()).isEqualTo(14);
        assertThat(order.convertTime()).isEqualTo(CONVERT_TIME);
        assertThat(order.convertValue()).isEqualTo(2345L);
        assertThat(order.outerEventId()).isEqualTo("order-1");
        assertThat(order.json().get("newType").asInt()).isEqualTo(14);
        assertThat(order.accepted()).isTrue();
        assertThat(order.counted()).isTrue();
        assertThat(order.toString()).startsWith("Item#").contains("accepted", "newType=14", "bd_vid=" + BD_VID);
    }

    @Test
    void copiesCannotChangeTheRecord() {
        FakeBaidu.Received received = send(body(item(3)));

        received.body()[0] = 'X';
        ((ObjectNode) received.json()).remove("token");
        ((ObjectNode) only(received).json()).remove("newType");

        assertThat(received.bodyText()).startsWith("{\"token\"");
        assertThat(received.json().has("token")).isTrue();
        assertThat(only(received).json().has("newType")).isTrue();
    }

    @Test
    void awaitAcceptedCountsItemsAcrossRequests() throws Exception {
        CompletableFuture<Void> later = CompletableFuture.runAsync(() -> {
            send(body(item(3)));
            send(body(item(3), item(14)));
        });

        assertThat(fake.awaitAccepted(3, Duration.ofSeconds(10))).hasSize(3);
        later.get();
    }

    @Test
    void awaitAcceptedTimesOutListingWhatWasReceived() {
        send(body(item(3), item(99)));

        assertThatThrownBy(() -> fake.awaitAccepted(2, Duration.ofMillis(50)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("FakeBaidu expected at least 2 accepted item(s) within PT0.05S, but accepted 1 "
                        + "item(s) in 1 request(s) received:")
                .hasMessageContaining("Request#")
                .hasMessageContaining("status 1 (1 of 2 items accepted)")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void awaitAcceptedWithNothingReceivedSaysSo() {
        assertThatThrownBy(() -> fake.awaitAccepted(1, Duration.ZERO))
                .hasMessage("FakeBaidu expected at least 1 accepted item(s) within PT0S, but accepted 0 item(s) in 0 "
                        + "request(s) received (nothing reached " + fake.endpoint() + ")");
    }

    @Test
    void clearForgetsRequestsAndDuplicatesButNumbersCountOn() {
        long before = send(body(item(3).put("outerEventId", "form-1"))).number();

        fake.clear();
        FakeBaidu.Received after = send(body(item(3).put("outerEventId", "form-1")));

        assertThat(fake.received()).containsExactly(after);
        assertThat(after.number()).isEqualTo(before + 1);
        assertThat(only(after).duplicate()).isFalse();
    }

    @Test
    void theTokenIsMaskedInEveryToStringAndReasonWhateverItIs() {
        ObjectNode wrong = body(item(3));
        wrong.put("token", "an-other-real-token");
        FakeBaidu.Received refused = send(wrong);
        FakeBaidu.Received accepted = send(body(item(3)));

        assertThat(refused.toString()).doesNotContain("an-other-real-token").contains("\"token\":\"******\"");
        assertThat(accepted.toString()).doesNotContain(TOKEN);
        assertThat(refused.reason() + accepted.reason()).doesNotContain(TOKEN, "an-other-real-token");
        assertThat(fake.toString()).doesNotContain(TOKEN);
    }

    @Test
    void aTokenSentInsideAnItemIsMaskedToo() {
        ObjectNode item = item(3);
        item.put("logidUrl", LANDING + "&t=" + TOKEN);

        FakeBaidu.Received received = send(body(item));

        assertThat(received.toString() + only(received).toString() + only(received).reason()).doesNotContain(TOKEN);
    }
}
