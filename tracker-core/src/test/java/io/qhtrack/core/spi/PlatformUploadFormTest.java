package io.qhtrack.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.Origin;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** An upload built with the codec's own object writes its stored JSON only when asked, once. */
class PlatformUploadFormTest {

    private static final Instant TIME = Instant.parse("2026-03-04T05:06:07Z");

    /** The codec's object in these tests. */
    private static final class Lead {
        final String id;

        Lead(String id) {
            this.id = id;
        }
    }

    private static PlatformUpload.Builder builder() {
        return PlatformUpload.builder("fake", "click-1").event("3").conversionKey("lead-1").eventTime(TIME);
    }

    @Test
    void thePayloadIsWrittenFromTheFormAtTheFirstAskAndKept() {
        AtomicInteger writes = new AtomicInteger();
        Function<Lead, String> writer = l -> {
            writes.incrementAndGet();
            return "{\"id\":\"" + l.id + "\"}";
        };
        PlatformUpload u = builder().payload(new Lead("lead-1"), writer).build();

        assertThat(writes).hasValue(0);
        assertThat(u.payload()).isEqualTo("{\"id\":\"lead-1\"}");
        assertThat(u.payload()).isEqualTo("{\"id\":\"lead-1\"}");
        assertThat(writes).hasValue(1);
    }

    @Test
    void theFormIsFoundByItsTypeOnly() {
        Lead lead = new Lead("lead-1");
        PlatformUpload u = builder().payload(lead, l -> "{}").build();

        assertThat(u.form(Lead.class)).containsSame(lead);
        assertThat(u.form(String.class)).isEmpty();
    }

    @Test
    void anUploadBuiltFromItsJsonHasNoForm() {
        PlatformUpload u = builder().payload("{}").build();

        assertThat(u.form(Object.class)).isEmpty();
        assertThat(u.payload()).isEqualTo("{}");
    }

    @Test
    void anotherOriginKeepsTheForm() {
        Lead lead = new Lead("lead-1");
        PlatformUpload browser = builder().payload(lead, l -> "{}").build().withOrigin(Origin.BROWSER);

        assertThat(browser.origin()).isEqualTo(Origin.BROWSER);
        assertThat(browser.form(Lead.class)).containsSame(lead);
    }

    @Test
    void anUploadFromItsFormEqualsTheSameUploadFromItsJson() {
        PlatformUpload fromForm = builder().payload(new Lead("lead-1"), l -> "{\"id\":\"" + l.id + "\"}").build();
        PlatformUpload fromJson = builder().payload("{\"id\":\"lead-1\"}").build();

        assertThat(fromForm).isEqualTo(fromJson).hasSameHashCodeAs(fromJson);
    }

    @Test
    void theDeduplicationKeyAppendedToABufferIsTheKeyOfItsLength() {
        PlatformUpload u = builder().tenant("t-1").line("ocpc_ps").payload("{}").build();
        StringBuilder to = new StringBuilder("x:");

        assertThat(u.appendDeduplicationKey(to).toString()).isEqualTo("x:" + u.deduplicationKey());
        assertThat(u.deduplicationKey()).isEqualTo("fake|t-1|ocpc_ps|click-1|3|lead-1");
        assertThat(u.deduplicationKeyLength()).isEqualTo(u.deduplicationKey().length());
        assertThat(u.clickKey()).isEqualTo("fake|t-1|ocpc_ps|click-1|3");
    }
}
