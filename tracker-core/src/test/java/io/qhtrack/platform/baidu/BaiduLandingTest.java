package io.qhtrack.platform.baidu;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.spi.LandingParameter;
import io.qhtrack.core.spi.LandingRequest;
import io.qhtrack.core.spi.Line;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The landing parameter the capture filter looks for: {@code bd_vid}, which keeps the landing URL. */
class BaiduLandingTest {

    private static LandingParameter bdVid() {
        return new Baidu().landingParameters().get(0);
    }

    @Test
    void baiduCapturesBdVidAloneAndKeepsTheLandingUrl() {
        assertThat(new Baidu().landingParameters()).extracting(LandingParameter::name).containsExactly("bd_vid");
        assertThat(bdVid().keepsLandingUrl()).isTrue();
        assertThat(bdVid().raw()).isFalse();
    }

    @Test
    void everyClickIsOnBaidusOneLine() {
        LandingRequest request = new LandingRequest() {
            @Override
            public String userAgent() {
                return "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)";
            }

            @Override
            public String path() {
                return "/landing";
            }
        };

        assertThat(bdVid().line(request)).isEqualTo(Line.single());
        assertThat(new Baidu().lines()).containsExactly(Line.single());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "nHRzPjb1rj0dnHTkPHDYPHfvrHnvnH0d", // letters, as search ads append them
        "11058866628461563838", // digits
        "uANBIyIxUhNLgvw-I_t.x", // the id alphabet's punctuation
        "a"})
    void idsOfTheAlphabetBaiduUsesAreAccepted(String id) {
        assertThat(bdVid().problemWith(id)).isEmpty();
    }

    @Test
    void anIdOfTheLongestLengthIsAcceptedAndOneMoreIsRefused() {
        String longest = "a".repeat(LandingParameter.DEFAULT_MAX_LENGTH);

        assertThat(bdVid().problemWith(longest)).isEmpty();
        assertThat(bdVid().problemWith(longest + "a")).hasValueSatisfying(p -> assertThat(p).contains("129"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "__BD_VID__", // an unreplaced feed wildcard, three spellings
        "{{BD_VID}}",
        "%%BD_VID%%",
        "{bd_vid}"})
    void unreplacedWildcardsAreNotClickIds(String wildcard) {
        assertThat(bdVid().problemWith(wildcard)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", // empty
        "abc\ndef", // control characters
        "abc\u0000",
        "abc%0Adef", // still encoded after the filter decoded once: an encoding attack
        "abc%2541",
        "abc def",
        "abc+def",
        "<script>",
        "abc\"def",
        "ab\u202Ecd", // a bidirectional override
        "百度"})
    void hostileValuesAreRefused(String value) {
        assertThat(bdVid().problemWith(value)).isPresent();
    }
}
