package io.qhtrack.platform.tencent;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.spi.LandingParameter;
import io.qhtrack.core.spi.LandingRequest;
import io.qhtrack.core.spi.Line;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What capture looks for: gdt_vid, then qz_gdt, both keeping the landing URL; which values are click ids. */
class TencentLandingTest {

    private static final LandingRequest REQUEST = new LandingRequest() {
        @Override
        public String userAgent() {
            return "Mozilla/5.0 (iPhone) MicroMessenger/8.0";
        }

        @Override
        public String path() {
            return "/landing";
        }
    };

    private static List<LandingParameter> parameters() {
        return new Tencent().landingParameters();
    }

    @Test
    void gdtVidComesBeforeQzGdt() {
        assertThat(parameters().stream().map(LandingParameter::name).collect(Collectors.toList()))
                .containsExactly("gdt_vid", "qz_gdt");
    }

    @Test
    void bothKeepTheLandingUrlAndDecodeTheirValue() {
        for (LandingParameter p : parameters()) {
            assertThat(p.keepsLandingUrl()).as(p.name()).isTrue();
            assertThat(p.raw()).as(p.name()).isFalse();
            assertThat(p.line(REQUEST)).as(p.name()).isEqualTo(Line.single());
        }
    }

    /** 16 and 18 characters are usual; 5 means a mis-set-up ad but is no reason to drop the click. */
    @ParameterizedTest
    @ValueSource(strings = {"wx0abcdefghij12345", "abcdef1234567890", "wx0ab", "x", "a.b-c_d"})
    void idsOfAnyUsualLengthAreAccepted(String id) {
        for (LandingParameter p : parameters()) {
            assertThat(p.problemWith(id)).as(p.name()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"__CLICK_ID__", "{gdt_vid}", "%%CLICKID%%", "", "wx0ab\ncdef", "wx0ab%0Acdef", "wx0ab cdef",
        "wx0ab\u202ecdef", "<script>", "wx0ab'cdef"})
    void macrosControlCharactersEncodingsAndMarkupAreNotIds(String value) {
        for (LandingParameter p : parameters()) {
            assertThat(p.problemWith(value)).as(p.name() + " " + value).isPresent();
        }
    }

    @Test
    void aValueLongerThanAnyClickIdIsNotAnId() {
        String longest = "a".repeat(LandingParameter.DEFAULT_MAX_LENGTH);

        for (LandingParameter p : parameters()) {
            assertThat(p.problemWith(longest)).as(p.name()).isEmpty();
            assertThat(p.problemWith(longest + "a")).as(p.name()).isPresent();
        }
    }
}
