package io.qhtrack.process;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The standalone FakeBaidu or FakeTencent ({@code java -jar tracker-testkit-VERSION-standalone.jar baidu|tencent}) as
 * a process, strict (its defaults), with a token drawn at random so that a test can look for it in every output. What
 * it received is read from its HTTP view ({@code received.json}, the last 100 requests, tokens masked).
 */
final class PlatformFakeProcess implements AutoCloseable {

    static final long TENCENT_ACCOUNT_ID = 3000001;
    static final long TENCENT_ACTION_SET_ID = 4000002;

    private final String platform;
    private final Child child;
    private final URI endpoint;
    private final URI json;
    private final String token;

    private PlatformFakeProcess(String platform, Child child, URI endpoint, URI json, String token) {
        this.platform = platform;
        this.child = child;
        this.endpoint = endpoint;
        this.json = json;
        this.token = token;
    }

    /** A FakeBaidu on a free port that accepts one token; {@code options} are added to its command line. */
    static PlatformFakeProcess baidu(Path directory, String name, String... options) {
        String token = "bd-" + random();
        List<String> args = new ArrayList<>(List.of("baidu", "--port", "0", "--token", token));
        args.addAll(List.of(options));
        return start("baidu", "FakeBaidu", directory, name, token, args);
    }

    /**
     * A FakeTencent on a free port with one account, action set and access token; each action's {@code url} must be
     * on {@code domain}.
     */
    static PlatformFakeProcess tencent(Path directory, String name, String domain, String... options) {
        String token = "gdt-" + random();
        List<String> args = new ArrayList<>(List.of("tencent", "--port", "0", "--access-token", token,
                "--account-id", Long.toString(TENCENT_ACCOUNT_ID), "--user-action-set-id",
                Long.toString(TENCENT_ACTION_SET_ID), "--domain", domain));
        args.addAll(List.of(options));
        return start("tencent", "FakeTencent", directory, name, token, args);
    }

    private static PlatformFakeProcess start(String platform, String fakeName, Path directory, String name,
            String token, List<String> args) {
        Child child = Child.start(name, Child.javaJar(List.of("-Xmx256m"), Artifacts.fake360Jar(),
                args.toArray(String[]::new)), Map.of(), directory);
        URI endpoint = URI.create(child.await(Pattern.compile(fakeName + " listening on (\\S+)"),
                Fake360Process.START).group(1));
        URI json = URI.create(child.await(Pattern.compile("as JSON: (\\S+)\\)"), Fake360Process.START).group(1));
        return new PlatformFakeProcess(platform, child, endpoint, json, token);
    }

    private static String random() {
        byte[] drawn = new byte[12];
        new SecureRandom().nextBytes(drawn);
        return HexFormat.of().formatHex(drawn);
    }

    URI endpoint() {
        return endpoint;
    }

    /** The token it accepts: it must never appear in another process's output or page. */
    String token() {
        return token;
    }

    Child child() {
        return child;
    }

    /** qhtrack's settings for reporting here, as environment variables. */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        if (platform.equals("baidu")) {
            env.put("QHTRACK_BAIDU_ENDPOINT", endpoint.toString());
            env.put("QHTRACK_BAIDU_TOKEN", token);
        } else {
            env.put("QHTRACK_TENCENT_ENDPOINT", endpoint.toString());
            env.put("QHTRACK_TENCENT_ACCESS_TOKEN", token);
            env.put("QHTRACK_TENCENT_ACCOUNT_ID", Long.toString(TENCENT_ACCOUNT_ID));
            env.put("QHTRACK_TENCENT_USER_ACTION_SET_ID", Long.toString(TENCENT_ACTION_SET_ID));
        }
        return env;
    }

    /** Its HTTP view, {@code received.json}: the counts since it started and the last 100 requests, newest first. */
    JsonNode view() {
        return Fake360Process.view(json);
    }

    /** The requests received (the last 100), oldest first. */
    List<JsonNode> requests() {
        List<JsonNode> requests = new ArrayList<>();
        view().path("uploads").forEach(requests::add);
        Collections.reverse(requests);
        return requests;
    }

    /** Each conversion received (Baidu's items, Tencent's actions), oldest first, with its request's fields. */
    List<Conversion> conversions() {
        List<Conversion> all = new ArrayList<>();
        for (JsonNode request : requests()) {
            for (JsonNode item : request.path(platform.equals("baidu") ? "items" : "actions")) {
                all.add(new Conversion(platform, request, item));
            }
        }
        return all;
    }

    /** The conversions received for {@code clickId}, oldest first. */
    List<Conversion> conversionsFor(String clickId) {
        return conversions().stream().filter(c -> clickId.equals(c.clickId())).toList();
    }

    /** Waits, within {@code bound}, until a conversion of {@code type} for {@code clickId} is accepted; returns it. */
    Conversion awaitAccepted(String clickId, String type, Duration bound) {
        return Poll.until("an accepted " + platform + " " + type + " for click " + clickId, bound,
                () -> conversionsFor(clickId), list -> list.stream().anyMatch(c -> c.accepted() && type.equals(c.type())))
                .stream().filter(c -> c.accepted() && type.equals(c.type())).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        child.close();
    }

    /** One conversion as the fake recorded it, in the platform's own field names. */
    record Conversion(String platform, JsonNode request, JsonNode item) {

        boolean accepted() {
            return item.path("accepted").asBoolean();
        }

        String clickId() {
            return item.path(platform.equals("baidu") ? "bdVid" : "clickId").asText(null);
        }

        /** Baidu's {@code newType} as text, Tencent's {@code action_type}. */
        String type() {
            return platform.equals("baidu") ? item.path("newType").asText(null) : item.path("actionType").asText(null);
        }

        /** Baidu's {@code logidUrl}, Tencent's {@code url}. */
        String url() {
            return item.path(platform.equals("baidu") ? "logidUrl" : "url").asText(null);
        }

        /** Baidu's {@code convertTime}, Tencent's {@code action_time}: epoch seconds. */
        long time() {
            return item.path(platform.equals("baidu") ? "convertTime" : "actionTime").asLong(-1);
        }

        /** The value in fen, or -1. */
        long valueFen() {
            return item.path(platform.equals("baidu") ? "convertValue" : "valueFen").asLong(-1);
        }

        /** Baidu's {@code outerEventId}, Tencent's {@code outer_action_id}. */
        String key() {
            return item.path(platform.equals("baidu") ? "outerEventId" : "outerActionId").asText(null);
        }

        /** Tencent's request nonce. */
        String nonce() {
            return request.path("nonce").asText(null);
        }

        @Override
        public String toString() {
            return platform + "[" + (accepted() ? "accepted" : "refused " + item.path("reason").asText()) + ", "
                    + type() + " click " + clickId() + " url " + url() + " key " + key() + "]";
        }

    }
}
