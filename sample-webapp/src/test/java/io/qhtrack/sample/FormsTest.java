package io.qhtrack.sample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class FormsTest {

    @ParameterizedTest
    @CsvSource({"1, 2345", "3, 7035", "10, 23450", "' 2 ', 4690"})
    void theAmountIsTheServersPriceTimesTheQuantity(String quantity, long fen) {
        OrderForm form = OrderForm.of("QH-1", quantity);
        assertThat(form.errors()).isEmpty();
        assertThat(form.fen()).isEqualTo(fen);
    }

    @Test
    void withoutAQuantityAnOrderIsOneCourse() {
        assertThat(OrderForm.of("QH-1", null).fen()).isEqualTo(OrderForm.PRICE_FEN);
        assertThat(OrderForm.of("QH-1", " ").fen()).isEqualTo(2345);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "11", "-1", "1.5", "abc", "1e1", "100", "２"})
    void quantitiesOutsideOneToTenAreRefused(String quantity) {
        assertThat(OrderForm.of("QH-1", quantity).errors()).containsOnlyKeys("quantity");
    }

    @Test
    void fenAreShownAsYuan() {
        assertThat(OrderForm.yuan(2345)).isEqualTo("23.45");
        assertThat(OrderForm.yuan(23450)).isEqualTo("234.50");
        assertThat(OrderForm.yuan(5)).isEqualTo("0.05");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "QH 1", "<b>", "a/b"})
    void orderIdsOutsideLettersDigitsDashAndUnderscoreAreRefused(String orderId) {
        assertThat(OrderForm.of(orderId, "1").errors()).containsOnlyKeys("orderId");
    }

    @Test
    void aFreshOrderFormHasANewIdAndOneCourse() {
        OrderForm a = OrderForm.fresh();
        assertThat(a.orderId()).matches("QH-[0-9A-F]{8}");
        assertThat(a.quantityText()).isEqualTo("1");
        assertThat(OrderForm.of(a.orderId(), a.quantityText()).valid()).isTrue();
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
