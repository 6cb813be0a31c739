package io.qhtrack.platform.baidu;

import static io.qhtrack.platform.baidu.BaiduFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Event;
import io.qhtrack.core.spi.EventMapping;
import io.qhtrack.core.spi.Line;
import io.qhtrack.core.spi.PlatformEvent;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class BaiduEventsTest {

    /** DESIGN.md, "Default event mapping", the Baidu column, copied cell by cell; every other event is blank. */
    private static final Map<Event, String> DESIGN_TABLE = Map.ofEntries(
            Map.entry(Event.SUBMIT, "3"),
            Map.entry(Event.SUBMIT_BUTTON, "5"),
            Map.entry(Event.CALL_BUTTON, "2"),
            Map.entry(Event.CALL, "30"),
            Map.entry(Event.ADVISORY_BUTTON, "1"),
            Map.entry(Event.ADVISORY, "19"),
            Map.entry(Event.EFFECTIVE_ADVISORY, "17"),
            Map.entry(Event.LEAVE_CONTACT, "18"),
            Map.entry(Event.ORDER, "14"),
            Map.entry(Event.PLACE_ORDER, "14"),
            Map.entry(Event.PAY, "26"),
            Map.entry(Event.PAY_SUCCESS, "10"),
            Map.entry(Event.WX_BUTTON_C, "35"),
            Map.entry(Event.ADD_FANS_WX, "79"),
            Map.entry(Event.SITE_VISIT_DEPTH, "20"),
            Map.entry(Event.VPPV, "20"));

    @ParameterizedTest
    @EnumSource(Event.class)
    void everyCommonConversionMapsAsDesignsTableSays(Event event) {
        Optional<PlatformEvent> mapped = new Baidu().events().map(event, Line.single());

        assertThat(mapped.map(PlatformEvent::wireName)).isEqualTo(Optional.ofNullable(DESIGN_TABLE.get(event)));
    }

    @Test
    void noDefaultMapsToTheDisputedType4() {
        assertThat(new Baidu().events().mapping().values()).extracting(PlatformEvent::wireName).doesNotContain("4");
    }

    @ParameterizedTest
    @CsvSource({
        "1, 咨询按钮点击", "2, 电话按钮点击", "3, 表单提交成功", "5, 表单按钮点击", "10, 购买成功", "14, 订单提交成功",
        "17, 三句话咨询", "18, 留线索", "19, 一句话咨询", "20, 深度页面访问", "26, 付费", "30, 电话拨通",
        "35, 微信复制按钮点击", "45, 商品下单成功", "79, 微信加粉成功"})
    void everyTypeOfTheSpecPageIsListedWithItsConsoleName(String newType, String consoleName) {
        PlatformEvent e = new Baidu().events().find(newType).orElseThrow();

        assertThat(e.consoleName(Line.single())).contains(consoleName);
        assertThat(e.isOfferedOn(Line.single())).isTrue();
    }

    @Test
    void theCatalogueHoldsTheSpecPagesFifteenTypesAndNotTheDisputedOne() {
        assertThat(new Baidu().events().events()).extracting(PlatformEvent::wireName)
                .containsExactly("1", "2", "3", "5", "10", "14", "17", "18", "19", "20", "26", "30", "35", "45", "79");
        assertThat(new Baidu().events().find("4")).isEmpty();
    }

    @Test
    void theListSettingOverridesAndAnEmptyTypeIsNotOffered() {
        EventMapping events = new Baidu().configure(settings(BaiduSettings.EVENTS, "PAY=10, WX_BUTTON_C=, "
                + "ADVISORY_DEPTH=17")).events();

        assertThat(events.map(Event.PAY, Line.single()).map(PlatformEvent::wireName)).contains("10");
        assertThat(events.map(Event.WX_BUTTON_C, Line.single())).isEmpty();
        assertThat(events.map(Event.ADVISORY_DEPTH, Line.single()).map(PlatformEvent::wireName)).contains("17");
        assertThat(events.map(Event.SUBMIT, Line.single()).map(PlatformEvent::wireName)).contains("3");
    }

    @Test
    void theMapFormOfSpringBootWinsOverTheList() {
        EventMapping events = new Baidu().configure(settings(BaiduSettings.EVENTS, "PAY=10",
                BaiduSettings.EVENTS + ".PAY", "45")).events();

        assertThat(events.map(Event.PAY, Line.single()).map(PlatformEvent::wireName)).contains("45");
    }

    @Test
    void anOverrideToATypeBaiduDoesNotListFailsAtStartUpNamingTheSetting() {
        assertThatThrownBy(() -> new Baidu().configure(settings(BaiduSettings.EVENTS, "PAY=27")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("qhtrack.baidu.events")
                .hasMessageContaining("'27'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "qhtrack.baidu.events     | PAY_SUCCESS=4      | PAY_SUCCESS=4",
        "qhtrack.baidu.events     | PAY=26, ORDER= 4   | ORDER= 4",
        "qhtrack.baidu.events.PAY | 4                  | PAY=4"})
    void anExplicitMappingToTheDisputedType4IsRefusedAtStartUpNamingTheSetting(String key, String value,
            String entry) {
        assertThatThrownBy(() -> new Baidu().configure(settings(key.trim(), value.trim())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("qhtrack.baidu.events").hasMessageContaining(entry.trim())
                .hasMessageContaining("newType 4").hasMessageContaining("disputed");
    }

    @Test
    void aTypeMerelyStartingOrEndingIn4IsNotTheDisputedOne() {
        EventMapping events = new Baidu().configure(settings(BaiduSettings.EVENTS, "PAY=45, ORDER=14")).events();

        assertThat(events.map(Event.PAY, Line.single()).map(PlatformEvent::wireName)).contains("45");
    }

    @Test
    void configuringBaiduLogsNothing() {
        try (LogCapture log = new LogCapture()) {
            new Baidu().configure(settings(BaiduSettings.EVENTS, "PAY=10"));

            assertThat(log.records()).isEmpty();
        }
    }
}
