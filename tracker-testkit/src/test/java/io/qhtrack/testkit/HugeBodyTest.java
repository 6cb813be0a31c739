package io.qhtrack.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The huge-answer faults: many bytes on the wire, few in Fake360's memory. */
class HugeBodyTest extends Fake360Fixture {
    private static final long MIB = 1024 * 1024;
    private static final String PREFIX = "{\"errno\":0,\"error\":\"Success\",\"padding\":\"";

    private static HttpRequest validRequest() {
        byte[] body = body(PS, "SUBMIT").toString().getBytes(StandardCharsets.UTF_8);
        return post(ANY_KEY, md5Hex(ANY_SECRET, body), "application/json;charset=utf-8", body);
    }

    private static HttpResponse<InputStream> stream(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Reads the whole body, keeping its first and last bytes only. */
    private static final class Tally {
        long count;
        final ByteArrayOutputStream head = new ByteArrayOutputStream();
        final byte[] tail = new byte[2];

        static Tally of(InputStream in) throws IOException {
            Tally tally = new Tally();
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (tally.head.size() < 64) {
                    tally.head.write(buffer, 0, Math.min(n, 64 - tally.head.size()));
                }
                if (n >= 2) {
                    tally.tail[0] = buffer[n - 2];
                    tally.tail[1] = buffer[n - 1];
                } else if (n == 1) {
                    tally.tail[0] = tally.tail[1];
                    tally.tail[1] = buffer[0];
                }
                tally.count += n;
            }
            return tally;
        }
    }

    /** An output stream that only counts. */
    private static final class Counting extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            count += length;
        }
    }

    @Test
    void aHugeBodyIsA200WithExactlyThatManyBytesAnnouncedByContentLength() throws IOException {
        long bytes = 64 * MIB + 7;
        fake.failNext(Fault.hugeBody(bytes));

        HttpResponse<InputStream> response = stream(validRequest());
        Tally tally;
        try (InputStream in = response.body()) {
            tally = Tally.of(in);
        }

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Length")).hasValue(Long.toString(bytes));
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json;charset=utf-8");
        assertThat(tally.count).isEqualTo(bytes);
        assertThat(tally.head.toString(StandardCharsets.US_ASCII)).startsWith(PREFIX + "xxxx");
        assertThat(new String(tally.tail, StandardCharsets.US_ASCII)).isEqualTo("\"}");
    }

    @Test
    void aHugeChunkedBodyHasNoContentLengthAndTheSameBytes() throws IOException {
        long bytes = 3 * MIB + 12_345; // several full chunks and a partial one
        fake.failNext(Fault.hugeChunkedBody(bytes));

        HttpResponse<InputStream> response = stream(validRequest());
        Tally tally;
        try (InputStream in = response.body()) {
            tally = Tally.of(in);
        }

        assertThat(response.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
        assertThat(response.headers().firstValue("Content-Length")).isEmpty();
        assertThat(tally.count).isEqualTo(bytes);
        assertThat(tally.head.toString(StandardCharsets.US_ASCII)).startsWith(PREFIX);
        assertThat(new String(tally.tail, StandardCharsets.US_ASCII)).isEqualTo("\"}");
    }

    @Test
    void theSmallestHugeBodyIsSuccessJsonWithEmptyPadding() throws IOException {
        fake.failNext(Fault.hugeBody(Fault.MIN_HUGE_BODY));

        JsonNode json = JSON.readTree(call(validRequest()).body());

        assertThat(json.toString()).isEqualTo("{\"errno\":0,\"error\":\"Success\",\"padding\":\"\"}");
        assertThat(Fault.MIN_HUGE_BODY).isEqualTo(42);
    }

    @Test
    void aBodyLargerThanAnyJavaArrayIsStreamedExactly() throws IOException {
        long bytes = 3L * 1024 * MIB + 1; // more than Integer.MAX_VALUE: it cannot be a byte[]
        Counting plain = new Counting();

        new HugeBody(bytes, false).writeTo(plain, false);

        assertThat(plain.count).isEqualTo(bytes);
    }

    @Test
    void aClientThatStopsReadingEarlyLeavesTheFakeServing() throws IOException {
        fake.failNext(Fault.hugeBody(1024 * MIB));

        try (InputStream in = stream(validRequest()).body()) {
            assertThat(in.readNBytes(1024)).startsWith(PREFIX.getBytes(StandardCharsets.US_ASCII));
        }

        assertThat(exchange(validRequest()).accepted()).isTrue();
    }

    @Test
    void anHttp10ClientGetsTheChunkedVariantUnframedEndedByTheClose() throws IOException {
        fake.failNext(Fault.hugeChunkedBody(100_000));
        byte[] body = body(PS, "SUBMIT").toString().getBytes(StandardCharsets.UTF_8);

        try (Socket socket = new Socket(fake.endpoint().getHost(), fake.endpoint().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /uploadWebConvert HTTP/1.0\r\nApp-Key: " + ANY_KEY + "\r\nApp-Sign: "
                    + md5Hex(ANY_SECRET, body) + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(body);
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

            String head = response.substring(0, response.indexOf("\r\n\r\n") + 4);
            assertThat(head).startsWith("HTTP/1.1 200 OK\r\n").contains("Connection: close")
                    .doesNotContain("Transfer-Encoding", "Content-Length");
            assertThat(response.length() - head.length()).isEqualTo(100_000);
        }
    }

    @Test
    void aHugeBodyUploadIsRecordedAsFaultedNeitherAcceptedNorRejected() {
        fake.failNext(Fault.hugeBody(1000));

        call(validRequest());

        Fake360.Received received = fake.received().get(0);
        assertThat(received.fault()).isEqualTo("hugeBody(1000)");
        assertThat(received.httpStatus()).isEqualTo(200);
        assertThat(received.errno()).isNull();
        assertThat(fake.accepted()).isEmpty();
        assertThat(fake.rejected()).isEmpty();
    }

    @Test
    void hugeBodySizesAreValidatedNamingTheValue() {
        assertThatThrownBy(() -> Fault.hugeBody(41))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hugeBody bytes must be at least 42 (the JSON around the padding) but was 41");
        assertThatThrownBy(() -> Fault.hugeChunkedBody(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hugeChunkedBody bytes must be at least 42 (the JSON around the padding) but was -1");
    }

    @Test
    void hugeBodyFaultsAreValuesNamedAsWritten() {
        assertThat(Fault.hugeBody(300_000_000L)).isEqualTo(Fault.hugeBody(300_000_000L))
                .hasSameHashCodeAs(Fault.hugeBody(300_000_000L))
                .isNotEqualTo(Fault.hugeChunkedBody(300_000_000L))
                .hasToString("hugeBody(300000000)");
        assertThat(Fault.hugeChunkedBody(5_000_000_000L)).hasToString("hugeChunkedBody(5000000000)");
    }
}
