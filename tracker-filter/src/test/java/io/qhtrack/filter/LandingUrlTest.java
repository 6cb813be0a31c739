package io.qhtrack.filter;

import io.qhtrack.core.spi.LandingParameter;
import io.qhtrack.core.spi.Line;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The landing URL a Baidu or Tencent click keeps: no fragment, the id in the query, at most 1024 characters. */
class LandingUrlTest {

    private static ClickParameters.Found found(String parameter, String id) {
        return new ClickParameters.Found("baidu", LandingParameter.builder(parameter).keepsLandingUrl().build(), id,
                Line.single());
    }

    private static final ClickParameters.Found BD_VID = found("bd_vid", "B1");

    private static Set<String> dropped(String list) {
        return list == null ? Set.of() : Set.of(list.split(","));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        // page URL                                                  | drop-params | landing URL kept
        "https://shop.example/landing?bd_vid=B1                       | -           | https://shop.example/landing?bd_vid=B1",
        "https://shop.example/landing?utm=1&bd_vid=B1&page=2          | -           | https://shop.example/landing?utm=1&bd_vid=B1&page=2",
        "https://shop.example/landing?bd_vid=B1#section-2             | -           | https://shop.example/landing?bd_vid=B1",
        "https://shop.example/landing?bd_vid=B1#/form?bd_vid=B1       | -           | https://shop.example/landing?bd_vid=B1",
        "https://shop.example/app#/form?bd_vid=B1                     | -           | https://shop.example/app?bd_vid=B1",
        "https://shop.example/app?utm=1#/form?x=1&bd_vid=B1           | -           | https://shop.example/app?utm=1&bd_vid=B1",
        "https://shop.example/app?bd_vid=OLD#/form?bd_vid=B1          | -           | https://shop.example/app?bd_vid=OLD&bd_vid=B1",
        "https://shop.example                                         | -           | https://shop.example/?bd_vid=B1",
        "https://shop.example?bd_vid=B1                               | -           | https://shop.example/?bd_vid=B1",
        "HTTP://shop.example:8080/a?bd_vid=B1                         | -           | http://shop.example:8080/a?bd_vid=B1",
        "https://[2001:db8::1]:8443/a?bd_vid=B1                       | -           | https://[2001:db8::1]:8443/a?bd_vid=B1",
        "https://shop.example/landing;jsessionid=0F3A9?bd_vid=B1      | -           | https://shop.example/landing?bd_vid=B1",
        "https://shop.example/a;JSESSIONID=X/b;v=1?bd_vid=B1          | -           | https://shop.example/a/b;v=1?bd_vid=B1",
        "https://shop.example/landing?a=1&&b=2&bd_vid=B1&             | -           | https://shop.example/landing?a=1&b=2&bd_vid=B1",
        "https://shop.example/landing?phone=138&bd_vid=B1&Email=a%40b | phone,email | https://shop.example/landing?bd_vid=B1",
        "https://shop.example/landing?ph%6Fne=138&bd_vid=B1&name      | phone,name  | https://shop.example/landing?bd_vid=B1",
        "https://shop.example/landing?bd_vid=B1&bd_vid=OLD            | bd_vid      | https://shop.example/landing?bd_vid=B1",
        "https://shop.example/landing?bd%5Fvid=B1                     | -           | https://shop.example/landing?bd%5Fvid=B1",
        "https://shop.example/landing?bd_vid=%42%31                   | -           | https://shop.example/landing?bd_vid=%42%31",
        "https://shop.example/路径?q=中&bd_vid=B1                      | -           | https://shop.example/%E8%B7%AF%E5%BE%84?q=%E4%B8%AD&bd_vid=B1",
        "https://shop.example/a b?q=\"x\"&bd_vid=B1                   | -           | https://shop.example/a%20b?q=\"x\"&bd_vid=B1",
        "ftp://shop.example/?bd_vid=B1                                | -           | -",
        "//shop.example/?bd_vid=B1                                    | -           | -",
        "/landing?bd_vid=B1                                           | -           | -",
        "https://user@shop.example/?bd_vid=B1                         | -           | -",
        "https://shop.example\\evil/?bd_vid=B1                        | -           | -",
        "https:///?bd_vid=B1                                          | -           | -",
    })
    void aPagesUrlIsKeptWithoutItsFragmentWithTheIdInItsQuery(String page, String drop, String kept) {
        assertThat(LandingUrl.ofPage(page, BD_VID, dropped(drop))).isEqualTo(kept);
    }

    /** {@code count} parameters {@code p<i>=<value of 20 x>}, separated by {@code &}. */
    private static String parameters(int from, int count) {
        return IntStream.range(from, from + count).mapToObj(i -> "p" + i + "=" + "x".repeat(20))
                .collect(Collectors.joining("&"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        // where the click parameter is         | parameters before | after | kept before | kept after
        "first                                   | 0                 | 60    | 0           | 39",
        "last                                    | 60                | 0     | 39          | 0",
        "in the middle                           | 30                | 30    | 30          | 9",
        "in the middle, more before than fit     | 50                | 10    | 39          | 0",
    })
    void aLongUrlLosesItsOtherParametersTheLastFirstNeverTheClickParameter(String where, int before, int after,
            int keptBefore, int keptAfter) {
        String origin = "https://shop.example/landing";
        String query = (before == 0 ? "" : parameters(0, before) + "&") + "bd_vid=B1"
                + (after == 0 ? "" : "&" + parameters(before, after));

        String kept = LandingUrl.ofPage(origin + "?" + query, BD_VID, Set.of());

        String expected = origin + "?" + (keptBefore == 0 ? "" : parameters(0, keptBefore) + "&") + "bd_vid=B1"
                + (keptAfter == 0 ? "" : "&" + parameters(before, keptAfter));
        assertThat(kept).isEqualTo(expected);
        assertThat(kept.length()).isLessThanOrEqualTo(LandingUrl.MAX_LENGTH)
                .isGreaterThan(LandingUrl.MAX_LENGTH - 25); // nothing dropped that would have fitted
    }

    @Test
    void aUrlOfExactly1024CharactersIsKeptWhole() {
        String prefix = "https://shop.example/landing?bd_vid=B1&pad=";
        String url = prefix + "y".repeat(1024 - prefix.length());

        assertThat(LandingUrl.ofPage(url, BD_VID, Set.of())).isEqualTo(url).hasSize(1024);
        assertThat(LandingUrl.ofPage(url + "y", BD_VID, Set.of())).isEqualTo("https://shop.example/landing?bd_vid=B1");
    }

    @Test
    void aPathTooLongForTheClickParameterBesideItBecomesTheRoot() {
        String url = "https://shop.example/" + "p".repeat(1100) + "?a=1&bd_vid=B1";

        assertThat(LandingUrl.ofPage(url, BD_VID, Set.of())).isEqualTo("https://shop.example/?bd_vid=B1");
    }

    @Test
    void anIdTooLongToFitInAnyUrlKeepsNoUrl() {
        ClickParameters.Found huge = found("callback", "c".repeat(1100));

        assertThat(LandingUrl.ofPage("https://shop.example/?callback=" + "c".repeat(1100), huge, Set.of())).isNull();
    }

    @Test
    void theMinimalFormKeepsOriginPathAndTheClickParameter() {
        String url = "https://shop.example/landing?utm=1&gdt_vid=G1&page=2";

        assertThat(LandingUrl.minimal(url, "G1")).isEqualTo("https://shop.example/landing?gdt_vid=G1");
        assertThat(LandingUrl.minimal(url, "NOT-THERE")).isEqualTo(url);
    }

    @Test
    void printableLeavesAsciiAsItIsAndEncodesTheRestAsUtf8() {
        assertThat(LandingUrl.printable("a-Z_~!$&'()*+,;=:@/?%41")).isEqualTo("a-Z_~!$&'()*+,;=:@/?%41");
        assertThat(LandingUrl.printable("a b#\r\n\u0000\u007f中😀")).isEqualTo(
                "a%20b%23%0D%0A%00%7F%E4%B8%AD%F0%9F%98%80");
    }
}
