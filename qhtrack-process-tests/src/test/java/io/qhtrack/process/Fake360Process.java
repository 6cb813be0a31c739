package io.qhtrack.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standalone Fake360 jar ({@code java -jar tracker-testkit-VERSION-standalone.jar}) as a process: one search
 * account (PC and mobile search) with a secret drawn at random, so that a test can look for it in every output. What
 * it received is read from its output, one line per upload, since it started (the truth for "delivered"), and from its
 * HTTP view ({@code /received.json}).
 */
final class Fake360Process implements AutoCloseable {

    static final String SEARCH_KEY = "process-search-key";
    static final Duration START = Duration.ofSeconds(60);

    private static final Pattern LISTENING = Pattern.compile("Fake360 listening on (\\S+)");
    /** {@code Upload#12[accepted, POST /uploadWebConvert, App-Key=…, port=…, at …, body={…}]} */
    private static final Pattern UPLOAD = Pattern.compile(
            "^Upload#(\\d+)\\[(accepted \\(duplicate\\)|accepted|errno \\d+|HTTP \\d+|fault [^,]*).*?, body=(.*)\\]$",
            Pattern.MULTILINE);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Child child;
    private final URI endpoint;
    private final String secret;

    private Fake360Process(Child child, URI endpoint, String secret) {
        this.child = child;
        this.endpoint = endpoint;
        this.secret = secret;
    }

    /** Starts the jar on a free port; {@code options} are added to its command line (e.g. {@code --latency-ms 50}). */
    static Fake360Process start(Path directory, String name, String... options) {
        byte[] drawn = new byte[12];
        new SecureRandom().nextBytes(drawn);
        String secret = "ps-" + HexFormat.of().formatHex(drawn);
        List<String> args = new ArrayList<>(List.of("--port", "0", "--credentials",
                SEARCH_KEY + ":" + secret + ":ocpc_ps_convert,ocpc_ms_convert"));
        args.addAll(List.of(options));
        Child child = Child.start(name, Child.javaJar(List.of("-Xmx256m"), Artifacts.fake360Jar(),
                args.toArray(String[]::new)), Map.of(), directory);
        URI endpoint = URI.create(child.await(LISTENING, START).group(1));
        return new Fake360Process(child, endpoint, secret);
    }

    URI endpoint() {
        return endpoint;
    }

    /** The search account's secret: it must never appear in another process's output or page. */
    String secret() {
        return secret;
    }

    Child child() {
        return child;
    }

    /** qhtrack's settings for reporting here, as environment variables. */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QHTRACK_ENDPOINT", endpoint.toString());
        env.put("QHTRACK_SEARCH_KEY", SEARCH_KEY);
        env.put("QHTRACK_SEARCH_SECRET", secret);
        return env;
    }

    /** Every upload received since it started, oldest first, from its output. */
    List<Upload> uploads() {
        List<Upload> uploads = new ArrayList<>();
        Matcher m = UPLOAD.matcher(child.output());
        while (m.find()) {
            uploads.add(new Upload(Long.parseLong(m.group(1)), m.group(2), parse(m.group(3))));
        }
        return uploads;
    }

    /** Every upload received for {@code clickId}, oldest first. */
    List<Upload> uploadsFor(String clickId) {
        return uploads().stream().filter(u -> clickId.equals(u.clickId())).toList();
    }

    /** Waits, within {@code bound}, until an upload of {@code event} for {@code clickId} is accepted, and returns it. */
    Upload awaitAccepted(String clickId, String event, Duration bound) {
        return Poll.until("an accepted " + event + " for click " + clickId + " at the fake", bound,
                () -> uploadsFor(clickId), list -> list.stream().anyMatch(u -> u.accepted() && event.equals(u.event())))
                .stream().filter(u -> u.accepted() && event.equals(u.event())).findFirst().orElseThrow();
    }

    /** Its HTTP view, {@code GET /received.json}: the counts since it started and the last 100 uploads. */
    JsonNode view() {
        return view(endpoint.resolve("/received.json"));
    }

    /** A standalone fake's HTTP view ({@code received.json} at {@code uri}), which must answer 200. */
    static JsonNode view(URI uri) {
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as("GET %s", uri).isEqualTo(200);
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null; // cut by the fake's summary (bodies over 1000 characters): no field of it is read
        }
    }

    @Override
    public void close() {
        child.close();
    }

    /** One upload as the fake printed it: its verdict and the request body's fields. */
    record Upload(long number, String verdict, JsonNode body) {

        boolean accepted() {
            return verdict.startsWith("accepted");
        }

        /** Accepted, but a repeat of an earlier accepted upload (same line, click, event and trans_id). */
        boolean duplicate() {
            return verdict.equals("accepted (duplicate)");
        }

        String clickId() {
            return field("qhclickid");
        }

        String event() {
            return field("event");
        }

        String transId() {
            return field("trans_id");
        }

        String dataIndustry() {
            return body == null ? null : body.at("/data/data_industry").asText(null);
        }

        /** {@code event_param.value} in fen, or -1. */
        long valueFen() {
            return body == null ? -1 : body.at("/data/data_detail/event_param/value").asLong(-1);
        }

        private String field(String name) {
            return body == null ? null : body.at("/data/data_detail/" + name).asText(null);
        }

        @Override
        public String toString() {
            return "Upload#" + number + "[" + verdict + ", " + dataIndustry() + " " + event() + " click " + clickId()
                    + " trans_id " + transId() + "]";
        }
    }
}
