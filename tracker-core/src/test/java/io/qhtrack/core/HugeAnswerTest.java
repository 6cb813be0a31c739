package io.qhtrack.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.testkit.Fake360;
import io.qhtrack.testkit.Fault;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A broken endpoint (or a proxy in front of it) answering with hundreds of megabytes must not kill the application:
 * in a JVM with a 48 MiB heap, the tracker reads at most {@code qhtrack.http.max-response-bytes} of the answer,
 * treats it as a transient failure, and delivers the conversion on the next attempt.
 */
class HugeAnswerTest {

    private static final long HUNDREDS_OF_MEGABYTES = 512L * 1024 * 1024;

    @ParameterizedTest(name = "chunked={0}")
    @ValueSource(booleans = {false, true})
    void aHugeAnswerIsATransientFailureInASmallHeapAndTheConversionIsDeliveredAfterwards(boolean chunked)
            throws IOException, InterruptedException {
        try (Fake360 fake = Fake360.builder().credentials("huge-key", "huge-secret").start()) {
            fake.failNext(chunked ? Fault.hugeChunkedBody(HUNDREDS_OF_MEGABYTES) : Fault.hugeBody(HUNDREDS_OF_MEGABYTES));
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx48m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                    HugeAnswerChild.class.getName(), fake.endpoint().toString(), "huge-key", "huge-secret")
                    .redirectErrorStream(true).start();
            String output = readAll(child.getInputStream());
            assertThat(child.waitFor(90, TimeUnit.SECONDS)).as(output).isTrue();

            assertThat(child.exitValue()).as(output).isZero();
            assertThat(output).doesNotContain("OutOfMemoryError").contains("REPORTED QUEUED")
                    .contains("EVENT WILL_RETRY").contains("exceeded 65536 bytes").contains("DELIVERED heap max");
            assertThat(fake.accepted()).hasSize(1);
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) > 0;) {
            out.write(buffer, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
