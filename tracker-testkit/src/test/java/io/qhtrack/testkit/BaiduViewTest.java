package io.qhtrack.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** FakeBaidu's HTTP view and its builder. */
class BaiduViewTest extends FakeBaiduFixture {

    private static HttpResponse<String> get(URI uri) {
        return call(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build());
    }

    private static JsonNode json() throws IOException {
        return JSON.readTree(get(fake.view().resolve("received.json")).body());
    }

    @Test
    void thePageShowsEachRequestWithItsVerdictNewestFirst() {
        FakeBaidu.Received partial = send(body(item(3), item(99)));
        ObjectNode wrong = body(item(3));
        wrong.put("token", "x-wrong-token-9");
        FakeBaidu.Received refused = send(wrong);

        String html = get(fake.view()).body();

        assertThat(html).contains("<h1>FakeBaidu</h1>", "Baidu oCPC&#39;s uploadConvertData", "2 received",
                "0 accepted", "2 rejected");
        int newest = html.indexOf("<tr><td>" + refused.number() + "</td>");
        int older = html.indexOf("<tr><td>" + partial.number() + "</td>");
        assertThat(newest).isPositive().isLessThan(older);
        assertThat(html.substring(newest, older)).contains("status 3", "token not matched");
        assertThat(html.substring(older)).contains("status 1 (1 of 2 items accepted)", "newType 3, 99");
        assertThat(html).doesNotContain(TOKEN, "x-wrong-token-9");
    }

    @Test
    void theJsonListsTheItemsOfEachRequest() throws IOException {
        FakeBaidu.Received received = send(body(item(14).put("convertValue", 2345).put("outerEventId", "o-1"),
                item(99)));

        JsonNode upload = json().get("uploads").get(0);

        assertThat(upload.get("number").asLong()).isEqualTo(received.number());
        assertThat(upload.get("status").asInt()).isEqualTo(1);
        assertThat(upload.get("desc").asText()).isEqualTo("partial failure");
        assertThat(upload.get("tokenMatched").asBoolean()).isTrue();
        JsonNode first = upload.get("items").get(0);
        assertThat(first.get("accepted").asBoolean()).isTrue();
        assertThat(first.get("bdVid").asText()).isEqualTo(BD_VID);
        assertThat(first.get("newType").asInt()).isEqualTo(14);
        assertThat(first.get("convertValue").asLong()).isEqualTo(2345);
        assertThat(first.get("outerEventId").asText()).isEqualTo("o-1");
        assertThat(upload.get("items").get(1).get("reason").asText()).startsWith("newType 99");
        assertThat(upload.get("body").asText()).contains("\"token\":\"******\"").doesNotContain(TOKEN);
    }

    @Test
    void viewingIsNotAnUpload() throws IOException {
        fake.failAlways(Fault.dropConnection());

        assertThat(json().get("received").asInt()).isZero();
        assertThat(fake.received()).isEmpty();
    }

    // ---------------------------------------------------------------- the builder

    @Test
    void aTokenIsRequiredAndChecked() {
        assertThatThrownBy(() -> FakeBaidu.builder().start())
                .isInstanceOf(IllegalStateException.class).hasMessage("no token was set: call token(token) at least once");
        assertThatThrownBy(() -> FakeBaidu.builder().token("a token"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("token must be non-empty without white space or control characters (token not shown)");
        assertThatThrownBy(() -> FakeBaidu.builder().token("secret-1").token("secret-1"))
                .isInstanceOf(IllegalStateException.class).hasMessage("this token was already added (token not shown)");
    }

    @Test
    void eachSettingMayBeGivenOnceAndIsValidated() {
        assertThatThrownBy(() -> FakeBaidu.builder().convertTimeRequired(FakeBaidu.ConvertTimeRule.TYPE_46)
                .convertTimeRequired(FakeBaidu.ConvertTimeRule.ALWAYS))
                .hasMessage("convertTimeRequired was already set to TYPE_46");
        assertThatThrownBy(() -> FakeBaidu.builder().maxConvertAge(Duration.ZERO))
                .hasMessage("maxConvertAge must be positive but was PT0S");
        assertThatThrownBy(() -> FakeBaidu.builder().newTypes()).hasMessage("newTypes needs at least one type");
        assertThatThrownBy(() -> FakeBaidu.builder().newTypes(0)).hasMessage("newTypes must be positive but was 0");
        assertThatThrownBy(() -> FakeBaidu.builder().port(70000))
                .hasMessage("port must be between 0 and 65535 but was 70000");
        assertThatThrownBy(() -> FakeBaidu.builder().tls().tls()).hasMessage("tls() was already called");
        assertThatThrownBy(() -> FakeBaidu.builder().errorPosition(FakeBaidu.ErrorPosition.OMITTED)
                .errorPosition(FakeBaidu.ErrorPosition.OMITTED)).hasMessage("errorPosition was already set to OMITTED");
    }

    @Test
    void theBuilderAndTheFakeNeverShowTheToken() {
        FakeBaidu.Builder builder = FakeBaidu.builder().token(TOKEN).acceptDisputedType4().outerEventIdIgnored();

        assertThat(builder.toString()).isEqualTo("FakeBaidu.Builder[port=0, tokens=1, acceptDisputedType4, "
                + "outerEventIdIgnored]");
        assertThat(fake.toString()).startsWith("FakeBaidu[" + fake.endpoint()).doesNotContain(TOKEN);
    }

    @Test
    void theEndpointIsBaidusPathOnLoopback() {
        assertThat(fake.endpoint().toString()).matches("http://127\\.0\\.0\\.1:[1-9][0-9]*/ocpcapi/api/uploadConvertData");
        assertThat(fake.view()).isEqualTo(fake.endpoint().resolve("/"));
    }
}
