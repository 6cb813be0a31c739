package io.qhtrack.platform.qihoo360;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.Conversion;
import io.qhtrack.core.Event;
import io.qhtrack.core.Fixtures;
import io.qhtrack.core.ProductLine;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server (or proxy) that stalls or trickles: every wait on it is bounded by the request timeout, and the whole
 * exchange by connect + request timeout, so that a slow drip that keeps each read alive cannot hold a thread either.
 * The servers pace their bytes with short sleeps; the tests themselves only wait for the client's answer.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UploadClientBodyStallTest {

    /** Generous against the servers' 50 ms pace, so that a loaded machine's late wake-up cannot trip the wrong bound. */
    private static final Duration CONNECT = Duration.ofMillis(1000);
    private static final Duration REQUEST = Duration.ofMillis(1500);
    private static final byte[] HEAD = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
            + "{\"errno\":").getBytes(StandardCharsets.US_ASCII);

    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseTheServer() {
        release.countDown();
    }

    private static UploadResult sendTo(URI endpoint) {
        try (UploadClient client = UploadClient.builder().endpoint(endpoint).connectTimeout(CONNECT)
                .requestTimeout(REQUEST).build()) {
            Upload upload = Fixtures.upload(ProductLine.PC_SEARCH,
                    Conversion.builder(Event.SUBMIT).transId("stall-body").build());
            return client.send(client.sign(upload, Fixtures.search()));
        }
    }

    /** Writes {@code bytes} one at a time, 50 ms apart: each read of the client gets a byte well within 1500 ms. */
    private static void trickle(OutputStream out, byte[] bytes) throws IOException, InterruptedException {
        for (byte b : bytes) {
            out.write(new byte[] {b});
            out.flush();
            Thread.sleep(50);
        }
    }

    @Test
    void aBodyThatStallsAfterTheHeadersIsATransientTimeoutNotAHang() throws Exception {
        try (ScriptedServer server = ScriptedServer.start((request, out) -> {
            out.write(HEAD);
            out.flush();
            release.await(30, TimeUnit.SECONDS); // ... and the rest never comes
            return false;
        })) {
            UploadResult result = sendTo(server.endpoint());

            assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.TRANSIENT_FAILURE);
            assertThat(result.message()).contains("no answer within 1500 ms");
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }
    }

    @Test
    void aBodyThatTricklesForEverEndsWhenTheWholeExchangeHasTakenTooLong() throws Exception {
        try (ScriptedServer server = ScriptedServer.start((request, out) -> {
            out.write(HEAD);
            out.flush();
            trickle(out, new byte[1000]); // 50 s in all, unless the client hangs up
            return false;
        })) {
            UploadResult result = sendTo(server.endpoint());

            assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.TRANSIENT_FAILURE);
            assertThat(result.message()).contains("took longer than PT2.5S");
            assertThat(server.bytesWritten()).isLessThan(HEAD.length + 1000);
        }
    }

    @Test
    void headersThatTrickleForEverAreCutByTheWatchdog() throws Exception {
        try (ScriptedServer server = ScriptedServer.start((request, out) -> {
            trickle(out, ("HTTP/1.1 200 OK\r\n" + "X-Slow: " + "a".repeat(1000)).getBytes(StandardCharsets.US_ASCII));
            return false;
        })) {
            UploadResult result = sendTo(server.endpoint());

            assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.TRANSIENT_FAILURE);
            assertThat(result.httpStatus()).isZero();
            assertThat(result.message()).contains("took longer than PT2.5S");
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }
    }

    @Test
    void aServerThatNeverAnswersIsATransientTimeout() throws Exception {
        try (ScriptedServer server = ScriptedServer.start((request, out) -> {
            release.await(30, TimeUnit.SECONDS);
            return false;
        })) {
            UploadResult result = sendTo(server.endpoint());

            assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.TRANSIENT_FAILURE);
            assertThat(result.message()).contains("no answer within 1500 ms");
            assertThat(server.requests()).isEqualTo(1);
        }
    }

    @Test
    void aServerThatAcceptsNoConnectionIsAConnectTimeout() throws IOException {
        // a listen queue of one, filled: the kernel drops further connection attempts, so connect() waits
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    Socket s = new Socket();
                    fillers.add(s);
                    try {
                        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort()), 200);
                    } catch (IOException queueFull) {
                        break;
                    }
                }
                URI endpoint = URI.create("http://127.0.0.1:" + full.getLocalPort() + "/uploadWebConvert");

                UploadResult result = sendTo(endpoint);

                assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.TRANSIENT_FAILURE);
                assertThat(result.message()).contains("could not connect to 127.0.0.1:" + full.getLocalPort()
                        + " within the connect timeout (1000 ms)");
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
    }
}
