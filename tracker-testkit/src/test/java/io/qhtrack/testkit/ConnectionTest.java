package io.qhtrack.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** HTTP/1.1 as clients speak it: persistent connections, chunked bodies, 100-continue, wrong paths. */
class ConnectionTest extends Fake360Fixture {

    private static final byte[] BODY = body(PS, "SUBMIT").toString().getBytes(StandardCharsets.UTF_8);

    private static String head(String requestLine, String... extraHeaders) {
        StringBuilder head = new StringBuilder(requestLine).append("\r\nHost: 127.0.0.1\r\nApp-Key: ").append(ANY_KEY)
                .append("\r\nApp-Sign: ").append(md5Hex(ANY_SECRET, BODY))
                .append("\r\nContent-Type: application/json;charset=utf-8\r\n");
        for (String header : extraHeaders) {
            head.append(header).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket(fake.endpoint().getHost(), fake.endpoint().getPort());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void write(Socket socket, String head, byte[] body) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    /** Reads one response with a Content-Length body, returned as text (head and body). */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    @Test
    void theEndpointIsOnIpv4Loopback() {
        assertThat(fake.endpoint().getScheme()).isEqualTo("http");
        assertThat(fake.endpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(fake.endpoint().getPort()).isPositive();
        assertThat(fake.endpoint().getPath()).isEqualTo("/uploadWebConvert");
    }

    @Test
    void twoUploadsFromOneHttpClientShareAKeptAliveConnection() {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = post(ANY_KEY, md5Hex(ANY_SECRET, BODY), "application/json;charset=utf-8", BODY);

        call(client, request);
        call(client, request);

        assertThat(fake.accepted()).hasSize(2);
        assertThat(fake.accepted().get(1).remotePort()).isEqualTo(fake.accepted().get(0).remotePort());
    }

    @Test
    void aDefaultHttpClientPreferringHttp2FallsBackToHttp11AndKeepsTheConnection() {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = post(ANY_KEY, md5Hex(ANY_SECRET, BODY), "application/json;charset=utf-8", BODY);

        HttpResponse<String> first = call(client, request);
        HttpResponse<String> second = call(client, request);

        assertThat(first.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(second.body()).isEqualTo("{\"errno\":0,\"error\":\"Success\"}");
        assertThat(fake.accepted().get(1).remotePort()).isEqualTo(fake.accepted().get(0).remotePort());
    }

    @Test
    void manyConcurrentUploadsAreAllServed() {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            ObjectNode json = body(PS, "SUBMIT");
            detail(json).put("trans_id", "trans-" + i);
            byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
            responses.add(client.sendAsync(post(ANY_KEY, md5Hex(ANY_SECRET, body), "application/json", body),
                    HttpResponse.BodyHandlers.ofString()));
        }

        assertThat(responses).allSatisfy(response -> assertThat(response)
                .succeedsWithin(Duration.ofSeconds(30))
                .extracting(HttpResponse::body)
                .isEqualTo("{\"errno\":0,\"error\":\"Success\"}"));
        assertThat(fake.accepted()).hasSize(64).noneMatch(Fake360.Received::duplicate);
        assertThat(fake.accepted()).extracting(Fake360.Received::transId).doesNotHaveDuplicates();
    }

    @Test
    void oneSocketCarriesSeveralRequests() throws IOException {
        try (Socket socket = connect()) {
            InputStream in = socket.getInputStream();
            for (int i = 0; i < 3; i++) {
                write(socket, head("POST /uploadWebConvert HTTP/1.1", "Content-Length: " + BODY.length), BODY);

                assertThat(readResponse(in)).startsWith("HTTP/1.1 200 OK\r\n").contains("Connection: keep-alive")
                        .endsWith("\r\n\r\n{\"errno\":0,\"error\":\"Success\"}");
            }
        }
        assertThat(fake.accepted()).extracting(Fake360.Received::remotePort).containsOnly(fake.accepted().get(0).remotePort());
    }

    @Test
    void connectionCloseIsHonoured() throws IOException {
        try (Socket socket = connect()) {
            write(socket, head("POST /uploadWebConvert HTTP/1.1", "Content-Length: " + BODY.length, "Connection: close"),
                    BODY);
            InputStream in = socket.getInputStream();

            assertThat(readResponse(in)).contains("Connection: close");
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void http10WithoutKeepAliveIsAnsweredThenClosed() throws IOException {
        try (Socket socket = connect()) {
            write(socket, head("POST /uploadWebConvert HTTP/1.0", "Content-Length: " + BODY.length), BODY);
            InputStream in = socket.getInputStream();

            assertThat(readResponse(in)).endsWith("{\"errno\":0,\"error\":\"Success\"}");
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void aChunkedBodyIsReassembledAndSignedAsTheWhole() throws IOException {
        int half = BODY.length / 2;
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        chunked.writeBytes((Integer.toHexString(half) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        chunked.write(BODY, 0, half);
        chunked.writeBytes(("\r\n" + Integer.toHexString(BODY.length - half) + ";ext=1\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        chunked.write(BODY, half, BODY.length - half);
        chunked.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));

        try (Socket socket = connect()) {
            write(socket, head("POST /uploadWebConvert HTTP/1.1", "Transfer-Encoding: chunked"), chunked.toByteArray());

            assertThat(readResponse(socket.getInputStream())).endsWith("{\"errno\":0,\"error\":\"Success\"}");
        }
        assertThat(fake.accepted().get(0).body()).isEqualTo(BODY);
    }

    @Test
    void expect100ContinueIsHonoured() {
        HttpRequest request = HttpRequest.newBuilder(fake.endpoint())
                .expectContinue(true)
                .header("App-Key", ANY_KEY)
                .header("App-Sign", md5Hex(ANY_SECRET, BODY))
                .header("Content-Type", "application/json;charset=utf-8")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(BODY))
                .build();

        assertThat(call(request).body()).isEqualTo("{\"errno\":0,\"error\":\"Success\"}");
    }

    @Test
    void aQueryStringOnTheEndpointIsIgnored() {
        HttpRequest request = post(fake.endpoint().resolve("/uploadWebConvert?debug=1"), ANY_KEY,
                md5Hex(ANY_SECRET, BODY), "application/json", BODY);

        assertThat(exchange(request).accepted()).isTrue();
    }

    @Test
    void aMalformedRequestGets400AndTheConnectionIsClosed() throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write("HELLO\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();

            assertThat(readResponse(in)).startsWith("HTTP/1.1 400 Bad Request");
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    // ---------------------------------------------------------------- wrong path or method

    @Test
    void anotherPathIs404AndRecordedAsRejected() {
        HttpResponse<String> response = call(post(fake.endpoint().resolve("/uploadConvert"), ANY_KEY,
                md5Hex(ANY_SECRET, BODY), "application/json", BODY));

        assertThat(response.statusCode()).isEqualTo(404);
        Fake360.Received upload = fake.rejected().get(0);
        assertThat(upload.httpStatus()).isEqualTo(404);
        assertThat(upload.errno()).isNull();
        assertThat(upload.path()).isEqualTo("/uploadConvert");
        assertThat(upload.reason()).isEqualTo("no such path: /uploadConvert (the endpoint is POST /uploadWebConvert)");
    }

    @Test
    void aGetOnTheEndpointIs405WithAllowPostAndRecordedAsRejected() {
        HttpResponse<String> response = call(HttpRequest.newBuilder(fake.endpoint()).GET().build());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
        Fake360.Received upload = fake.rejected().get(0);
        assertThat(upload.method()).isEqualTo("GET");
        assertThat(upload.reason()).isEqualTo("GET is not allowed on /uploadWebConvert; only POST is");
    }

    private static HttpResponse<String> call(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
