package io.qhtrack.filter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** The raw query-string scanner: which parameter wins, decoding, and the allocation-free miss. */
class ClickParametersTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        // query                                           | parameter     | id
        "qhclickid=8817632001234567890                     | qhclickid     | 8817632001234567890",
        "sourceid=abcdef123456                             | sourceid      | abcdef123456",
        "impression_id=imp.1-2_3                           | impression_id | imp.1-2_3",
        "a=1&b=2&qhclickid=Q1                              | qhclickid     | Q1",
        "qhclickid=Q1&a=1                                  | qhclickid     | Q1",
        "qhclickid=OLD&qhclickid=NEW                       | qhclickid     | NEW",
        "qhclickid=GOOD&qhclickid=__qhclickid__            | qhclickid     | GOOD",
        "qhclickid=GOOD&qhclickid=                         | qhclickid     | GOOD",
        "qhclickid=GOOD&qhclickid                          | qhclickid     | GOOD",
        "qhclickid=Q1&sourceid=S1                          | sourceid      | S1",
        "sourceid=S1&qhclickid=Q1                          | qhclickid     | Q1",
        "impression_id=__impression_id__&sourceid=S1       | sourceid      | S1",
        "qhclickid=%41%62c                                 | qhclickid     | Abc",
        "%71hclickid=Q2                                    | qhclickid     | Q2",
        "impression%5Fid=I2                                | impression_id | I2",
        "a=1?b=2&qhclickid=Q3                              | qhclickid     | Q3",
        "&&qhclickid=Q4&&                                  | qhclickid     | Q4",
        "qhclickid=%2541                                   | -             | -",
        "qhclickid=a+b                                     | -             | -",
        "qhclickid=%zz                                     | -             | -",
        "qhclickid=%E4%B8%AD                               | -             | -",
        "qhclickid=%EF%BC%91                               | -             | -",
        "qhclickid=%ef%bc%91%ef%bc%91                      | -             | -",
        "QHCLICKID=Q5                                      | -             | -",
        "qhclickid2=Q6                                     | -             | -",
        "xqhclickid=Q7                                     | -             | -",
        "q=qhclickid%3DQ8                                  | -             | -",
        "a=1&b=2                                           | -             | -",
        "''                                                | -             | -",
    })
    void findsTheLastAcceptableClickParameter(String query, String parameter, String id) {
        ClickParameters.Found found = ClickParameters.find(query);

        if (parameter == null) {
            assertThat(found).isNull();
        } else {
            assertThat(found).isEqualTo(new ClickParameters.Found(parameter, id));
        }
    }

    @Test
    void nullQueryIsNoClick() {
        assertThat(ClickParameters.find(null)).isNull();
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
            "a=1", "clickid=1&source=2&impression=3&qhclickid_x=4&sourceids=5", "keyword=%E9%B2%9C%E8%8A%B1",
        };
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        for (int i = 0; i < 20_000; i++) { // warm up until the JIT has compiled the scanner
            ClickParameters.find(queries[i & 3]);
        }
        long before = threads.getThreadAllocatedBytes(thread);
        int found = 0;
        for (int i = 0; i < 100_000; i++) {
            if (ClickParameters.find(queries[i & 3]) != null) {
                found++;
            }
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertThat(found).isZero();
        assertThat(allocated).as("bytes allocated by 100,000 scans").isLessThan(10_000);
    }
}
