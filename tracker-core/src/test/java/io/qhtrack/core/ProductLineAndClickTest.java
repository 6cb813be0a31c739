package io.qhtrack.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The product-line table (sections 1 and 4.4) and click ids. */
class ProductLineAndClickTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "MOBILE_PROMOTION, web, ocpc_web_convert, impression_id, impression_id, MOBILE,  false, false",
        "PC_SEARCH,        ps,  ocpc_ps_convert,  qhclickid,     qhclickid,     SEARCH,  false, true",
        "MOBILE_SEARCH,    ms,  ocpc_ms_convert,  qhclickid,     qhclickid,     SEARCH,  false, true",
        "DISPLAY,          zs,  ocpc_zs_convert,  sourceid,      qhclickid,     DISPLAY, true,  true",
    })
    void eachLineHasTheDocumentsNamesFieldsAndAccount(ProductLine line, String shortName, String wire,
            String parameter, String field, Account account, boolean jzqs, boolean eventParams) {
        assertThat(line.shortName()).isEqualTo(shortName);
        assertThat(line.wireName()).isEqualTo(wire);
        assertThat(line.clickParameter()).isEqualTo(parameter);
        assertThat(line.clickField()).isEqualTo(field);
        assertThat(line.account()).isEqualTo(account);
        assertThat(line.requiresJzqs()).isEqualTo(jzqs);
        assertThat(line.acceptsEventParams()).isEqualTo(eventParams);
    }

    @ParameterizedTest(name = "find(\"{0}\") = {1}")
    @CsvSource({
        "web, MOBILE_PROMOTION", "ps, PC_SEARCH", "ms, MOBILE_SEARCH", "zs, DISPLAY",
        "ocpc_web_convert, MOBILE_PROMOTION", "OCPC_ZS_CONVERT, DISPLAY", "' PS ', PC_SEARCH",
    })
    void findAcceptsShortAndWireNames(String name, ProductLine line) {
        assertThat(ProductLine.find(name)).contains(line);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "search", "pc", "display", "ocpc_convert"})
    void findRefusesOtherNames(String name) {
        assertThat(ProductLine.find(name)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"9356596331006111412", "abcdefghijkl", "1234567890123456", "a.b_c-D", "x"})
    void plausibleClickIdsAreAccepted(String id) {
        assertThat(Click.problemWithId(id)).isEmpty();
        assertThat(Click.of(ProductLine.PC_SEARCH, id, Instant.EPOCH).id()).isEqualTo(id);
    }

    @ParameterizedTest(name = "\"{0}\": {1}")
    @CsvSource(delimiter = '|', value = {
        "''                    | is empty",
        "__impression_id__     | macro",
        "__sourceid__          | macro",
        "abc def               | character outside",
        "abc%20def             | character outside",
        "点击                   | character outside",
        "abc\"><script>        | character outside",
    })
    void implausibleClickIdsAreRefusedWithAReason(String id, String reason) {
        assertThat(Click.problemWithId(id)).hasValueSatisfying(p -> assertThat(p).contains(reason));
        assertThatThrownBy(() -> Click.of(ProductLine.DISPLAY, id, Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void aClickIdLongerThan128CharactersIsRefused() {
        assertThat(Click.problemWithId("1".repeat(128))).isEmpty();
        assertThat(Click.problemWithId("1".repeat(129))).hasValueSatisfying(p -> assertThat(p).contains("129"));
    }

    @Test
    void controlCharactersInARefusedIdAreEscapedInTheReason() {
        assertThat(Click.problemWithId("ab\ncd")).hasValueSatisfying(p -> assertThat(p).contains("\\u000a")
                .doesNotContain("\n"));
    }

    @Test
    void theSameClickCapturedAtAnotherTimeIsTheSameClick() {
        Click a = Click.of(ProductLine.PC_SEARCH, "123", Instant.ofEpochSecond(1));
        Click b = Click.of(ProductLine.PC_SEARCH, "123", Instant.ofEpochSecond(2));
        Click otherLine = Click.of(ProductLine.MOBILE_SEARCH, "123", Instant.ofEpochSecond(1));

        assertThat(a.isSameClickAs(b)).isTrue();
        assertThat(a).isNotEqualTo(b);
        assertThat(a.isSameClickAs(otherLine)).isFalse();
    }
}
