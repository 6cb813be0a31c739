package io.qhtrack.filter;

import io.qhtrack.core.Settings;
import io.qhtrack.core.spi.LandingRequest;
import io.qhtrack.core.spi.Line;
import io.qhtrack.core.spi.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The raw query-string scanner: which parameter of which platform wins, decoding, and the allocation-free miss. */
class ClickParametersTest {

    private static final ClickParameters ALL = TestPlatforms.parameters();
    private static final LandingRequest PC = TestPlatforms.landing("Mozilla/5.0 (Windows NT 10.0; Win64; x64)");

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        // query                                           | platform | parameter     | id                  | line
        "qhclickid=8817632001234567890                     | qihoo360 | qhclickid     | 8817632001234567890 | ps",
        "sourceid=abcdef123456                             | qihoo360 | sourceid      | abcdef123456        | zs",
        "impression_id=imp.1-2_3                           | qihoo360 | impression_id | imp.1-2_3           | web",
        "a=1&b=2&qhclickid=Q1                              | qihoo360 | qhclickid     | Q1                  | ps",
        "qhclickid=Q1&a=1                                  | qihoo360 | qhclickid     | Q1                  | ps",
        "qhclickid=OLD&qhclickid=NEW                       | qihoo360 | qhclickid     | NEW                 | ps",
        "qhclickid=GOOD&qhclickid=__qhclickid__            | qihoo360 | qhclickid     | GOOD                | ps",
        "qhclickid=GOOD&qhclickid=                         | qihoo360 | qhclickid     | GOOD                | ps",
        "qhclickid=GOOD&qhclickid                          | qihoo360 | qhclickid     | GOOD                | ps",
        "qhclickid=Q1&sourceid=S1                          | qihoo360 | sourceid      | S1                  | zs",
        "sourceid=S1&qhclickid=Q1                          | qihoo360 | qhclickid     | Q1                  | ps",
        "impression_id=__impression_id__&sourceid=S1       | qihoo360 | sourceid      | S1                  | zs",
        "qhclickid=%41%62c                                 | qihoo360 | qhclickid     | Abc                 | ps",
        "%71hclickid=Q2                                    | qihoo360 | qhclickid     | Q2                  | ps",
        "impression%5Fid=I2                                | qihoo360 | impression_id | I2                  | web",
        "a=1?b=2&qhclickid=Q3                              | qihoo360 | qhclickid     | Q3                  | ps",
        "&&qhclickid=Q4&&                                  | qihoo360 | qhclickid     | Q4                  | ps",
        "qhclickid=%2541                                   | -        | -             | -                   | -",
        "qhclickid=a+b                                     | -        | -             | -                   | -",
        "qhclickid=%zz                                     | -        | -             | -                   | -",
        "qhclickid=%E4%B8%AD                               | -        | -             | -                   | -",
        "qhclickid=%EF%BC%91                               | -        | -             | -                   | -",
        "qhclickid=%ef%bc%91%ef%bc%91                      | -        | -             | -                   | -",
        "QHCLICKID=Q5                                      | -        | -             | -                   | -",
        "qhclickid2=Q6                                     | -        | -             | -                   | -",
        "xqhclickid=Q7                                     | -        | -             | -                   | -",
        "q=qhclickid%3DQ8                                  | -        | -             | -                   | -",
        "a=1&b=2                                           | -        | -             | -                   | -",
        "''                                                | -        | -             | -                   | -",
        // Baidu and Tencent
        "bd_vid=BD1234567890abcdef                         | baidu    | bd_vid        | BD1234567890abcdef  | default",
        "utm_source=baidu&bd_vid=B1&page=2                 | baidu    | bd_vid        | B1                  | default",
        "gdt_vid=wx0123456789abcdef                        | tencent  | gdt_vid       | wx0123456789abcdef  | default",
        "qz_gdt=qz0123456789abcdef                         | tencent  | qz_gdt        | qz0123456789abcdef  | default",
        "gdt_vid=G1&qz_gdt=Q1                              | tencent  | gdt_vid       | G1                  | default",
        "qz_gdt=Q1&gdt_vid=G1                              | tencent  | gdt_vid       | G1                  | default",
        "gdt_vid=G1&bd_vid=B1&qz_gdt=Q1                    | tencent  | gdt_vid       | G1                  | default",
        "gdt_vid=G1&qz_gdt=Q1&bd_vid=B1                    | baidu    | bd_vid        | B1                  | default",
        "qz_gdt=Q1&gdt_vid=__GDT_VID__                     | tencent  | qz_gdt        | Q1                  | default",
        "bd_vid=B1&qhclickid=Q2                            | qihoo360 | qhclickid     | Q2                  | ps",
        "qhclickid=Q2&bd_vid=B1                            | baidu    | bd_vid        | B1                  | default",
        "sourceid=S1&gdt_vid=G1&sourceid=S2                | qihoo360 | sourceid      | S2                  | zs",
        "bd%5Fvid=B2                                       | baidu    | bd_vid        | B2                  | default",
        "qz_gd%74=Q3                                       | tencent  | qz_gdt        | Q3                  | default",
        "bd_vid=B1&bd_vid=B2                               | baidu    | bd_vid        | B2                  | default",
        "bd_vid=B1&bd_vid=                                 | baidu    | bd_vid        | B1                  | default",
        "bd_vid=__BD_VID__                                 | -        | -             | -                   | -",
        "bd_vid={bd_vid}                                   | -        | -             | -                   | -",
        "bd_vid=%7Bbd_vid%7D                               | -        | -             | -                   | -",
        "gdt_vid=%%GDT_VID%%                               | -        | -             | -                   | -",
        "qz_gdt=%25%25QZ_GDT%25%25                         | -        | -             | -                   | -",
        "bd_vid=a%0d%0aSet-Cookie:x                        | -        | -             | -                   | -",
        "BD_VID=B1                                         | -        | -             | -                   | -",
        "xbd_vid=B1&bd_vid2=B2&gdt_vidx=G&qz_gdt_=Q        | -        | -             | -                   | -",
        "q=bd_vid%3DB1                                     | -        | -             | -                   | -",
    })
    void findsTheLastAcceptableClickParameter(String query, String platform, String parameter, String id,
            String line) {
        ClickParameters.Found found = ALL.find(query, PC);

        if (parameter == null) {
            assertThat(found).isNull();
        } else {
            assertThat(found.platform()).isEqualTo(platform);
            assertThat(found.parameter()).isEqualTo(parameter);
            assertThat(found.id()).isEqualTo(id);
            assertThat(found.line().id()).isEqualTo(line);
        }
    }

    @Test
    void overlongIdsAreIgnoredForEveryNewParameter() {
        for (String name : new String[] {"bd_vid", "gdt_vid", "qz_gdt"}) {
            assertThat(ALL.find(name + "=" + "a".repeat(129), PC)).as(name).isNull();
            assertThat(ALL.find(name + "=" + "a".repeat(128), PC)).as(name).isNotNull();
            assertThat(ALL.find(name + "=" + "%61".repeat(129), PC)).as(name + ", encoded").isNull();
        }
    }

    @Test
    void aQihoo360SearchClickIsOnTheLineTheUserAgentSays() {
        ClickParameters.Found found = ALL.find("qhclickid=Q1", TestPlatforms.landing(
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 Safari/604.1"));

        assertThat(found.line().id()).isEqualTo("ms");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bd_vid=B1", "gdt_vid=G1", "qz_gdt=Q1"})
    void aPlatformThatIsNotEnabledIsNotCaptured(String query) {
        ClickParameters parameters = CapturePlatforms.parameters(TestPlatforms.notConfigured());

        assertThat(parameters.find(query, PC)).isNull();
        assertThat(parameters.find("qhclickid=Q9&" + query, PC).id()).as("the 360 click before it").isEqualTo("Q9");
        assertThat(parameters.names()).containsExactly("qhclickid", "sourceid", "impression_id");
    }

    @Test
    void theNamesAreEveryEnabledPlatformsInOrder() {
        assertThat(ALL.names()).containsExactly("qhclickid", "sourceid", "impression_id", "bd_vid", "gdt_vid",
                "qz_gdt");
        assertThat(ALL.describe()).isEqualTo("qihoo360 [qhclickid, sourceid, impression_id], baidu [bd_vid], "
                + "tencent [gdt_vid, qz_gdt]");
    }

    @Test
    void aPlatformOfTheServiceLoaderWithTheFiltersIdReplacesTheBuiltIn360() {
        Platform own360 = new Platform360ForTests();

        ClickParameters parameters = CapturePlatforms.parameters(List.of(own360));

        assertThat(parameters.names()).containsExactly("qhclickid");
        assertThat(parameters.find("qhclickid=Q1", PC).line()).isEqualTo(Line.of("ps", "ps", "test"));
        assertThat(parameters.find("sourceid=S1", PC)).isNull();
    }

    @Test
    void nullQueryIsNoClick() {
        assertThat(ALL.scan(null)).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a=1&b=2                   | false",
        "utm=x&page=2              | false",
        "id=1                      | true",
        "format=json               | true",
        "x%64=1                    | true",
        "x%74=1                    | true",
        "x%7a=1                    | false",
        "''                        | false",
        "=                         | false",
    })
    void aStringMayHoldAClickOnlyWithAnEqualsSignAfterTheLastCharacterOfAName(String s, boolean may) {
        assertThat(ALL.mayHoldOne(s, 0)).isEqualTo(may);
    }

    @Test
    void fullwidthDigitsAreNotHexDigits() {
        assertThat(ClickParameters.decode("%４１", 0, 3)).isNull();
    }

    @Test
    void decodesUtf8Once() {
        String s = "%E4%B8%AD+%2541";
        assertThat(ClickParameters.decode(s, 0, s.length())).isEqualTo("中 %41");
    }

    @Test
    void queryWithoutClickParametersIsScannedWithoutAllocating() {
        String[] queries = {
            "utm_source=360&utm_medium=cpc&utm_campaign=%E6%98%A5%E5%AD%A3&page=2&sort=price",
            "a=1&format=json&limit=20&offset=40&width=2", "clickid=1&source=2&impression=3&qhclickid_x=4&sourceids=5",
            "keyword=%E9%B2%9C%E8%8A%B1&bd_vi%64x=1&qz_gd%75=1&gdt_vid&list=%74=",
        };
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        for (int i = 0; i < 20_000; i++) { // warm up until the JIT has compiled the scanner
            ALL.scan(queries[i & 3]);
        }
        long before = threads.getThreadAllocatedBytes(thread);
        int found = 0;
        for (int i = 0; i < 100_000; i++) {
            if (ALL.scan(queries[i & 3]) != null) {
                found++;
            }
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertThat(found).isZero();
        assertThat(allocated).as("bytes allocated by 100,000 scans").isLessThan(10_000);
    }
}
