package io.qhtrack.sample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class FormsTest {

    @ParameterizedTest
    @CsvSource({"23.45, 2345", "1, 100", "0.01, 1", "9999999.99, 999999999", "' 23.4 ', 2340"})
    void amountsInYuanBecomeFen(String yuan, long fen) {
        OrderForm form = OrderForm.of("QH-1", yuan);
        assertThat(form.errors()).isEmpty();
        assertThat(form.fen()).isEqualTo(fen);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "0.00", "-1", "1.234", "abc", "1e3", "12,50", "10000000", "¥23.45"})
    void amountsThatAreNotPositiveYuanWithTwoDecimalsAreRefused(String yuan) {
        assertThat(OrderForm.of("QH-1", yuan).errors()).containsOnlyKeys("amount");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "QH 1", "<b>", "a/b"})
    void orderIdsOutsideLettersDigitsDashAndUnderscoreAreRefused(String orderId) {
        assertThat(OrderForm.of(orderId, "23.45").errors()).containsOnlyKeys("orderId");
    }

    @Test
    void aFreshOrderFormHasANewIdAndTheDefaultPrice() {
        OrderForm a = OrderForm.fresh();
        assertThat(a.orderId()).matches("QH-[0-9A-F]{8}");
        assertThat(a.amount()).isEqualTo(OrderForm.DEFAULT_AMOUNT);
        assertThat(OrderForm.of(a.orderId(), a.amount()).valid()).isTrue();
    }

    @Test
    void aLeadNeedsANameAndAPhoneNumber() {
        assertThat(LeadForm.of("张三", "138 0013 8000").valid()).isTrue();
        assertThat(LeadForm.of("  Zhang  ", "+86 138-0013-8000").name()).isEqualTo("Zhang");
        assertThat(LeadForm.of(null, null).errors()).containsOnlyKeys("name", "phone");
        assertThat(LeadForm.of("张三", "call me").errors()).containsOnlyKeys("phone");
        assertThat(LeadForm.of("张".repeat(LeadForm.MAX_NAME + 1), "13800138000").errors()).containsOnlyKeys("name");
    }

    @Test
    void aNameIsKeptAsTypedMarkupIncludedForThePageToEscape() {
        assertThat(LeadForm.of("<img src=x onerror=alert(1)>", "13800138000").name())
                .isEqualTo("<img src=x onerror=alert(1)>");
    }
}
