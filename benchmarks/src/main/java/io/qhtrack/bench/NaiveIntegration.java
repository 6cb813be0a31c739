package io.qhtrack.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * The baseline for delivery: how public integrations upload a conversion. Inside the visitor's request, build the
 * body by concatenation, md5 it with the secret, open a new {@link HttpURLConnection} (no pooling: the connection is
 * {@linkplain HttpURLConnection#disconnect() disconnected} afterwards), POST, read the answer, look for
 * {@code "errno":0}. No timeout is set, as in the integrations this stands for; nothing is retried or kept.
 */
final class NaiveIntegration {

    private NaiveIntegration() {
    }

    /** The body of a PC-search {@code SUBMIT}, by concatenation. */
    static String submitBody(long requestTime, String clickId, String transId, long eventTime) {
        return "{\"data\":{\"request_time\":" + requestTime + ",\"data_industry\":\"ocpc_ps_convert\","
                + "\"data_detail\":{\"qhclickid\":\"" + clickId + "\",\"trans_id\":\"" + transId
                + "\",\"event\":\"SUBMIT\",\"event_time\":" + eventTime + "}}}";
    }

    /**
     * Uploads one {@code SUBMIT} synchronously on a new connection.
     *
     * @return whether the answer said {@code "errno":0}
     */
    static boolean upload(URI endpoint, String key, String secret, String clickId, String transId) {
        return upload(endpoint, null, key, secret, clickId, transId);
    }

    /**
     * The same over HTTPS, trusting what {@code tls} trusts (Fake360's test certificate); {@code null} for plain HTTP or
     * the JDK's default trust. The connection is still new each time, as such integrations make it.
     */
    static boolean upload(URI endpoint, SSLSocketFactory tls, String key, String secret, String clickId,
            String transId) {
        long now = System.currentTimeMillis() / 1000;
        String json = submitBody(now, clickId, transId, now);
        String sign = SignBenchmark.naiveMd5(secret + json);
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) endpoint.toURL().openConnection();
            if (tls != null && connection instanceof HttpsURLConnection) {
                ((HttpsURLConnection) connection).setSSLSocketFactory(tls);
            }
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json;charset=utf-8");
            connection.setRequestProperty("App-Key", key);
            connection.setRequestProperty("App-Sign", sign);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(json.getBytes(StandardCharsets.UTF_8));
            }
            String answer;
            try (InputStream in = connection.getInputStream()) {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                in.transferTo(buffer);
                answer = buffer.toString(StandardCharsets.UTF_8);
            }
            return connection.getResponseCode() == 200 && answer.contains("\"errno\":0");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }
}
