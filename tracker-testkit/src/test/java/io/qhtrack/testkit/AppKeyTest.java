package io.qhtrack.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** App-Key (section 4.1, FAQ 5.8): missing, unknown, or not allowed for the body's data_industry: errno 1. */
class AppKeyTest extends Fake360Fixture {

    private static void assertErrno1(Fake360.Received upload, String reason) {
        assertThat(upload.errno()).as("%s", upload).isEqualTo(1);
        assertThat(upload.error()).isEqualTo("Parameter [app_key] is unverified");
        assertThat(upload.reason()).isEqualTo(reason);
    }

    @Test
    void aMissingAppKeyIsRefused() {
        byte[] body = body(PS, "SUBMIT").toString().getBytes(StandardCharsets.UTF_8);

        assertErrno1(exchange(post(null, md5Hex(SEARCH_SECRET, body), "application/json", body)),
                "App-Key header is missing");
    }

    @Test
    void anUnknownAppKeyIsRefused() {
        assertErrno1(send("nobody", "whatever", body(PS, "SUBMIT").toString()),
                "App-Key \"nobody\" is not a known key");
    }

    @Test
    void appKeysAreCaseSensitive() {
        assertErrno1(send("SEARCH-KEY", SEARCH_SECRET, body(PS, "SUBMIT").toString()),
                "App-Key \"SEARCH-KEY\" is not a known key");
    }

    @Test
    void aSecretSentAsAppKeyIsRefusedWithoutEchoingIt() {
        Fake360.Received upload = send(SEARCH_SECRET, SEARCH_KEY, body(PS, "SUBMIT").toString());

        assertErrno1(upload, "App-Key is a configured secret, not a key (key and secret swapped?)");
        assertThat(upload.toString()).doesNotContain(SEARCH_SECRET);
    }

    @ParameterizedTest
    @ValueSource(strings = {WEB, ZS})
    void aKeyRestrictedToSearchIsRefusedForOtherLines(String line) {
        Fake360.Received upload = send(SEARCH_KEY, SEARCH_SECRET, body(line, "SUBMIT").toString());

        assertErrno1(upload, "App-Key search-key is not allowed for data_industry " + line + " ("
                + (line.equals(WEB) ? "移动推广" : "展示广告") + "); it is for [ocpc_ps_convert, ocpc_ms_convert]");
    }

    @ParameterizedTest
    @ValueSource(strings = {PS, MS})
    void aKeyRestrictedToSearchIsAcceptedOnSearch(String line) {
        assertThat(send(SEARCH_KEY, SEARCH_SECRET, body(line, "SUBMIT").toString()).accepted()).isTrue();
    }

    @Test
    void aDisplayKeySendingASearchClickIsRefused() {
        Fake360.Received upload = send(DISPLAY_KEY, DISPLAY_SECRET, body(PS, "SUBMIT").toString());

        assertThat(upload.errno()).isEqualTo(1);
        assertThat(upload.reason()).contains("not allowed for data_industry ocpc_ps_convert");
    }

    @ParameterizedTest
    @ValueSource(strings = {WEB, PS, MS, ZS})
    void aKeyGivenWithoutLinesIsAcceptedOnEveryLine(String line) {
        assertThat(send(ANY_KEY, ANY_SECRET, body(line, "SUBMIT").toString()).accepted()).isTrue();
    }
}
