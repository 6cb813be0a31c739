package io.qhtrack.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Fake360 over HTTPS, with its public test certificate, seen by real TLS clients. */
class TlsTest {
    private static final String KEY = "tls-key";
    private static final String SECRET = "tls-secret";
    private static final String SUCCESS = "{\"errno\":0,\"error\":\"Success\"}";
    private static final byte[] BODY =
            Fake360Fixture.body(Fake360Fixture.PS, "SUBMIT").toString().getBytes(StandardCharsets.UTF_8);

    private static Fake360 fake;

    @BeforeAll
    static void startFake() {
        fake = Fake360.builder().tls().credentials(KEY, SECRET).start();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @BeforeEach
    void resetFake() {
        fake.clear();
    }

    private static HttpRequest upload() {
        return Fake360Fixture.post(fake.endpoint(), KEY, Fake360Fixture.md5Hex(SECRET, BODY),
                "application/json;charset=utf-8", BODY);
    }

    private static HttpClient trustingClient(HttpClient.Version version) {
        return HttpClient.newBuilder().version(version).sslContext(fake.sslContext())
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) throws IOException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void theEndpointIsHttpsOnIpv4Loopback() {
        assertThat(fake.endpoint().toString()).matches("https://127\\.0\\.0\\.1:[1-9][0-9]*/uploadWebConvert");
    }

    @Test
    void aClientTrustingOnlyTheFakesCertificateUploadsOverTls() throws IOException {
        HttpResponse<String> response = send(trustingClient(HttpClient.Version.HTTP_1_1), upload());

        assertThat(response.body()).isEqualTo(SUCCESS);
        assertThat(response.sslSession()).hasValueSatisfying(session ->
                assertThat(session.getProtocol()).startsWith("TLSv1."));
        assertThat(fake.accepted()).hasSize(1);
    }

    @Test
    void twoUploadsOverTlsShareOneKeptAliveConnection() throws IOException {
        HttpClient client = trustingClient(HttpClient.Version.HTTP_1_1);

        send(client, upload());
        send(client, upload());

        List<Fake360.Received> accepted = fake.accepted();
        assertThat(accepted).hasSize(2);
        assertThat(accepted.get(1).remotePort()).isEqualTo(accepted.get(0).remotePort());
    }

    @Test
    void aClientPreferringHttp2FallsBackToHttp11OverTlsAndKeepsTheConnection() throws IOException {
        HttpClient client = trustingClient(HttpClient.Version.HTTP_2);

        HttpResponse<String> first = send(client, upload());
        HttpResponse<String> second = send(client, upload());

        assertThat(first.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(second.body()).isEqualTo(SUCCESS);
        assertThat(fake.accepted().get(1).remotePort()).isEqualTo(fake.accepted().get(0).remotePort());
    }

    @Test
    void httpsUrlConnectionWithItsDefaultHostNameCheckAcceptsTheCertificateFor127001() throws IOException {
        HttpsURLConnection connection = (HttpsURLConnection) fake.endpoint().toURL().openConnection();
        connection.setSSLSocketFactory(fake.sslContext().getSocketFactory());
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(10_000);
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setRequestProperty("App-Key", KEY);
        connection.setRequestProperty("App-Sign", Fake360Fixture.md5Hex(SECRET, BODY));
        connection.setRequestProperty("Content-Type", "application/json;charset=utf-8");
        try (OutputStream out = connection.getOutputStream()) {
            out.write(BODY);
        }

        assertThat(connection.getResponseCode()).isEqualTo(HttpURLConnection.HTTP_OK);
        try (InputStream in = connection.getInputStream()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(SUCCESS);
        }
    }

    @Test
    void aClientTrustingOnlyTheJdkAuthoritiesRefusesTheCertificateAndTheFakeServesOn() throws Exception {
        HttpClient jdkTrust = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(SSLContext.getDefault()).connectTimeout(Duration.ofSeconds(5)).build();

        assertThatThrownBy(() -> send(jdkTrust, upload())).isInstanceOf(SSLHandshakeException.class);
        assertThat(send(trustingClient(HttpClient.Version.HTTP_1_1), upload()).body()).isEqualTo(SUCCESS);
        assertThat(fake.received()).hasSize(1);
    }

    @Test
    void plainHttpSentToTheTlsPortGets400NamingHttps() throws IOException {
        try (Socket socket = new Socket(fake.endpoint().getHost(), fake.endpoint().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(response);

            assertThat(response.toString(StandardCharsets.UTF_8)).startsWith("HTTP/1.1 400 Bad Request\r\n")
                    .contains("Connection: close")
                    .endsWith("this port speaks HTTPS: use https://127.0.0.1:" + fake.endpoint().getPort() + "/\n");
        }
        assertThat(fake.received()).isEmpty();
    }

    @Test
    void theCertificateNamesLoopbackAndLocalhostAndIsValidFrom2020To2119() throws Exception {
        KeyStore trustStore = Fake360.trustStore();
        X509Certificate certificate = (X509Certificate) trustStore.getCertificate("fake360");

        assertThat(trustStore.size()).isEqualTo(1);
        assertThat(trustStore.isCertificateEntry("fake360")).isTrue();
        Collection<List<?>> names = certificate.getSubjectAlternativeNames();
        assertThat(names.stream().map(name -> name.get(0) + ":" + name.get(1)).collect(Collectors.toList()))
                .containsExactlyInAnyOrder("7:127.0.0.1", "2:localhost");
        assertThat(certificate.getNotBefore().toInstant()).isBefore(Instant.parse("2020-01-02T00:00:00Z"));
        assertThat(certificate.getNotAfter().toInstant()).isAfter(Instant.parse("2119-12-01T00:00:00Z"));
        assertThat(certificate.getSubjectX500Principal()).isEqualTo(certificate.getIssuerX500Principal());
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1"); // serverAuth
        certificate.verify(certificate.getPublicKey()); // self-signed
    }

    @Test
    void thePemIsTheSameCertificate() throws Exception {
        String pem = Fake360.certificatePem();
        X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));

        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("\n-----END CERTIFICATE-----\n");
        assertThat(Arrays.stream(pem.split("\n")).mapToInt(String::length).max().getAsInt()).isLessThanOrEqualTo(64);
        assertThat(parsed).isEqualTo(Fake360.trustStore().getCertificate("fake360"));
    }

    @Test
    void aPlainHttpFakeHasNoSslContext() {
        try (Fake360 plain = Fake360.builder().credentials(KEY, SECRET).start()) {
            assertThatThrownBy(plain::sslContext)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("this Fake360 speaks plain HTTP (" + plain.endpoint()
                            + "); build it with Fake360.builder().tls() to serve HTTPS");
        }
    }

    @Test
    void tlsIsASettingGivenOnce() {
        assertThatThrownBy(() -> Fake360.builder().tls().tls())
                .isInstanceOf(IllegalStateException.class).hasMessage("tls() was already called");
        assertThat(Fake360.builder().tls().toString()).contains(", tls");
    }
}
