package io.qhtrack.platform.tencent;

import static io.qhtrack.platform.tencent.TencentFixtures.configured;
import static io.qhtrack.platform.tencent.TencentFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Event;
import io.qhtrack.core.spi.EventCatalog;
import io.qhtrack.core.spi.Line;
import io.qhtrack.core.spi.PlatformEvent;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Tencent's action types and DESIGN.md's default mapping, cell by cell, and the deployment's overrides. */
class TencentEventsTest {

    /** DESIGN.md, "Default event mapping", the Tencent column, copied by hand: every other event is blank. */
    private static final Map<Event, String> DESIGN_TABLE = new EnumMap<>(Event.class);

    static {
        DESIGN_TABLE.put(Event.SUBMIT, "RESERVATION");
        DESIGN_TABLE.put(Event.CALL_BUTTON, "MAKE_PHONE_CALL");
        DESIGN_TABLE.put(Event.CALL, "PHONE_CONNECTED");
        DESIGN_TABLE.put(Event.ADVISORY, "CONSULT");
        DESIGN_TABLE.put(Event.LEAVE_CONTACT, "LEAVE_INFORMATION");
        DESIGN_TABLE.put(Event.ORDER, "COMPLETE_ORDER");
        DESIGN_TABLE.put(Event.PLACE_ORDER, "COMPLETE_ORDER");
        DESIGN_TABLE.put(Event.PAY, "PURCHASE");
        DESIGN_TABLE.put(Event.PAY_SUCCESS, "PURCHASE");
        DESIGN_TABLE.put(Event.ADD_FANS_WX, "ADD_WECHAT");
        DESIGN_TABLE.put(Event.REGISTERED, "REGISTER");
    }

    /** The spec page's table of action types with their Chinese names, in its order. */
    private static final Map<String, String> SPEC_TYPES = new LinkedHashMap<>();

    static {
        SPEC_TYPES.put("RESERVATION", "表单预约");
        SPEC_TYPES.put("CONSULT", "咨询");
        SPEC_TYPES.put("ONLINE_CONSULT", "网页咨询");
        SPEC_TYPES.put("MAKE_PHONE_CALL", "拨打电话");
        SPEC_TYPES.put("PHONE_CONNECTED", "电话接通");
        SPEC_TYPES.put("COMPLETE_ORDER", "下单");
        SPEC_TYPES.put("PURCHASE", "付费/购买");
        SPEC_TYPES.put("REGISTER", "注册");
        SPEC_TYPES.put("ADD_WECHAT", "加微信");
        SPEC_TYPES.put("SCANCODE", "加企微");
        SPEC_TYPES.put("LEAVE_INFORMATION", "留资");
        SPEC_TYPES.put("CONFIRM_EFFECTIVE_LEADS", "有效线索");
    }

    private static EventCatalog defaults() {
        return new Tencent().configure(configured()).events();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Event.class)
    void everyCommonConversionMapsAsDesignMdsTableSays(Event event) {
        Optional<String> mapped = defaults().map(event, Line.single()).map(PlatformEvent::wireName);

        assertThat(mapped).isEqualTo(Optional.ofNullable(DESIGN_TABLE.get(event)));
    }

    @Test
    void theUnconfiguredPlatformHasTheSameDefaults() {
        for (Event event : Event.values()) {
            assertThat(new Tencent().events().map(event, Line.single())).as("%s", event)
                    .isEqualTo(defaults().map(event, Line.single()));
        }
    }

    @Test
    void everyActionTypeOfTheSpecIsListedWithItsChineseName() {
        Map<String, String> listed = defaults().events().stream().collect(Collectors.toMap(PlatformEvent::wireName,
                e -> e.consoleName(Line.single()).orElse("?"), (a, b) -> a, LinkedHashMap::new));

        assertThat(listed).containsExactlyEntriesOf(SPEC_TYPES);
    }

    @Test
    void onlyAnOrderAndAPaymentCarryAnAmount() {
        assertThat(ActionType.withValue()).containsExactly("COMPLETE_ORDER", "PURCHASE");
    }

    static Stream<Arguments> overrides() {
        return Stream.of(
                Arguments.of(settings("qhtrack.tencent.events", "SUBMIT=LEAVE_INFORMATION"), Event.SUBMIT,
                        "LEAVE_INFORMATION"),
                Arguments.of(settings("qhtrack.tencent.events", " WX_BUTTON_C = ADD_WECHAT , SUBMIT_BUTTON=RESERVATION"),
                        Event.WX_BUTTON_C, "ADD_WECHAT"),
                Arguments.of(settings("qhtrack.tencent.events", "call="), Event.CALL, null),
                Arguments.of(settings("qhtrack.tencent.events.ADVISORY", "ONLINE_CONSULT"), Event.ADVISORY,
                        "ONLINE_CONSULT"),
                Arguments.of(settings("qhtrack.tencent.events", "PAY=COMPLETE_ORDER", "qhtrack.tencent.events.PAY",
                        "PURCHASE"), Event.PAY, "PURCHASE"),
                Arguments.of(settings("qhtrack.tencent.events.REGISTERED", ""), Event.REGISTERED, null));
    }

    @ParameterizedTest
    @MethodSource("overrides")
    void anOverrideReplacesOneCellAndLeavesTheOthers(io.qhtrack.core.Settings overrides, Event event, String expected) {
        EventCatalog events = new Tencent().configure(overrides).events();

        assertThat(events.map(event, Line.single()).map(PlatformEvent::wireName)).isEqualTo(Optional.ofNullable(expected));
        assertThat(events.map(Event.ORDER, Line.single()).map(PlatformEvent::wireName)).contains("COMPLETE_ORDER");
    }

    @Test
    void anOverrideToATypeTencentDoesNotHaveFailsAtStartUpNamingTheSetting() {
        assertThatThrownBy(() -> new Tencent().configure(settings("qhtrack.tencent.events", "SUBMIT=FORM_SUBMIT")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("qhtrack.tencent.events")
                .hasMessageContaining("FORM_SUBMIT")
                .hasMessageContaining("RESERVATION");
    }

    @Test
    void anOverrideOfAnEventQhtrackDoesNotHaveFailsAtStartUp() {
        assertThatThrownBy(() -> new Tencent().configure(settings("qhtrack.tencent.events.LEAD", "RESERVATION",
                "qhtrack.tencent.events", "LEAD=RESERVATION")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("qhtrack.tencent.events: 'LEAD' is not one of qhtrack's events");
    }
}
