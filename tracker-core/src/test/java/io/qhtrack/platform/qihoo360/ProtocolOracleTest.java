package io.qhtrack.platform.qihoo360;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.Conversion;
import io.qhtrack.core.Credentials;
import io.qhtrack.core.Event;
import io.qhtrack.core.Fixtures;
import io.qhtrack.core.ProductLine;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.testkit.Fake360;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * tracker-core's event table against the testkit's, cell by cell. Fake360 transcribes 360's document on its own
 * (it does not depend on tracker-core), so it is an oracle: for every one of the 53 × 4 = 212 event × line cells,
 * what tracker-core builds must be accepted by Fake360, and where tracker-core refuses before sending (the line
 * does not offer the event), the same upload written by hand must be refused by Fake360 with errno 3.
 */
@SuppressWarnings("deprecation") // 360's compatibility methods and amountFen, kept and tested
class ProtocolOracleTest {

    private static Fake360 fake;
    private static UploadClient client;

    @BeforeAll
    static void start() {
        fake = Fake360.builder()
                .credentials(Fixtures.SEARCH_KEY, Fixtures.SEARCH_SECRET, "ocpc_ps_convert", "ocpc_ms_convert")
                .credentials(Fixtures.DISPLAY_KEY, Fixtures.DISPLAY_SECRET, "ocpc_zs_convert")
                .jzqs(Fixtures.DISPLAY_KEY, Fixtures.DISPLAY_JZQS)
                .credentials(Fixtures.MOBILE_KEY, Fixtures.MOBILE_SECRET, "ocpc_web_convert")
                .start();
        client = UploadClient.builder().endpoint(fake.endpoint()).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        fake.close();
    }

    static Stream<Arguments> everyCell() {
        List<Arguments> cells = new ArrayList<>();
        for (Event event : Event.values()) {
            for (ProductLine line : ProductLine.values()) {
                cells.add(Arguments.of(event, line));
            }
        }
        assertThat(cells).hasSize(212);
        return cells.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("everyCell")
    void fake360AcceptsExactlyWhatTrackerCoreBuildsAndRefusesWhatItWillNotSend(Event event, ProductLine line) {
        Conversion conversion = Conversion.builder(event).transId("oracle-" + event.wireName()).build();
        Preparation prepared = Upload.prepare(Fixtures.click(line), conversion, Fixtures.allCredentials(), Fixtures.NOW);

        if (prepared.isReady()) {
            UploadResult result = client.send(client.sign(prepared.upload(), Fixtures.credentialsFor(line)));

            assertThat(result.isDelivered()).as("%s on %s: %s; Fake360 says %s", event, line, result,
                    fake.received().get(fake.received().size() - 1)).isTrue();
        } else {
            assertThat(prepared.rejection()).isEqualTo(TrackOutcome.Status.EVENT_NOT_OFFERED);
            int received = fake.received().size();

            String answer = postByHand(handWrittenBody(event, line), Fixtures.credentialsFor(line));

            assertThat(answer).as("%s on %s, sent by hand", event, line)
                    .isEqualTo("{\"errno\":3,\"error\":\"Parameter [data] is unverified\"}");
            var refused = fake.received().get(received);
            assertThat(refused.errno()).isEqualTo(3);
            assertThat(refused.reason()).contains(event.wireName());
        }
    }

    /** What tracker-core would have sent, had the line offered the event: written here without tracker-core. */
    private static byte[] handWrittenBody(Event event, ProductLine line) {
        String clickField = line == ProductLine.MOBILE_PROMOTION ? "impression_id" : "qhclickid";
        String jzqs = line == ProductLine.DISPLAY ? ",\"jzqs\":\"" + Fixtures.DISPLAY_JZQS + "\"" : "";
        long t = Fixtures.NOW.getEpochSecond();
        return ("{\"data\":{\"request_time\":" + t + ",\"data_industry\":\"" + line.wireName() + "\",\"data_detail\":{\""
                + clickField + "\":\"" + Fixtures.clickIdFor(line) + "\"" + jzqs + ",\"trans_id\":\"oracle-"
                + event.wireName() + "\",\"event\":\"" + event.wireName() + "\",\"event_time\":" + t + "}}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String postByHand(byte[] body, Credentials credentials) {
        try {
            HttpURLConnection c = (HttpURLConnection) fake.endpoint().toURL().openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("App-Key", credentials.key());
            c.setRequestProperty("App-Sign", SignedUpload.appSign(credentials, body));
            c.setRequestProperty("Content-Type", "application/json;charset=utf-8");
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
            try (InputStream in = c.getInputStream()) {
                ByteArrayOutputStream answer = new ByteArrayOutputStream();
                in.transferTo(answer);
                return answer.toString(StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new AssertionError("posting to Fake360: " + e, e);
        }
    }
}
