package io.qhtrack.platform.baidu;

import static io.qhtrack.platform.baidu.BaiduFixtures.CONTEXT;
import static io.qhtrack.platform.baidu.BaiduFixtures.TOKEN;
import static io.qhtrack.platform.baidu.BaiduFixtures.baidu;
import static io.qhtrack.platform.baidu.BaiduFixtures.credentials;
import static io.qhtrack.platform.baidu.BaiduFixtures.encode;
import static io.qhtrack.platform.baidu.BaiduFixtures.lead;
import static io.qhtrack.platform.baidu.BaiduFixtures.leads;
import static io.qhtrack.platform.baidu.BaiduFixtures.mapped;
import static io.qhtrack.platform.baidu.BaiduFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.qhtrack.core.spi.CredentialSet;
import io.qhtrack.core.spi.HttpCall;
import io.qhtrack.core.spi.Line;
import io.qhtrack.core.spi.PlatformSetting;
import io.qhtrack.core.spi.PlatformUpload;
import io.qhtrack.core.spi.Prepared;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** The token travels in the body of each request and nowhere else: no string a test can capture holds it. */
class BaiduSecretsTest {

    @Test
    void theRequestShowsTheTokenOnlyInTheBytesItSends() {
        HttpCall call = encode(leads(2));

        assertThat(new String(call.body(), StandardCharsets.UTF_8)).contains(TOKEN);
        assertThat(List.of(call.toString(), call.describe(), call.redactedUri(), call.uri().toString(),
                call.headers().toString())).allSatisfy(s -> assertThat(s).doesNotContain(TOKEN));
        assertThat(call.describe()).contains("\"token\":\"******\"");
    }

    @Test
    void nothingThePlatformSaysAboutItselfHoldsTheToken() {
        List<String> strings = new ArrayList<>();
        List<LogRecord> records;
        try (LogCapture log = new LogCapture()) {
            strings.add(baidu(BaiduSettings.EVENTS, "PAY=10").toString());
            records = log.records();
        }
        records.forEach(r -> strings.add(r.getMessage()));
        strings.add(baidu().codec().toString());
        strings.add(baidu().events().toString());
        strings.add(new Baidu().credentials(settings(BaiduSettings.TOKEN, TOKEN), Line.single()).orElseThrow()
                .toString());
        for (PlatformSetting s : baidu().settings()) {
            strings.add(s + " " + s.defaultValue() + " " + s.description());
        }
        Prepared p = baidu().codec().prepare(BaiduFixtures.click(), lead(), mapped(lead().event()), credentials(),
                BaiduFixtures.NOW);
        strings.add(p.toString());
        strings.add(p.upload().payload());

        assertThat(strings).allSatisfy(s -> assertThat(s).doesNotContain(TOKEN));
    }

    @Test
    void noRefusalQuotesTheToken() {
        List<Throwable> refusals = new ArrayList<>();
        refusals.add(catchThrowable(() -> encode(leads(100))));
        PlatformUpload lead = leads(1).get(0);
        PlatformUpload edited = PlatformUpload.builder("baidu", lead.clickId()).event(lead.event())
                .conversionKey(lead.conversionKey()).eventTime(lead.eventTime()).payload("{\"token\":\"x\"}").build();
        refusals.add(catchThrowable(() -> encode(List.of(edited))));
        for (String[] bad : new String[][] {{BaiduSettings.ENABLED, "maybe"}, {BaiduSettings.BATCH_SIZE, "0"},
            {BaiduSettings.ENDPOINT, "http://example.com/"}, {BaiduSettings.WINDOW, "soon"}, {"qhtrack.zone", "X/Y"},
            {BaiduSettings.EVENTS, "PAY=27"}, {BaiduSettings.EVENTS, "NOPE=3"}}) {
            refusals.add(catchThrowable(() -> baidu(bad[0], bad[1])));
        }
        refusals.add(catchThrowable(() -> baidu().codec().encode(leads(1),
                CredentialSet.builder().secret("other", TOKEN).build(), CONTEXT)));

        assertThat(refusals).hasSize(10).doesNotContainNull()
                .allSatisfy(t -> assertThat(t.getMessage()).doesNotContain(TOKEN));
    }
}
