package io.qhtrack.platform.qihoo360;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qhtrack.core.Click;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.Event;
import io.qhtrack.core.Fixtures;
import io.qhtrack.core.Origin;
import io.qhtrack.core.ProductLine;
import io.qhtrack.core.internal.Reports;
import io.qhtrack.core.spi.CredentialSet;
import io.qhtrack.core.spi.HttpCall;
import io.qhtrack.core.spi.PlatformUpload;
import io.qhtrack.core.spi.Prepared;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 360's codec keeps the {@link Upload} it prepared as the stored upload's form, writes its JSON only when asked (a
 * durable outbox), and sends from the form when it has it: the same request as from the stored JSON, byte for byte,
 * checked by the same rules.
 */
class Qihoo360CodecFormTest {

    private static final Instant REQUEST_TIME = Instant.parse("2026-03-04T05:06:07Z");
    private static final Qihoo360Codec CODEC = new Qihoo360Codec(UploadClient.DEFAULT_ENDPOINT);

    /** The upload as read back from a durable outbox's row: the same fields, its JSON, no form. */
    private static PlatformUpload fromRow(PlatformUpload u) {
        return PlatformUpload.builder(u.platform(), u.clickId()).tenant(u.tenant()).line(u.line()).event(u.event())
                .conversionKey(u.conversionKey()).eventTime(u.eventTime()).origin(u.origin()).payload(u.payload())
                .build();
    }

    private static HttpCall encode(PlatformUpload u, ProductLine line) {
        return CODEC.encode(Collections.singletonList(u), Fixtures.credentialsFor(line).toCredentialSet(),
                SignedUpload.at(REQUEST_TIME));
    }

    @Test
    void everyEventOnEveryLineIsSentFromItsUploadWithTheBytesOfItsStoredJson() {
        int compared = 0;
        for (ProductLine line : ProductLine.values()) {
            for (Event event : Event.values()) {
                for (Conversion c : List.of(Conversion.builder(event).transId("t-" + event.name()).amountYuan("23.45")
                        .score(7).outerUserId("u-42").businessName("商家 A/B").registrationTime(
                                Instant.parse("2025-06-01T08:00:00Z")).eventTime(REQUEST_TIME.minusSeconds(60))
                        .build(), Conversion.builder(event).build())) {
                    Prepared p = Reports.prepare(new Qihoo360(), Fixtures.click(line), c, Fixtures.RESOLVER,
                            Fixtures.NOW);
                    if (!p.isReady()) {
                        continue;
                    }
                    assertThat(p.upload().form(Upload.class)).as("%s %s", line, event).isPresent();
                    HttpCall fromForm = encode(p.upload(), line);
                    HttpCall fromJson = encode(fromRow(p.upload()), line);
                    assertThat(fromForm.body()).as("%s %s", line, event).isEqualTo(fromJson.body());
                    assertThat(fromForm.headers()).as("%s %s", line, event).isEqualTo(fromJson.headers());
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(ProductLine.values().length * 2);
    }

    @Test
    void theStoredJsonIsTheUploadsStorageJson() {
        Upload upload = Fixtures.upload(ProductLine.PC_SEARCH, Conversion.builder(Event.SUBMIT).transId("lead-1")
                .build());
        PlatformUpload stored = Fixtures.stored(ProductLine.PC_SEARCH, Conversion.builder(Event.SUBMIT)
                .transId("lead-1").build());

        assertThat(stored.payload()).isEqualTo(upload.toStorageJson());
        assertThat(fromRow(stored).form(Upload.class)).isEmpty();
    }

    @Test
    void anUploadThatBreaksARuleIsRefusedAtSendFromItsFormAsFromItsJson() {
        Click click = Fixtures.click(ProductLine.PC_SEARCH);
        Upload bad = new Upload(Qihoo360Line.PS, click.id(), null, "lead-1", Qihoo360Events.of(Event.SUBMIT),
                0, new EnumMap<>(EventParam.class), null);
        PlatformUpload stored = PlatformUpload.builder(Qihoo360.ID, click.id()).line(click.lineId())
                .event("SUBMIT").conversionKey("lead-1").eventTime(Instant.EPOCH).origin(Origin.SERVER)
                .payload(bad, Upload::toStorageJson).build();

        assertThatThrownBy(() -> encode(stored, ProductLine.PC_SEARCH)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("event_time");
        assertThatThrownBy(() -> encode(fromRow(stored), ProductLine.PC_SEARCH))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("event_time");
    }

    @Test
    void theCredentialsAreStillRequiredWhenSendingFromTheForm() {
        PlatformUpload stored = Fixtures.stored(ProductLine.PC_SEARCH, Conversion.builder(Event.SUBMIT)
                .transId("lead-1").build());

        assertThatThrownBy(() -> CODEC.encode(Collections.singletonList(stored), CredentialSet.empty(),
                SignedUpload.at(REQUEST_TIME))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("App-Key");
    }
}
