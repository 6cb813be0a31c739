package io.qhtrack.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Event;
import io.qhtrack.core.Settings;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventMappingTest {

    private static final PlatformEvent FORM = PlatformEvent.of("3", "表单提交成功");
    private static final PlatformEvent PAID = PlatformEvent.of("26", "付费");
    private static final PlatformEvent PURCHASE = PlatformEvent.of("10", "购买成功");

    private static EventMapping mapping() {
        Map<Event, String> defaults = new EnumMap<>(Event.class);
        defaults.put(Event.SUBMIT, "3");
        defaults.put(Event.PAY, "26");
        return EventMapping.of(Arrays.asList(FORM, PAID, PURCHASE), defaults);
    }

    private static Settings settings(String... pairs) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m::get;
    }

    @Test
    void defaultsMapCommonConversionsAndLeaveTheRestNotOffered() {
        assertThat(mapping().map(Event.SUBMIT, Line.single())).contains(FORM);
        assertThat(mapping().map(Event.CALL, Line.single())).isEmpty();
    }

    @Test
    void theListFormOverridesAndAnEmptyValueMeansNotOffered() {
        EventMapping m = mapping().configure(settings("qhtrack.x.events", "PAY=10, SUBMIT="), "qhtrack.x.events");

        assertThat(m.map(Event.PAY, Line.single())).contains(PURCHASE);
        assertThat(m.map(Event.SUBMIT, Line.single())).isEmpty();
    }

    @Test
    void theMapFormWinsOverTheListForm() {
        EventMapping m = mapping().configure(settings("qhtrack.x.events", "PAY=10", "qhtrack.x.events.PAY", "26"),
                "qhtrack.x.events");

        assertThat(m.map(Event.PAY, Line.single())).contains(PAID);
    }

    @Test
    void anOverrideNamingAnUnknownPlatformEventFailsNamingTheSetting() {
        assertThatThrownBy(() -> mapping().configure(settings("qhtrack.x.events", "PAY=4"), "qhtrack.x.events"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("qhtrack.x.events")
                .hasMessageContaining("'4'");
    }

    @Test
    void anOverrideNamingAnUnknownCommonEventFailsNamingIt() {
        assertThatThrownBy(() -> mapping().configure(settings("qhtrack.x.events", "PAYMENT=10"), "qhtrack.x.events"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("'PAYMENT'");
    }

    @Test
    void aWindowSettingIsTheNaturalDayOrAPositiveDuration() {
        ZoneId shanghai = ZoneId.of("Asia/Shanghai");
        Instant accepted = Instant.parse("2026-01-01T10:00:00Z");

        assertThat(DeliveryWindow.parse("w", "natural-day", shanghai).deadline(accepted))
                .isEqualTo(Instant.parse("2026-01-01T16:00:00Z"));
        assertThat(DeliveryWindow.parse("w", "P21D", shanghai).deadline(accepted))
                .isEqualTo(accepted.plus(Duration.ofDays(21)));
        assertThatThrownBy(() -> DeliveryWindow.parse("qhtrack.x.window", "PT0S", shanghai))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("qhtrack.x.window");
    }
}
