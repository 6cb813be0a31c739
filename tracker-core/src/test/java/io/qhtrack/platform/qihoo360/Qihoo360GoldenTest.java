package io.qhtrack.platform.qihoo360;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.Click;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.Event;
import io.qhtrack.core.Fixtures;
import io.qhtrack.core.ProductLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins 360's wire bytes, byte for byte, over every cell of the event × line matrix: for each of the 4 lines and 53
 * events, either the exact request (App-Key, App-Sign and body) of a conversion carrying every field, or the exact
 * outcome when the line does not take it; and the same for a bare conversion (no trans_id, no parameters, no event
 * time), so that the rules for missing fields are pinned too. The golden file was written by the code of the commit that added this test
 * (before the engine became platform-neutral, issue 20); any change to a byte fails here.
 *
 * <p>To look at a difference: {@code -Dgolden.write=target/qihoo360-wire.txt} writes what the code produces now, for
 * a diff against {@code src/test/resources/golden/qihoo360-wire.txt}.
 */
class Qihoo360GoldenTest {

    private static final Path GOLDEN = Paths.get("src/test/resources/golden/qihoo360-wire.txt");
    private static final Instant REQUEST_TIME = Instant.parse("2026-03-04T05:06:07Z");
    private static final Instant EVENT_TIME = Instant.parse("2026-03-04T04:00:00Z");

    @Test
    void everyEventOnEveryLineHasTheBytesItHadBeforeTheEngineBecamePlatformNeutral() throws IOException {
        List<String> lines = new ArrayList<>();
        for (ProductLine line : ProductLine.values()) {
            for (Event event : Event.values()) {
                lines.add(cell(line, event, full(event)));
                lines.add(cell(line, event, Conversion.builder(event).build()));
            }
        }
        String now = String.join("\n", lines) + "\n";
        String write = System.getProperty("golden.write");
        if (write != null) {
            Files.write(Paths.get(write), now.getBytes(StandardCharsets.UTF_8));
        }
        String golden = new String(Files.readAllBytes(GOLDEN), StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2 * ProductLine.values().length * Event.values().length);
        assertThat(now).isEqualTo(golden);
    }

    /** A conversion of {@code event} carrying every field. */
    private static Conversion full(Event event) {
        return Conversion.builder(event).transIdFromOrderId("order-" + event.name()).amountYuan("23.45").score(7)
                .outerUserId("u-42").businessName("商家 A/B").registrationTime(Instant.parse("2025-06-01T08:00:00Z"))
                .eventTime(EVENT_TIME).build();
    }

    /** One line of the golden file: line, event, then the signed request or the outcome. */
    private static String cell(ProductLine line, Event event, Conversion conversion) {
        Click click = Click.of(line, clickId(line), Fixtures.CAPTURED);
        Preparation p = Upload.prepare(click, conversion, Fixtures.allCredentials(), REQUEST_TIME);
        if (!p.isReady()) {
            return line.shortName() + " " + event.name() + " " + p.rejection() + " " + p.message();
        }
        SignedUpload signed = SignedUpload.sign(UploadClient.DEFAULT_ENDPOINT, p.upload(),
                Fixtures.credentialsFor(line), REQUEST_TIME);
        return line.shortName() + " " + event.name() + " " + signed.appKey() + " " + signed.appSign() + " "
                + signed.bodyText();
    }

    private static String clickId(ProductLine line) {
        switch (line) {
            case DISPLAY:
                return Fixtures.DISPLAY_SOURCE_ID;
            case MOBILE_PROMOTION:
                return Fixtures.IMPRESSION_ID;
            default:
                return Fixtures.SEARCH_CLICK_ID;
        }
    }
}
