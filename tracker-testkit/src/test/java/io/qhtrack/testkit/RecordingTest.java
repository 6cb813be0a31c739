package io.qhtrack.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** What Fake360 records: lists, Received's accessors, duplicates, waiting, and secrets kept out. */
class RecordingTest extends Fake360Fixture {

    private static ObjectNode withoutTransId(ObjectNode body) {
        detail(body).remove("trans_id");
        return body;
    }

    // ---------------------------------------------------------------- lists

    @Test
    void receivedKeepsArrivalOrderAndAcceptedAndRejectedSplitIt() {
        Fake360.Received first = send(body(PS, "SUBMIT"));
        Fake360.Received second = send(withoutTransId(body(ZS, "SUBMIT")));
        Fake360.Received third = send(body(MS, "CALL"));

        assertThat(fake.received()).containsExactly(first, second, third);
        assertThat(fake.accepted()).containsExactly(first, third);
        assertThat(fake.rejected()).containsExactly(second);
    }

    @Test
    void theListsAreSnapshotsThatCannotBeModified() {
        send(body(PS, "SUBMIT"));

        assertThatThrownBy(() -> fake.received().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> fake.accepted().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> fake.rejected().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void clearForgetsEverythingReceived() {
        send(body(PS, "SUBMIT"));
        send(withoutTransId(body(ZS, "SUBMIT")));

        fake.clear();

        assertThat(fake.received()).isEmpty();
        assertThat(fake.accepted()).isEmpty();
        assertThat(fake.rejected()).isEmpty();
    }

    // ---------------------------------------------------------------- Received

    @Test
    void anUploadExposesTheRequestAndTheAnswer() {
        ObjectNode body = body(ZS, "ORDER");
        eventParam(body).put("value", 2345);
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);

        Fake360.Received upload = exchange(post(DISPLAY_KEY, md5Hex(DISPLAY_SECRET, bytes), "application/json", bytes));

        assertThat(upload.method()).isEqualTo("POST");
        assertThat(upload.path()).isEqualTo("/uploadWebConvert");
        assertThat(upload.appKey()).isEqualTo(DISPLAY_KEY);
        assertThat(upload.appSign()).isEqualTo(md5Hex(DISPLAY_SECRET, bytes));
        assertThat(upload.contentType()).isEqualTo("application/json");
        assertThat(upload.body()).isEqualTo(bytes);
        assertThat(upload.bodyText()).isEqualTo(body.toString());
        assertThat(upload.json()).isEqualTo(body);
        assertThat(upload.dataIndustry()).isEqualTo(ZS);
        assertThat(upload.clickId()).isEqualTo(QHCLICKID);
        assertThat(upload.event()).isEqualTo("ORDER");
        assertThat(upload.transId()).isEqualTo(TRANS_ID);
        assertThat(upload.httpStatus()).isEqualTo(200);
        assertThat(upload.errno()).isZero();
        assertThat(upload.error()).isEqualTo("Success");
        assertThat(upload.reason()).isEqualTo("accepted");
        assertThat(upload.accepted()).isTrue();
        assertThat(upload.duplicate()).isFalse();
        assertThat(upload.fault()).isNull();
        assertThat(upload.remotePort()).isBetween(1, 65535);
    }

    @Test
    void theClickIdOfMobilePromotionIsTheImpressionId() {
        assertThat(send(body(WEB, "CALL")).clickId()).isEqualTo(IMPRESSION_ID);
    }

    @Test
    void aRefusedUploadStillExposesWhatCouldBeRead() {
        Fake360.Received upload = send(withoutTransId(body(ZS, "SUBMIT")));

        assertThat(upload.accepted()).isFalse();
        assertThat(upload.errno()).isEqualTo(3);
        assertThat(upload.error()).isEqualTo("Parameter [data] is unverified");
        assertThat(upload.reason()).isEqualTo("data.data_detail.trans_id is required for ocpc_zs_convert");
        assertThat(upload.dataIndustry()).isEqualTo(ZS);
        assertThat(upload.event()).isEqualTo("SUBMIT");
        assertThat(upload.transId()).isNull();
    }

    @Test
    void jsonIsNullForABodyThatIsNotJson() {
        assertThat(send(ANY_KEY, ANY_SECRET, "not json").json()).isNull();
        assertThat(send(ANY_KEY, ANY_SECRET, "").json()).isNull();
    }

    @Test
    void bodyAndJsonAreDefensiveCopies() {
        Fake360.Received upload = send(body(PS, "SUBMIT"));

        upload.body()[0] = 'X';
        ((ObjectNode) upload.json()).remove("data");

        assertThat(upload.bodyText()).startsWith("{\"data\"");
        assertThat(upload.json().has("data")).isTrue();
    }

    @Test
    void receivedAtComesFromTheConfiguredClock() {
        Instant now = Instant.parse("2025-01-15T02:00:00Z");
        try (Fake360 clocked = Fake360.builder().credentials("k", "s").clock(Clock.fixed(now, ZoneOffset.UTC)).start()) {
            call(post(clocked.endpoint(), "k", "x", "application/json", new byte[0]));

            assertThat(clocked.received().get(0).receivedAt()).isEqualTo(now);
        }
    }

    // ---------------------------------------------------------------- duplicates

    @Test
    void anAcceptedRepeatOfTheSameConversionIsAcceptedAndMarkedDuplicate() {
        Fake360.Received first = send(body(PS, "SUBMIT"));
        Fake360.Received again = send(body(PS, "SUBMIT"));

        assertThat(first.duplicate()).isFalse();
        assertThat(again.accepted()).isTrue();
        assertThat(again.errno()).isZero();
        assertThat(again.duplicate()).isTrue();
        assertThat(again.reason()).startsWith("accepted, but a duplicate of upload #");
        assertThat(fake.accepted()).hasSize(2);
    }

    @Test
    void anotherTransIdEventLineOrClickIsNotADuplicate() {
        send(body(PS, "SUBMIT"));
        ObjectNode otherTransId = body(PS, "SUBMIT");
        detail(otherTransId).put("trans_id", "another");
        ObjectNode otherClick = body(PS, "SUBMIT");
        detail(otherClick).put("qhclickid", "1234567890123456");

        assertThat(send(otherTransId).duplicate()).isFalse();
        assertThat(send(otherClick).duplicate()).isFalse();
        assertThat(send(body(PS, "CALL")).duplicate()).isFalse();
        assertThat(send(body(MS, "SUBMIT")).duplicate()).isFalse();
    }

    @Test
    void uploadsWithoutTransIdAreNeverDuplicates() {
        send(withoutTransId(body(PS, "CALL")));

        assertThat(send(withoutTransId(body(PS, "CALL"))).duplicate()).isFalse();
    }

    @Test
    void aRejectedOrFaultedAttemptDoesNotMakeTheNextOneADuplicate() {
        fake.failNext(Fault.httpStatus(503));
        send(body(PS, "SUBMIT"));
        ObjectNode badSign = body(PS, "SUBMIT");
        exchange(post(ANY_KEY, "0".repeat(32), "application/json", badSign.toString().getBytes(StandardCharsets.UTF_8)));

        assertThat(send(body(PS, "SUBMIT")).duplicate()).isFalse();
    }

    @Test
    void clearForgetsEarlierUploadsForDuplicatesToo() {
        send(body(PS, "SUBMIT"));
        fake.clear();

        assertThat(send(body(PS, "SUBMIT")).duplicate()).isFalse();
    }

    // ---------------------------------------------------------------- awaitAccepted

    @Test
    void awaitAcceptedReturnsOnceEnoughUploadsArrived() {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        byte[] bytes = body(PS, "SUBMIT").toString().getBytes(StandardCharsets.UTF_8);
        CompletableFuture<HttpResponse<String>> pending = client.sendAsync(
                post(ANY_KEY, md5Hex(ANY_SECRET, bytes), "application/json", bytes), HttpResponse.BodyHandlers.ofString());

        assertThat(fake.awaitAccepted(1, Duration.ofSeconds(10))).hasSize(1);
        assertThat(pending).succeedsWithin(Duration.ofSeconds(10));
    }

    @Test
    void awaitAcceptedForZeroReturnsAtOnce() {
        assertThat(fake.awaitAccepted(0, Duration.ZERO)).isEmpty();
    }

    @Test
    void awaitAcceptedTimesOutWithASummaryOfWhatWasReceived() {
        send(body(PS, "SUBMIT"));
        send(withoutTransId(body(ZS, "SUBMIT")));

        assertThatThrownBy(() -> fake.awaitAccepted(2, Duration.ofMillis(50)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Fake360 expected at least 2 accepted upload(s) within PT0.05S, but accepted 1 of 2 "
                        + "received:")
                .hasMessageContaining("Upload#")
                .hasMessageContaining("errno 3: data.data_detail.trans_id is required for ocpc_zs_convert")
                .hasMessageContaining("\"event\":\"SUBMIT\"");
    }

    @Test
    void awaitAcceptedWithNothingReceivedSaysSo() {
        assertThatThrownBy(() -> fake.awaitAccepted(1, Duration.ZERO))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Fake360 expected at least 1 accepted upload(s) within PT0S, but accepted 0 of 0 received "
                        + "(nothing reached " + fake.endpoint() + ")");
    }

    @Test
    void awaitAcceptedValidatesItsArguments() {
        assertThatThrownBy(() -> fake.awaitAccepted(-1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("count must not be negative but was -1");
        assertThatThrownBy(() -> fake.awaitAccepted(1, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout must not be negative but was PT-1S");
    }

    // ---------------------------------------------------------------- secrets

    @Test
    void toStringSummarisesTheVerdictAndTheBody() {
        Fake360.Received upload = send(withoutTransId(body(ZS, "SUBMIT")));

        assertThat(upload.toString())
                .startsWith("Upload#")
                .contains("errno 3: data.data_detail.trans_id is required for ocpc_zs_convert")
                .contains("POST /uploadWebConvert", "App-Key=any-key", "port=" + upload.remotePort())
                .contains("body={\"data\":");
    }

    @Test
    void noSecretAppearsInToStringEvenWhenAClientLeaksIt() {
        ObjectNode body = body(PS, "SUBMIT");
        eventParam(body).put("outeruserid", SEARCH_SECRET);
        Fake360.Received leakedInBody = send(body);
        Fake360.Received secretAsKey = send(ANY_SECRET, ANY_KEY, body(PS, "SUBMIT").toString());

        assertThat(leakedInBody.toString()).doesNotContain(SEARCH_SECRET).contains("******");
        assertThat(secretAsKey.toString()).doesNotContain(ANY_SECRET);
        assertThat(secretAsKey.reason()).doesNotContain(ANY_SECRET);
        assertThat(fake.toString()).doesNotContain(ANY_SECRET, SEARCH_SECRET, DISPLAY_SECRET).contains(ANY_KEY);
    }

    @Test
    void aTimedOutWaitShowsNoSecret() {
        ObjectNode body = body(PS, "SUBMIT");
        eventParam(body).put("outeruserid", DISPLAY_SECRET);
        send(ANY_KEY, "wrong", body.toString());

        assertThatThrownBy(() -> fake.awaitAccepted(1, Duration.ZERO))
                .satisfies(error -> assertThat(error.getMessage()).doesNotContain(DISPLAY_SECRET));
    }

    @Test
    void jsonOfAnUploadIsWhatWasSent() {
        ObjectNode body = body(PS, "SUBMIT");
        JsonNode json = send(body).json();

        assertThat(json.path("data").path("data_detail").path("qhclickid").asText()).isEqualTo(QHCLICKID);
    }
}
