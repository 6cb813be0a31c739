package io.qhtrack.platform.qihoo360;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.Conversion;
import io.qhtrack.core.Event;
import io.qhtrack.core.Fixtures;
import io.qhtrack.core.ProductLine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link UploadClient} over real TLS on loopback: a server with a self-signed certificate made for the test by the
 * JDK's {@code keytool}. The chain is trusted only through {@link UploadClient.Builder#sslContext}; the host name is
 * checked whatever trusts it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UploadClientTlsTest {

    private static final char[] PASSWORD = "test-only".toCharArray();

    @TempDir
    static Path dir;
    /** A certificate for 127.0.0.1 and localhost. */
    private static KeyStore loopback;
    /** A certificate for another host only. */
    private static KeyStore elsewhere;

    private ScriptedServer server;

    @BeforeAll
    static void makeCertificates() throws Exception {
        loopback = keyStore("loopback", "ip:127.0.0.1,dns:localhost");
        elsewhere = keyStore("elsewhere", "dns:convert.example");
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private static KeyStore keyStore(String name, String subjectAlternativeNames) throws Exception {
        Path file = dir.resolve(name + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", "san=" + subjectAlternativeNames, "-validity", "2", "-storetype", "PKCS12",
                "-keystore", file.toString(), "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor(30, TimeUnit.SECONDS)).as("keytool ends").isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD);
        }
        return store;
    }

    private static SSLContext serverContext(KeyStore keys) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    /** A client context trusting exactly the certificate in {@code keys}. */
    private static SSLContext trusting(KeyStore keys) throws Exception {
        Certificate certificate = keys.getCertificate(keys.aliases().nextElement());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static UploadResult send(UploadClient client) {
        Upload upload = Fixtures.upload(ProductLine.PC_SEARCH,
                Conversion.builder(Event.SUBMIT).transId("tls-" + System.nanoTime()).build());
        return client.send(client.sign(upload, Fixtures.search()));
    }

    @Test
    void aServerTrustedThroughTheSslContextIsReachedOverOneKeptAliveConnection() throws Exception {
        server = ScriptedServer.startTls(serverContext(loopback), ScriptedServer.delivering());
        try (UploadClient client = UploadClient.builder().endpoint(server.endpoint()).sslContext(trusting(loopback))
                .build()) {

            UploadResult first = send(client);
            UploadResult second = send(client);

            assertThat(first.isDelivered()).as(first.toString()).isTrue();
            assertThat(second.isDelivered()).as(second.toString()).isTrue();
            assertThat(server.requests()).isEqualTo(2);
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void theJdksDefaultTrustRefusesASelfSignedCertificate() throws Exception {
        server = ScriptedServer.startTls(serverContext(loopback), ScriptedServer.delivering());
        try (UploadClient client = UploadClient.builder().endpoint(server.endpoint()).build()) {

            UploadResult result = send(client);

            assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.TRANSIENT_FAILURE);
            assertThat(result.message()).contains("SSLHandshakeException");
            assertThat(server.requests()).isZero();
        }
    }

    @Test
    void aTrustedCertificateForAnotherHostIsRefused() throws Exception {
        server = ScriptedServer.startTls(serverContext(elsewhere), ScriptedServer.delivering());
        try (UploadClient client = UploadClient.builder().endpoint(server.endpoint()).sslContext(trusting(elsewhere))
                .build()) {

            UploadResult result = send(client);

            assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.TRANSIENT_FAILURE);
            assertThat(result.message()).contains("SSLHandshakeException", "127.0.0.1");
            assertThat(server.requests()).isZero();
        }
    }

    @Test
    void aJvmWideLaxHostnameVerifierDoesNotWeakenTheHostCheck() throws Exception {
        server = ScriptedServer.startTls(serverContext(elsewhere), ScriptedServer.delivering());
        HostnameVerifier previous = HttpsURLConnection.getDefaultHostnameVerifier();
        HttpsURLConnection.setDefaultHostnameVerifier((host, session) -> true); // what some other library might do
        try (UploadClient client = UploadClient.builder().endpoint(server.endpoint()).sslContext(trusting(elsewhere))
                .build()) {

            UploadResult result = send(client);

            assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.TRANSIENT_FAILURE);
            assertThat(server.requests()).isZero();
        } finally {
            HttpsURLConnection.setDefaultHostnameVerifier(previous);
        }
    }

    @Test
    void aTlsHandshakeThatNeverCompletesIsATransientTimeout() throws Exception {
        // a plain server that reads and never answers: the client's hello gets no reply
        server = ScriptedServer.start((request, out) -> false);
        try (UploadClient client = UploadClient.builder().endpoint(server.endpoint().resolve("https://127.0.0.1:"
                + server.port() + "/uploadWebConvert")).requestTimeout(Duration.ofMillis(300)).build()) {

            UploadResult result = send(client);

            assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.TRANSIENT_FAILURE);
            assertThat(result.message()).contains("the TLS handshake with 127.0.0.1:" + server.port()
                    + " took longer than 300 ms");
        }
    }
}
