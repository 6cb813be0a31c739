package io.qhtrack.filter;

import io.qhtrack.core.Click;
import io.qhtrack.core.ProductLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The stored form of a click that superseded others ({@code q2:}), beside today's {@code q1:}. */
class SupersededClicksTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private static Click click(String id) {
        return Click.of(ProductLine.PC_SEARCH, id, T0);
    }

    @Test
    void aClickThatSupersededNothingIsWrittenAsBefore() {
        assertThat(ClickCodec.encode(StoredClick.of(click("A1")))).isEqualTo("q1:ps:1735689600:A1");
    }

    @Test
    void aClickThatSupersededOthersRoundTripsWithTheirFingerprints() {
        StoredClick stored = StoredClick.of(click("A1")).replacedBy(click("B2")).replacedBy(click("C3"));

        String value = ClickCodec.encode(stored);

        assertThat(value).isEqualTo("q2:ps:1735689600:C3:" + StoredClick.fingerprint("B2") + "."
                + StoredClick.fingerprint("A1"));
        StoredClick decoded = ClickCodec.decodeStored(value).orElseThrow();
        assertThat(decoded.click).isEqualTo(click("C3"));
        assertThat(decoded.superseded(click("A1"))).isTrue();
        assertThat(decoded.superseded(click("B2"))).isTrue();
        assertThat(decoded.superseded(click("C3"))).isFalse();
        assertThat(decoded.superseded(click("D4"))).isFalse();
        assertThat(ClickCodec.decode(value)).contains(click("C3"));
    }

    @Test
    void atMostEightSupersededClicksAreRememberedTheNewestFirst() {
        StoredClick stored = StoredClick.of(click("X0"));
        for (int i = 1; i <= 12; i++) {
            stored = stored.replacedBy(click("X" + i));
        }

        assertThat(stored.superseded.split("\\.")).hasSize(StoredClick.MAX_SUPERSEDED)
                .startsWith(StoredClick.fingerprint("X11")).endsWith(StoredClick.fingerprint("X4"));
        assertThat(stored.superseded(click("X3"))).isFalse();
        assertThat(ClickCodec.decodeStored(ClickCodec.encode(stored))).isPresent();
    }

    @Test
    void aClickThatComesBackLeavesTheListOfThoseItSuperseded() {
        StoredClick stored = StoredClick.of(click("A1")).replacedBy(click("B2")).replacedBy(click("A1"));

        assertThat(stored.click.id()).isEqualTo("A1");
        assertThat(stored.superseded).isEqualTo(StoredClick.fingerprint("B2"));
    }

    @Test
    void fingerprintsAreShortCookieOctets() {
        assertThat(StoredClick.fingerprint("8817632001234567890")).hasSize(8).matches("[A-Za-z0-9_-]{8}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"q2:ps:1735689600:A1", "q2:ps:1735689600:A1:", "q2:ps:1735689600:A1:short",
        "q2:ps:1735689600:A1:abcdefgh.", "q2:ps:1735689600:A1:abcdefgh:ijklmnop", "q2:ps:1735689600:A1:abcdefg!",
        "q2:ps:1735689600:A1:abcdefgh.abcdefgh.abcdefgh.abcdefgh.abcdefgh.abcdefgh.abcdefgh.abcdefgh.abcdefgh",
        "q2:ps:1735689600::abcdefgh", "q1:ps:1735689600:A1:abcdefgh"})
    void malformedListsDecodeToNothing(String value) {
        assertThat(ClickCodec.decodeStored(value)).isEmpty();
    }

    // ---- qhtrack.attribution=all-platforms: the newest click of each platform ------------------------------------

    private static Click baidu(String id) {
        return Click.builder("baidu", id).capturedAt(T0).landingUrl("https://shop.example/?bd_vid=" + id).build();
    }

    @Test
    void withAllPlatformsAnotherPlatformsClickIsKeptBehindTheLatest() {
        StoredClick stored = StoredClick.of(baidu("B1")).remember(click("Q1"), false, true);

        assertThat(stored.clicks).containsExactly(click("Q1"), baidu("B1"));
        assertThat(stored.superseded).isEmpty();
    }

    @Test
    void withAllPlatformsAClickOfTheSamePlatformReplacesItsOlderOneWhichIsSuperseded() {
        StoredClick stored = StoredClick.of(baidu("B1")).remember(click("Q1"), false, true)
                .remember(baidu("B2"), false, true);

        assertThat(stored.clicks).containsExactly(baidu("B2"), click("Q1"));
        assertThat(stored.superseded(baidu("B1"))).isTrue();
        assertThat(stored.remember(baidu("B1"), true, true)).as("a stale tab's Referer").isSameAs(stored);
    }

    @Test
    void withAllPlatformsAKeptClickSeenAgainOnItsLandingUrlBecomesTheLatestWithItsCaptureTime() {
        StoredClick stored = StoredClick.of(baidu("B1")).remember(click("Q1"), false, true);
        Click again = Click.builder("baidu", "B1").capturedAt(T0.plusSeconds(600))
                .landingUrl("https://shop.example/?bd_vid=B1").build();

        assertThat(stored.remember(again, true, true)).as("from a Referer: a stale tab").isSameAs(stored);
        assertThat(stored.remember(again, false, true).clicks).containsExactly(baidu("B1"), click("Q1"));
    }

    @Test
    void withLastClickEveryClickKeptIsSupersededByANewOne() {
        StoredClick both = new StoredClick(List.of(click("Q1"), baidu("B1")), "");

        StoredClick stored = both.remember(click("Q2"), false, false);

        assertThat(stored.clicks).containsExactly(click("Q2"));
        assertThat(stored.superseded).isEqualTo(StoredClick.fingerprint("Q1") + "." + StoredClick.fingerprint("B1"));
        assertThat(both.latestOnly().clicks).containsExactly(click("Q1"));
    }

    @Test
    void theSameClickAsTheLatestChangesNothing() {
        StoredClick stored = StoredClick.of(baidu("B1"));

        assertThat(stored.remember(baidu("B1"), false, true)).isSameAs(stored);
        assertThat(stored.remember(baidu("B1"), false, false)).isSameAs(stored);
    }
}
