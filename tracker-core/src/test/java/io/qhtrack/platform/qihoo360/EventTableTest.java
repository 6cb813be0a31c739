package io.qhtrack.platform.qihoo360;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.Conversion;
import io.qhtrack.core.Event;
import io.qhtrack.core.Fixtures;
import io.qhtrack.core.ProductLine;
import io.qhtrack.core.TrackOutcome;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Event} against section 4.5 of 360's document, as {@link Section45} writes it out: which lines offer each
 * of the 53 events, and the name 360's console shows on each line.
 */
@SuppressWarnings("deprecation") // 360's compatibility methods and amountFen, kept and tested
class EventTableTest {

    @Test
    void thereAreExactly53Events() {
        assertThat(Event.values()).hasSize(53);
        assertThat(Section45.ROWS).hasSize(53);
    }

    @Test
    void everyEventOfTheEnumIsARowOfSection45() {
        Set<String> documented = Section45.ROWS.stream().map(Section45.Row::wire).collect(Collectors.toSet());
        Set<String> wireNames = Arrays.stream(Event.values()).map(Event::wireName).collect(Collectors.toSet());
        assertThat(wireNames).isEqualTo(documented);
    }

    @Test
    void wireNamesAreUnique() {
        Set<String> seen = new HashSet<>();
        for (Event e : Event.values()) {
            assertThat(seen.add(e.wireName())).as(e.wireName()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0} on {1}: offered={2}")
    @MethodSource("io.qhtrack.platform.qihoo360.Section45#cells")
    void isOfferedOnFollowsSection45(String wire, ProductLine line, boolean offered) {
        Event event = Event.find(wire).orElseThrow();
        assertThat(event.wireName()).isEqualTo(wire);
        assertThat(event.isOfferedOn(line)).isEqualTo(offered);
    }

    @ParameterizedTest(name = "{0}: {1} | {2} | {3} | {4}")
    @MethodSource("io.qhtrack.platform.qihoo360.Section45#rows")
    void linesListsExactlyTheOfferingLines(String wire, String web, String ps, String ms, String zs) {
        Set<ProductLine> expected = EnumSet.noneOf(ProductLine.class);
        String[] names = {web, ps, ms, zs};
        for (int i = 0; i < 4; i++) {
            if (!names[i].equals(Section45.X)) {
                expected.add(Section45.COLUMNS.get(i));
            }
        }
        assertThat(Event.find(wire).orElseThrow().lines()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} on {1}: offered={2}")
    @MethodSource("io.qhtrack.platform.qihoo360.Section45#cells")
    void prepareIsReadyExactlyWhereTheLineOffersTheEvent(String wire, ProductLine line, boolean offered) {
        Conversion conversion = Conversion.builder(Event.find(wire).orElseThrow()).transId("t-0001").build();

        Preparation p = Fixtures.prepare(line, conversion);

        if (offered) {
            assertThat(Fixtures.detail(Fixtures.ready(p).upload()).path("event").asText()).isEqualTo(wire);
        } else {
            Preparation r = Fixtures.rejected(p);
            assertThat(r.rejection()).isEqualTo(TrackOutcome.Status.EVENT_NOT_OFFERED);
            assertThat(r.message()).contains(wire, line.wireName());
        }
    }

    @ParameterizedTest(name = "{0}: {1} | {2} | {3} | {4}")
    @MethodSource("io.qhtrack.platform.qihoo360.Section45#rows")
    void consoleNamesAreThoseOfSection45(String wire, String web, String ps, String ms, String zs) {
        Event event = Event.find(wire).orElseThrow();
        String[] expected = {web, ps, ms, zs};
        for (int i = 0; i < 4; i++) {
            ProductLine line = Section45.COLUMNS.get(i);
            if (expected[i].equals(Section45.X)) {
                assertThat(event.consoleName(line)).as(line.shortName()).isEmpty();
            } else {
                assertThat(event.consoleName(line)).as(line.shortName()).contains(expected[i]);
            }
        }
    }

    @ParameterizedTest(name = "{0} on {1} is {2}")
    @CsvSource({
        "ORDER,        zs,  订单转化",
        "ORDER,        ps,  订单",
        "CALL,         web, 电话拨打",
        "CALL,         ms,  有效电话拨打",
        "ADVISORY,     ps,  一句话咨询",
        "ADVISORY,     web, 咨询",
        "REGISTERED,   zs,  注册转化",
        "APPLET_PAY,   zs,  小程序内付费",
        "COUSTOMIZE,   ms,  客户自定义",
        "STARTUP_APP,  ms,  调起 APP",
    })
    void consoleNameSpotChecks(String wire, String line, String name) {
        assertThat(Event.find(wire).orElseThrow().consoleName(Fixtures.line(line))).contains(name);
    }

    @ParameterizedTest(name = "{0} is sent as {1}")
    @CsvSource({
        "CUSTOMIZE,          COUSTOMIZE",
        "ROLE_CREATE,        ROLE_CREAT",
        "CONCERN,            CONCEM",
        "APPLET_ROLE_CREATE, APPLET_ROLE_CREAT",
    })
    void misspelledWireNamesAreKept(Event event, String wire) {
        assertThat(event.wireName()).isEqualTo(wire);
    }

    @ParameterizedTest(name = "find(\"{0}\") = {1}")
    @CsvSource({
        "COUSTOMIZE,         CUSTOMIZE",
        "CUSTOMIZE,          CUSTOMIZE",
        "ROLE_CREAT,         ROLE_CREATE",
        "ROLE_CREATE,        ROLE_CREATE",
        "CONCEM,             CONCERN",
        "CONCERN,            CONCERN",
        "APPLET_ROLE_CREAT,  APPLET_ROLE_CREATE",
        "APPLET_ROLE_CREATE, APPLET_ROLE_CREATE",
        "SUBMIT,             SUBMIT",
        "submit,             SUBMIT",
        "'  order ',         ORDER",
        "coustomize,         CUSTOMIZE",
    })
    void findAcceptsWireAndJavaNames(String name, Event expected) {
        assertThat(Event.find(name)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "SUBMITT", "表单提交", "ORDER,PAY", "UNKNOWN"})
    void findRefusesOtherNames(String name) {
        assertThat(Event.find(name)).isEmpty();
    }

    @Test
    void findOfNullIsEmpty() {
        assertThat(Event.find(null)).isEmpty();
    }

    @Test
    void aMisspelledEventIsSentUnderItsWireName() {
        Upload upload = Fixtures.upload(ProductLine.PC_SEARCH, Conversion.builder(Event.CUSTOMIZE).build());

        assertThat(Fixtures.detail(upload).path("event").asText()).isEqualTo("COUSTOMIZE");
    }
}
