package io.qhtrack.sample;

import io.qhtrack.testkit.Fake360;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's Fake360 holds a bounded number of records, however many uploads arrive. */
class BuiltInFake360Test {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private BuiltInFake360 fake;

    @BeforeEach
    void start() {
        fake = BuiltInFake360.start();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    /** One upload with a made-up signature: recorded (and refused, errno 2) like any other. */
    private void upload(int n) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(fake.fake().endpoint())
                .header("App-Key", BuiltInFake360.SEARCH_KEY).header("App-Sign", "0".repeat(32))
                .header("Content-Type", "application/json;charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("{\"data\":{\"n\":" + n + "}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
    }

    @Test
    void itKeepsTheLatestUploadsOnlyOnceTrimmed() throws Exception {
        int sent = BuiltInFake360.TRIM_AT + 30;
        for (int i = 0; i < sent; i++) {
            upload(i);
            fake.trim();
        }

        assertThat(fake.received()).hasSize(BuiltInFake360.KEEP);
        assertThat(fake.fake().received().size()).isLessThan(BuiltInFake360.TRIM_AT);
        assertThat(fake.received()).extracting(Fake360.Received::number)
                .as("the latest, oldest first").isSorted().last().isEqualTo((long) sent);
    }

    @Test
    void belowTheThresholdNothingIsForgotten() throws Exception {
        for (int i = 0; i < 12; i++) {
            upload(i);
            fake.trim();
        }

        assertThat(fake.received()).hasSize(12);
        assertThat(fake.fake().received()).hasSize(12);
    }
}
