package io.qhtrack.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The HTTP view of what Fake360 received: GET / and GET /received.json, over real HTTP. */
class ViewTest extends Fake360Fixture {

    private static HttpResponse<String> get(URI uri) {
        return call(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build());
    }

    private static HttpResponse<String> page() {
        return get(fake.view());
    }

    private static JsonNode json() throws IOException {
        HttpResponse<String> response = get(fake.view().resolve("received.json"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json;charset=utf-8");
        return JSON.readTree(response.body());
    }

    private static ObjectNode withoutTransId(ObjectNode body) {
        detail(body).remove("trans_id");
        return body;
    }

    @Test
    void theViewIsAtTheRootOfTheFakesPort() {
        assertThat(fake.view()).isEqualTo(fake.endpoint().resolve("/"));
        assertThat(fake.view().getPath()).isEqualTo("/");
    }

    @Test
    void thePageListsWhatWasReceivedNewestFirstWithVerdictAndReason() {
        Fake360.Received first = send(body(PS, "SUBMIT"));
        Fake360.Received second = send(withoutTransId(body(ZS, "SUBMIT")));

        HttpResponse<String> response = page();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
        String html = response.body();
        int secondRow = html.indexOf("<tr><td>" + second.number() + "</td>");
        int firstRow = html.indexOf("<tr><td>" + first.number() + "</td>");
        assertThat(secondRow).isPositive().isLessThan(firstRow);
        assertThat(html.substring(secondRow, firstRow))
                .contains("errno 3", "data.data_detail.trans_id is required for ocpc_zs_convert");
        assertThat(html.substring(firstRow)).contains("class=\"accepted\">accepted<");
        assertThat(html).contains("2 received since start or clear", "1 accepted", "1 rejected");
    }

    @Test
    void theJsonHasTheSameDataNewestFirst() throws IOException {
        Fake360.Received accepted = send(body(PS, "SUBMIT"));
        fake.failNext(Fault.httpStatus(503));
        Fake360.Received faulted = send(body(MS, "CALL"));

        JsonNode json = json();

        assertThat(json.get("endpoint").asText()).isEqualTo(fake.endpoint().toString());
        assertThat(json.get("received").asInt()).isEqualTo(2);
        assertThat(json.get("accepted").asInt()).isEqualTo(1);
        assertThat(json.get("rejected").asInt()).isZero();
        assertThat(json.get("faulted").asInt()).isEqualTo(1);
        JsonNode newest = json.get("uploads").get(0);
        assertThat(newest.get("number").asLong()).isEqualTo(faulted.number());
        assertThat(newest.get("verdict").asText()).isEqualTo("fault httpStatus(503)");
        assertThat(newest.get("httpStatus").asInt()).isEqualTo(503);
        assertThat(newest.get("errno").isNull()).isTrue();
        JsonNode oldest = json.get("uploads").get(1);
        assertThat(oldest.get("number").asLong()).isEqualTo(accepted.number());
        assertThat(oldest.get("verdict").asText()).isEqualTo("accepted");
        assertThat(oldest.get("reason").asText()).isEqualTo("accepted");
        assertThat(oldest.get("errno").asInt()).isZero();
        assertThat(oldest.get("appKey").asText()).isEqualTo(ANY_KEY);
        assertThat(oldest.get("dataIndustry").asText()).isEqualTo(PS);
        assertThat(oldest.get("event").asText()).isEqualTo("SUBMIT");
        assertThat(oldest.get("clickId").asText()).isEqualTo(QHCLICKID);
        assertThat(oldest.get("transId").asText()).isEqualTo(TRANS_ID);
        assertThat(oldest.get("remotePort").asInt()).isEqualTo(accepted.remotePort());
        assertThat(oldest.get("receivedAt").asText()).isEqualTo(accepted.receivedAt().toString());
        assertThat(JSON.readTree(oldest.get("body").asText())).isEqualTo(body(PS, "SUBMIT"));
    }

    @Test
    void secretsAreMaskedOnThePageAndInTheJson() throws IOException {
        ObjectNode leaky = body(PS, "SUBMIT");
        eventParam(leaky).put("outeruserid", SEARCH_SECRET);
        send(leaky);
        send(ANY_SECRET, ANY_KEY, body(PS, "SUBMIT").toString()); // key and secret swapped

        String html = page().body();
        String json = json().toString();

        assertThat(html).doesNotContain(SEARCH_SECRET, ANY_SECRET).contains("******");
        assertThat(json).doesNotContain(SEARCH_SECRET, ANY_SECRET).contains("******");
    }

    @Test
    void whatWasSentIsHtmlEscapedOnThePage() {
        ObjectNode hostile = body(PS, "SUBMIT");
        eventParam(hostile).put("outeruserid", "<script>alert('x')</script>");
        send(hostile);

        String html = page().body();

        assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    }

    @Test
    void theViewShowsOnlyTheNewestHundred() throws IOException {
        for (int i = 0; i < ReceivedView.LIMIT + 3; i++) {
            send(ANY_KEY, "wrong-secret", "{}");
        }
        long newest = fake.received().get(ReceivedView.LIMIT + 2).number();

        JsonNode json = json();
        String html = page().body();

        assertThat(json.get("received").asInt()).isEqualTo(103);
        assertThat(json.get("shown").asInt()).isEqualTo(100);
        assertThat(json.get("uploads")).hasSize(100);
        assertThat(json.get("uploads").get(0).get("number").asLong()).isEqualTo(newest);
        assertThat(json.get("uploads").get(99).get("number").asLong()).isEqualTo(newest - 99);
        assertThat(html).contains("the last 100 only").contains("<tr><td>" + (newest - 99) + "</td>")
                .doesNotContain("<tr><td>" + (newest - 100) + "</td>");
    }

    @Test
    void aLongBodyIsShortenedInTheView() throws IOException {
        String longBody = "{\"pad\":\"" + "y".repeat(10_000) + "\"}";
        send(ANY_KEY, ANY_SECRET, longBody);

        JsonNode upload = json().get("uploads").get(0);

        assertThat(upload.get("bodyBytes").asInt()).isEqualTo(longBody.length());
        assertThat(upload.get("body").asText()).hasSize(ReceivedView.BODY_LIMIT + "…(6010 more chars)".length())
                .endsWith("…(6010 more chars)");
    }

    @Test
    void viewingIsNotAnUploadSoItIsNeitherRecordedNorDelayedNorFaulted() throws IOException {
        try (Fake360 slow = Fake360.builder().credentials("k", "s").latency(Duration.ofSeconds(60)).start()) {
            slow.failAlways(Fault.dropConnection());
            HttpRequest impatient = HttpRequest.newBuilder(slow.view()).timeout(Duration.ofSeconds(10)).build();

            HttpResponse<String> response = call(impatient);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("Nothing received yet.");
            assertThat(slow.received()).isEmpty();
        }
    }

    @Test
    void thePageIsNotCachedAndRunsNoScript() {
        HttpResponse<String> response = page();

        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).startsWith("default-src 'none'"));
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void headOnTheViewSendsTheHeadOnly() {
        HttpResponse<String> response = call(HttpRequest.newBuilder(fake.view())
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(fake.received()).isEmpty();
    }

    @Test
    void otherMethodsOnTheViewPathsGoToTheRulesAndGet404() {
        HttpResponse<String> postRoot = call(post(fake.view(), ANY_KEY, "x", "application/json", new byte[0]));
        HttpResponse<String> postJson = call(post(fake.view().resolve("received.json"), ANY_KEY, "x",
                "application/json", new byte[0]));

        assertThat(postRoot.statusCode()).isEqualTo(404);
        assertThat(postJson.statusCode()).isEqualTo(404);
        assertThat(fake.rejected()).extracting(Fake360.Received::path).containsExactly("/", "/received.json");
    }

    @Test
    void theViewIsServedOverTlsToo() throws Exception {
        try (Fake360 tls = Fake360.builder().tls().credentials("k", "s").start()) {
            HttpResponse<String> response = HttpClient.newBuilder().sslContext(tls.sslContext()).build()
                    .send(HttpRequest.newBuilder(tls.view()).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(tls.view().getScheme()).isEqualTo("https");
            assertThat(response.body()).contains("<h1>Fake360</h1>");
        }
    }
}
