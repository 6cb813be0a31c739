package io.qhtrack.platform.tencent;

import static io.qhtrack.platform.tencent.TencentFixtures.CLICK_ID;
import static io.qhtrack.platform.tencent.TencentFixtures.EVENT_TIME;
import static io.qhtrack.platform.tencent.TencentFixtures.TOKEN;
import static io.qhtrack.platform.tencent.TencentFixtures.configured;
import static io.qhtrack.platform.tencent.TencentFixtures.context;
import static io.qhtrack.platform.tencent.TencentFixtures.credentials;
import static io.qhtrack.platform.tencent.TencentFixtures.tencent;
import static io.qhtrack.platform.tencent.TencentFixtures.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.qhtrack.core.Conversion;
import io.qhtrack.core.Event;
import io.qhtrack.core.spi.HttpCall;
import io.qhtrack.core.spi.PlatformSetting;
import io.qhtrack.core.spi.PlatformUpload;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The access token reaches the wire and nothing else: every string a log, an exception, the CLI's dry run or a stored
 * row could show is searched for it, in each placement of the token.
 */
@SuppressWarnings("deprecation") // 360's compatibility methods and amountFen, kept and tested
class TencentSecretsTest {

    @ParameterizedTest
    @ValueSource(strings = {"query", "header", "header-hyphen"})
    void theTokenIsOnTheWireAndInNoStringThatCanBeShown(String auth) {
        Tencent t = tencent("qhtrack.tencent.auth", auth);
        PlatformUpload order = upload(t, Conversion.builder(Event.ORDER).transIdFromOrderId("A-1").amountFen(100)
                .eventTime(EVENT_TIME).build());
        HttpCall call = t.codec().encode(Collections.singletonList(order), credentials(), context("n1"));

        String onTheWire = call.uri() + " " + call.headers();
        assertThat(onTheWire).contains(TOKEN);

        List<String> shown = new ArrayList<>(Arrays.asList(call.toString(), call.describe(), call.redactedUri(),
                t.toString(), t.codec().toString(), t.events().toString(), credentials().toString(), order.toString(),
                order.payload(), new String(call.body(), StandardCharsets.UTF_8)));
        for (PlatformSetting s : t.settings()) {
            shown.add(s + " " + s.defaultValue() + " " + s.description());
        }
        assertThat(shown).allSatisfy(s -> assertThat(s).doesNotContain(TOKEN));
    }

    @ParameterizedTest
    @ValueSource(strings = {"query", "header", "header-hyphen"})
    void aBatchThatCannotBeSentSaysWhyWithoutTheToken(String auth) {
        Tencent t = tencent("qhtrack.tencent.auth", auth);
        PlatformUpload edited = PlatformUpload.builder("tencent", CLICK_ID).event("RESERVATION").eventTime(EVENT_TIME)
                .payload("{\"access_token\":\"" + TOKEN + "\"}").build();

        Throwable thrown = catchThrowable(() -> t.codec().encode(Collections.singletonList(edited), credentials(),
                context("n1")));

        assertThat(thrown).isInstanceOf(IllegalArgumentException.class);
        assertThat(thrown.getMessage()).contains("access_token: is not a field of a Tencent action")
                .doesNotContain(TOKEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"qhtrack.tencent.auth=cookie", "qhtrack.tencent.batch-size=99",
        "qhtrack.tencent.account-id=x", "qhtrack.tencent.endpoint=http://api.e.qq.com/"})
    void aSettingMistakeNextToTheTokenNeverShowsIt(String mistake) {
        String[] kv = mistake.split("=", 2);

        Throwable thrown = catchThrowable(() -> new Tencent().configure(configured(kv[0], kv[1])));

        assertThat(thrown).isNotNull();
        assertThat(thrown.getMessage()).doesNotContain(TOKEN);
    }
}
