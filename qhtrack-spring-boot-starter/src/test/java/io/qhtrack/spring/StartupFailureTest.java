package io.qhtrack.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qhtrack.spring.shop.ShopApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A bad setting stops the application with Spring Boot's failure report naming it, its value, origin and fix. */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTest {

    private static void start(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--server.port=0";
        all[1] = "--spring.jmx.enabled=false";
        System.arraycopy(args, 0, all, 2, args.length);
        assertThatThrownBy(() -> new SpringApplicationBuilder(ShopApplication.class).run(all).close())
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void aBadFilterValueIsExplainedBeforeTheWebServerStarts(CapturedOutput output) {
        start("--qhtrack.cookie.same-site=Laxx");

        assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START")
                .contains("qhtrack cannot start: qhtrack.cookie.same-site")
                .contains("Laxx")
                .contains("commandLineArgs")
                .contains("Allowed values: Lax, Strict, None.")
                .contains("QHTRACK_COOKIE_SAME_SITE")
                .doesNotContain("Unable to start embedded");
    }

    @Test
    void aBadTrackerValueIsExplained(CapturedOutput output) {
        start("--qhtrack.retry.multiplier=fast");

        assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START")
                .contains("qhtrack cannot start: qhtrack.retry.multiplier: 'fast' is not a number")
                .contains("Default: 2.");
    }

    @Test
    void aMisspelledSettingIsExplainedWithTheRightName(CapturedOutput output) {
        start("--qhtrack.serach.key=abc");

        assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START")
                .contains("qhtrack.serach.key: not a qhtrack setting (did you mean qhtrack.search.key?)");
    }

    @Test
    void aSecretIsNeverQuoted(CapturedOutput output) {
        start("--qhtrack.search.key=k", "--qhtrack.search.secret=Zebra-Secret-42",
                "--qhtrack.outbox.lease=PT1S");

        assertThat(output.getOut() + output.getErr()).contains("qhtrack.outbox.lease")
                .doesNotContain("Zebra-Secret-42");
    }
}
