package io.qhtrack.filter;

import io.qhtrack.core.Click;
import io.qhtrack.core.ProductLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClickCodecTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final Duration WINDOW = Duration.ofDays(30);

    @ParameterizedTest
    @EnumSource(ProductLine.class)
    void roundTripsEveryLine(ProductLine line) {
        Click click = Click.of(line, "Ab-_.9", T0);

        String value = ClickCodec.encode(click);

        assertThat(value).isEqualTo("q1:" + line.shortName() + ":1735689600:Ab-_.9");
        assertThat(ClickCodec.decode(value)).contains(click);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "q1", "q1:", "q1:ps", "q1:ps:", "q1:ps:1735689600", "q1:ps:1735689600:",
        "q1:PS:1735689600:A", "q1:ocpc_ps_convert:1735689600:A", "q0:ps:1735689600:A", "Q1:ps:1735689600:A",
        "q1:ps:+1735689600:A", "q1:ps:1735689600.0:A", "q1:ps:1234567890123:A", "q1:ps:1735689600:A:B",
        "q1:ps:1735689600:A B", "q1:ps:1735689600:__x__", " q1:ps:1735689600:A", "q1:ps:１:A"})
    void malformedValuesDecodeToNothing(String value) {
        assertThat(ClickCodec.decode(value)).isEmpty();
    }

    @Test
    void tooLongValueDecodesToNothing() {
        assertThat(ClickCodec.decode("q1:ps:1735689600:" + "A".repeat(129))).isEmpty();
        assertThat(ClickCodec.decode("q1:ps:1735689600:" + "A".repeat(128))).isPresent();
    }

    @Test
    void attributionWindowIsHalfOpen() {
        String value = ClickCodec.encode(Click.of(ProductLine.DISPLAY, "D1", T0));

        assertThat(ClickCodec.decode(value, T0.plus(WINDOW).minusSeconds(1), WINDOW)).isPresent();
        assertThat(ClickCodec.decode(value, T0.plus(WINDOW), WINDOW)).isEmpty();
    }

    @Test
    void captureTimeSlightlyInTheFutureIsClockSkewBeyondAnHourIsNot() {
        String value = ClickCodec.encode(Click.of(ProductLine.DISPLAY, "D1", T0));

        assertThat(ClickCodec.decode(value, T0.minus(Duration.ofMinutes(59)), WINDOW)).isPresent();
        assertThat(ClickCodec.decode(value, T0.minus(Duration.ofMinutes(61)), WINDOW)).isEmpty();
    }

    // ---- values written by the previous release, read as they are ------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // a value today's code wrote, verbatim                                   | line | id                  | superseded
        "q1:ps:1735689600:8817632001234567890                                     | ps   | 8817632001234567890 | ''",
        "q1:ms:1735689600:Ab-_.9                                                  | ms   | Ab-_.9              | ''",
        "q1:zs:1735689600:abcdef123456                                            | zs   | abcdef123456        | ''",
        "q1:web:1735689600:imp.1-2_3                                              | web  | imp.1-2_3           | ''",
        "q2:ps:1735689600:B2:FqNuhvb-                                             | ps   | B2                  | FqNuhvb-",
        "q2:zs:1735689600:C3:q9vCtcws.FqNuhvb-                                    | zs   | C3                  | q9vCtcws.FqNuhvb-",
    })
    void valuesThePreviousReleaseWroteAreRead(String value, String line, String id, String superseded) {
        StoredClick stored = ClickCodec.decodeStored(value).orElseThrow();

        assertThat(stored.click).isEqualTo(Click.of(ProductLine.find(line).orElseThrow(), id, T0));
        assertThat(stored.click.platform()).isEqualTo("qihoo360");
        assertThat(stored.clicks).hasSize(1);
        assertThat(stored.superseded).isEqualTo(superseded);
        assertThat(ClickCodec.encode(stored)).as("and written the same way, for nodes of that release").isEqualTo(value);
    }

    @Test
    void theFingerprintsThePreviousReleaseWroteAreTheSame() {
        assertThat(StoredClick.fingerprint("A1")).isEqualTo("FqNuhvb-");
        assertThat(StoredClick.fingerprint("B2")).isEqualTo("q9vCtcws");
    }

    // ---- q3: any platform's clicks -----------------------------------------------------------------------------

    private static Click baidu(String id, String url) {
        return Click.builder("baidu", id).capturedAt(T0).landingUrl(url).build();
    }

    @Test
    void aBaiduClickIsWrittenWithItsPlatformLineTenantAndLandingUrl() {
        Click click = baidu("B1", "https://shop.example/landing?utm=%E6%98%A5&bd_vid=B1");

        String value = ClickCodec.encode(click);

        assertThat(value).isEqualTo("q3:|baidu:default:default:1735689600:B1:https://shop.example/landing?utm=%25E6%2598"
                + "%25A5&bd_vid=B1");
        assertThat(ClickCodec.decode(value)).contains(click);
    }

    @Test
    void aLandingUrlIsPercentEncodedToCookieOctetsAndBack() {
        Click click = baidu("B1", "https://shop.example/a;b,c\\d?q=\"x\"|y&bd_vid=B1");

        String value = ClickCodec.encode(click);

        assertThat(value).endsWith(":https://shop.example/a%3Bb%2Cc%5Cd?q=%22x%22%7Cy&bd_vid=B1");
        for (char c : value.toCharArray()) {
            assertThat(c > 0x20 && c < 0x7f && c != '"' && c != ',' && c != ';' && c != '\\')
                    .as("cookie-octet %s in %s", c, value).isTrue();
        }
        assertThat(ClickCodec.decode(value)).contains(click);
    }

    @Test
    void aQihoo360ClickOfAnotherTenantOrWithALandingUrlIsQ3() {
        Click tenant = Click.builder("qihoo360", "Q1").line("ps").tenant("shop-2").capturedAt(T0).build();

        assertThat(ClickCodec.encode(tenant)).isEqualTo("q3:|qihoo360:ps:shop-2:1735689600:Q1:");
        assertThat(ClickCodec.decode(ClickCodec.encode(tenant))).contains(tenant);
    }

    @Test
    void severalClicksRoundTripTheLatestFirstWithTheirFingerprints() {
        Click q = Click.of(ProductLine.DISPLAY, "Q1", T0.plusSeconds(60));
        Click b = baidu("B1", "https://shop.example/?bd_vid=B1");
        StoredClick stored = new StoredClick(List.of(q, b), StoredClick.fingerprint("B0"));

        String value = ClickCodec.encode(stored);

        assertThat(value).isEqualTo("q3:" + StoredClick.fingerprint("B0") + "|qihoo360:zs:default:1735689660:Q1:"
                + "|baidu:default:default:1735689600:B1:https://shop.example/?bd_vid=B1");
        assertThat(ClickCodec.decodeStored(value)).contains(stored);
    }

    @ParameterizedTest
    @ValueSource(strings = {"q3:", "q3:|", "q3:||", "q3:|baidu:default:default:1735689600:B1", "q3:x|baidu:default:"
        + "default:1735689600:B1:", "q3:|Baidu:default:default:1735689600:B1:", "q3:|b:default:default:1735689600:B1:",
        "q3:|baidu:DEFAULT:default:1735689600:B1:", "q3:|baidu:default::1735689600:B1:",
        "q3:|baidu:default:de fault:1735689600:B1:", "q3:|baidu:default:default:-1:B1:",
        "q3:|baidu:default:default:1735689600:__B1__:", "q3:|baidu:default:default:1735689600:B1:ftp://x/",
        "q3:|baidu:default:default:1735689600:B1:https://x/#f", "q3:|baidu:default:default:1735689600:B1:https://x/%",
        "q3:|baidu:default:default:1735689600:B1:https://x/%zz", "q3:|baidu:default:default:1735689600:B1:https://x/%0A",
        "q3:|baidu:default:default:1735689600:B1:https://x/%C3%A4", "q3:|baidu:default:default:1735689600:B1:|",
        "q4:|baidu:default:default:1735689600:B1:", "Q3:|baidu:default:default:1735689600:B1:"})
    void malformedQ3ValuesDecodeToNothing(String value) {
        assertThat(ClickCodec.decodeStored(value)).isEmpty();
    }

    @Test
    void moreThanSixteenClicksOrAValueOver3800CharactersDecodesToNothing() {
        StringBuilder value = new StringBuilder("q3:");
        for (int i = 0; i < 17; i++) {
            value.append("|p").append(i).append(":default:default:1735689600:X").append(i).append(':');
        }
        assertThat(ClickCodec.decodeStored(value.toString())).isEmpty();
        assertThat(ClickCodec.decodeStored("q3:|baidu:default:default:1735689600:B1:https://x/?"
                + "a".repeat(ClickCodec.MAX_LENGTH))).isEmpty();
    }

    // ---- under 4 KB -------------------------------------------------------------------------------------------

    /** A click of platform {@code p<i>} with a landing URL of about 1000 characters, {@code %}-heavy. */
    private static Click longUrlClick(int i) {
        String url = "https://shop.example/landing?kw=" + "%E6%98%A5".repeat(100) + "&c=p" + i + "id&pad="
                + "z".repeat(60);
        return Click.builder("p" + i, "p" + i + "id").capturedAt(T0.plusSeconds(i)).landingUrl(url).build();
    }

    @Test
    void aValueThatDoesNotFitCutsTheOldestClicksLandingUrlsFirst() {
        StoredClick stored = new StoredClick(List.of(longUrlClick(3), longUrlClick(2), longUrlClick(1)), "");
        assertThat(ClickCodec.encode(stored).length()).isGreaterThan(ClickCodec.MAX_LENGTH);

        StoredClick fitted = ClickCodec.fit(stored);

        assertThat(ClickCodec.encode(fitted).length()).isLessThanOrEqualTo(ClickCodec.MAX_LENGTH);
        assertThat(fitted.clicks).extracting(Click::id).containsExactly("p3id", "p2id", "p1id");
        assertThat(fitted.click).as("the latest, whole").isEqualTo(stored.click);
        assertThat(fitted.clicks.get(2).landingUrl()).hasValue("https://shop.example/landing?c=p1id");
    }

    @Test
    void whenCutUrlsAreNotEnoughTheOldestClicksGoNeverTheLatest() {
        List<Click> clicks = new java.util.ArrayList<>();
        for (int i = 15; i >= 0; i--) {
            clicks.add(Click.builder("p" + i, "x".repeat(120) + i).capturedAt(T0.plusSeconds(i))
                    .landingUrl("https://shop.example/landing?id=" + "x".repeat(120) + i + "&more=1").build());
        }

        StoredClick fitted = ClickCodec.fit(new StoredClick(clicks, ""));

        assertThat(ClickCodec.encode(fitted).length()).isLessThanOrEqualTo(ClickCodec.MAX_LENGTH);
        assertThat(fitted.clicks.size()).isBetween(2, 15);
        assertThat(fitted.click.platform()).isEqualTo("p15");
        assertThat(fitted.clicks).extracting(Click::platform).containsExactlyElementsOf(clicks.subList(0,
                fitted.clicks.size()).stream().map(Click::platform).toList());
    }

    @Test
    void aValueThatFitsIsLeftAlone() {
        StoredClick stored = new StoredClick(List.of(longUrlClick(2), longUrlClick(1)), "");

        assertThat(ClickCodec.fit(stored)).isSameAs(stored);
    }
}
