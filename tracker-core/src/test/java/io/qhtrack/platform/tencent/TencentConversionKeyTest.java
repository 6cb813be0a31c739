package io.qhtrack.platform.tencent;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.spi.Line;
import io.qhtrack.core.spi.PlatformEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which of Tencent's action types need a conversion key: what the CLI and the browser-event endpoint ask. */
class TencentConversionKeyTest {

    @ParameterizedTest
    @CsvSource({
        "RESERVATION, true", "LEAVE_INFORMATION, true", "COMPLETE_ORDER, true", "PURCHASE, true",
        "CONSULT, false", "ONLINE_CONSULT, false", "MAKE_PHONE_CALL, false", "PHONE_CONNECTED, false",
        "REGISTER, false", "ADD_WECHAT, false", "SCANCODE, false", "CONFIRM_EFFECTIVE_LEADS, false",
        "NOT_A_TYPE, false"})
    void formsOrdersAndPaymentsRequireAKey(String actionType, boolean required) {
        assertThat(new Tencent().codec().requiresConversionKey(Line.single(), PlatformEvent.of(actionType, "")))
                .isEqualTo(required);
    }
}
