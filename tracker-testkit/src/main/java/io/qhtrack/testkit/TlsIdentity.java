package io.qhtrack.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Fake360's TLS identity: one self-signed RSA 2048 certificate for {@code 127.0.0.1} and {@code localhost},
 * valid from 2020 to 2119, with its private key, shipped in this jar as {@value #RESOURCE}.
 *
 * <p><b>Test only, public on purpose.</b> The private key is published with the source code, so the
 * certificate proves nothing about who is talking: trust it only in tests, only through {@link
 * Fake360#sslContext()} or {@link Fake360#trustStore()}, never in a JVM-wide or system trust store.
 *
 * <p>Generated once with JDK 17's keytool; {@code keystore.pkcs12.legacy} picks the PKCS12 algorithms that
 * every Java 8 update reads:
 *
 * <pre>
 * keytool -genkeypair -J-Dkeystore.pkcs12.legacy \
 *   -keystore fake360-tls.p12 -storetype PKCS12 -storepass fake360 \
 *   -alias fake360 -keyalg RSA -keysize 2048 -sigalg SHA256withRSA \
 *   -startdate 2020/01/01 -validity 36500 \
 *   -dname "CN=Fake360 test-only certificate (its private key is public), O=qhtrack" \
 *   -ext SAN=IP:127.0.0.1,DNS:localhost -ext EKU=serverAuth -ext KU=digitalSignature,keyEncipherment
 * </pre>
 */
final class TlsIdentity {
    /** The key store's resource name, next to this class. */
    static final String RESOURCE = "fake360-tls.p12";

    /** The alias of the key entry, and of the certificate in {@link #trustStore()}. */
    static final String ALIAS = "fake360";

    /** The key store's password (and the key's): public, like the key. */
    private static final char[] PASSWORD = "fake360".toCharArray();

    private static final KeyStore KEY_STORE = loadKeyStore();
    private static final X509Certificate CERTIFICATE = certificateOf(KEY_STORE);

    private TlsIdentity() {}

    /** The certificate Fake360 presents. */
    static X509Certificate certificate() {
        return CERTIFICATE;
    }

    /** The certificate in PEM ({@code -----BEGIN CERTIFICATE-----}), lines of 64 characters. */
    static String pem() {
        try {
            String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(CERTIFICATE.getEncoded());
            return "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Fake360's certificate cannot be encoded", e);
        }
    }

    /** A new, in-memory PKCS12 key store holding only the certificate, as a trusted entry. */
    static KeyStore trustStore() {
        try {
            KeyStore trustStore = KeyStore.getInstance("PKCS12");
            trustStore.load(null, null);
            trustStore.setCertificateEntry(ALIAS, CERTIFICATE);
            return trustStore;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a trust store for Fake360's certificate", e);
        }
    }

    /** A client context trusting exactly Fake360's certificate, and nothing else (not even the JDK's CAs). */
    static SSLContext clientContext() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build an SSLContext trusting Fake360's certificate", e);
        }
    }

    /** The server context presenting the certificate. */
    static SSLContext serverContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(KEY_STORE, PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build Fake360's server SSLContext", e);
        }
    }

    private static KeyStore loadKeyStore() {
        try (InputStream in = TlsIdentity.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the tracker-testkit jar");
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD);
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot read Fake360's key store " + RESOURCE, e);
        }
    }

    private static X509Certificate certificateOf(KeyStore store) {
        try {
            X509Certificate certificate = (X509Certificate) store.getCertificate(ALIAS);
            if (certificate == null) {
                throw new IllegalStateException("Fake360's key store " + RESOURCE + " has no certificate " + ALIAS);
            }
            return certificate;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Fake360's key store " + RESOURCE + " has no certificate " + ALIAS, e);
        }
    }
}
