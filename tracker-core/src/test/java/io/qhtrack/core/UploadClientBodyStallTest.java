package io.qhtrack.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A server (or proxy) that sends the response headers and then stalls the body: the request timeout of the JDK's
 * client only covers the headers, so the client bounds the whole exchange itself.
 */
class UploadClientBodyStallTest {

    @Test
    void aBodyThatNeverEndsIsATransientTimeoutNotAHang() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread stalling = new Thread(() -> {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    byte[] buf = new byte[8192];
                    in.read(buf); // the request (small enough for one read)
                    OutputStream out = s.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{\"errno\":"
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    release.await(30, TimeUnit.SECONDS); // ... and the rest never comes
                } catch (IOException | InterruptedException e) {
                    // the test is over
                }
            });
            stalling.setDaemon(true);
            stalling.start();
            URI endpoint = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/uploadWebConvert");
            try (UploadClient client = UploadClient.builder().endpoint(endpoint)
                    .connectTimeout(Duration.ofMillis(200)).requestTimeout(Duration.ofMillis(300)).build()) {
                Upload upload = Fixtures.upload(ProductLine.PC_SEARCH,
                        Conversion.builder(Event.SUBMIT).transId("stall-body").build());

                UploadResult result = client.send(client.sign(upload, Fixtures.search()));

                assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.TRANSIENT_FAILURE);
                assertThat(result.message()).contains("took longer than PT0.5S");
                assertThat(Thread.currentThread().isInterrupted()).isFalse();
            } finally {
                release.countDown();
            }
        }
    }
}
