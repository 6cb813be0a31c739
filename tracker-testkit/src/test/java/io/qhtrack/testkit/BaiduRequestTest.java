package io.qhtrack.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** FakeBaidu's rules for a request as a whole: the token, the batch, the shape; and its answers. */
class BaiduRequestTest extends FakeBaiduFixture {

    // ---------------------------------------------------------------- the answer

    @Test
    void anUploadWhoseItemsAllPassIsStatus0Success() {
        HttpResponse<String> response = call(post(fake.endpoint(), "application/json",
                body(item(3), item(14).put("convertValue", 2345)).toString().getBytes(StandardCharsets.UTF_8)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"header\":{\"status\":0,\"desc\":\"success\"}}");
        assertThat(fake.received().get(0).accepted()).isTrue();
        assertThat(fake.accepted()).hasSize(2);
    }

    @Test
    void someItemsRefusedIsStatus1WithErrorsNamingOnlyThem() throws Exception {
        ObjectNode body = body(item(3), item(3).put("convertTime", CONVERT_TIME * 1000), item(14),
                item(99));

        HttpResponse<String> response = call(post(fake.endpoint(), "application/json",
                body.toString().getBytes(StandardCharsets.UTF_8)));

        JsonNode header = header(response);
        assertThat(header.get("status").asInt()).isEqualTo(1);
        assertThat(header.get("desc").asText()).isEqualTo("partial failure");
        assertThat(header.get("errors")).extracting(error -> error.get("position").asText())
                .containsExactly("conversionTypes[1].convertTime", "conversionTypes[3].newType");
        FakeBaidu.Received received = fake.received().get(0);
        assertThat(received.accepted()).isFalse();
        assertThat(received.reason()).startsWith("2 of 4 item(s) refused: conversionTypes[1]: convertTime");
        assertThat(received.items()).extracting(FakeBaidu.Item::accepted).containsExactly(true, false, true, false);
        assertThat(fake.accepted()).extracting(FakeBaidu.Item::index).containsExactly(0, 2);
        assertThat(fake.rejectedItems()).extracting(FakeBaidu.Item::index).containsExactly(1, 3);
        assertThat(fake.rejected()).containsExactly(received);
    }

    @Test
    void everyItemRefusedIsStatus2() {
        FakeBaidu.Received received = send(body(item(99), item(4)));

        assertThat(received.status()).isEqualTo(2);
        assertThat(received.desc()).isEqualTo("all failed");
        assertThat(fake.accepted()).isEmpty();
    }

    // ---------------------------------------------------------------- the token (status 3)

    @Test
    void aWrongTokenIsStatus3TokenInvalidAndNoItemIsJudged() {
        ObjectNode body = body(item(3));
        body.put("token", "someone-elses-token-123");

        FakeBaidu.Received received = send(body);

        assertThat(received.status()).isEqualTo(3);
        assertThat(received.desc()).isEqualTo("token invalid");
        assertThat(received.reason()).isEqualTo("token is not the configured token (token invalid)");
        assertThat(received.tokenMatched()).isFalse();
        assertThat(only(received).accepted()).isFalse();
        assertThat(only(received).reason()).startsWith("not judged: the request was refused as a whole");
    }

    @Test
    void theTokenIsCheckedBeforeTheShapeOfTheRequest() {
        ObjectNode body = body();
        body.put("token", "wrong-token-456").put("extra", 1);

        assertThat(send(body).status()).isEqualTo(3);
    }

    @Test
    void aMissingTokenIsStatus3() {
        ObjectNode body = body(item(3));
        body.remove("token");

        assertThat(send(body).reason()).isEqualTo("token is missing: the account's API token goes in the body "
                + "(token invalid)");
    }

    @Test
    void aTokenWithWhiteSpaceAroundItIsStatus3SayingSo() {
        ObjectNode body = body(item(3));
        body.put("token", " " + TOKEN + "\n");

        FakeBaidu.Received received = send(body);

        assertThat(received.status()).isEqualTo(3);
        assertThat(received.reason()).isEqualTo("token has white space around it (token invalid)");
    }

    @Test
    void aTokenThatIsNotAStringIsStatus3() {
        ObjectNode body = body(item(3));
        body.put("token", 12345);

        assertThat(send(body).reason()).isEqualTo("token must be a string, got number (token invalid)");
    }

    // ---------------------------------------------------------------- the batch

    @Test
    void oneItemIsAnUpload() {
        assertThat(send(bodyOf(1)).status()).isZero();
    }

    @Test
    void ninetyNineItemsAreAccepted() {
        FakeBaidu.Received received = send(bodyOf(99));

        assertThat(received.status()).isZero();
        assertThat(fake.accepted()).hasSize(99);
    }

    @Test
    void aHundredItemsAreRefusedAsAWholeFewerThan100() throws Exception {
        HttpResponse<String> response = call(post(fake.endpoint(), "application/json",
                bodyOf(100).toString().getBytes(StandardCharsets.UTF_8)));

        JsonNode header = header(response);
        assertThat(header.get("status").asInt()).isEqualTo(2);
        assertThat(header.get("errors")).hasSize(1);
        assertThat(header.get("errors").get(0).get("position").asText()).isEqualTo("conversionTypes");
        FakeBaidu.Received received = fake.received().get(0);
        assertThat(received.reason()).isEqualTo("conversionTypes has 100 items; Baidu takes fewer than 100 per request "
                + "(每次回传转化数据数组长度需小于100)");
        assertThat(received.items()).hasSize(100).noneMatch(FakeBaidu.Item::accepted);
    }

    @Test
    void noItemsAreRefused() {
        assertThat(send(body()).reason()).isEqualTo("conversionTypes is empty; send 1 to 99 conversions");
    }

    @Test
    void conversionTypesIsRequiredAndAnArray() {
        ObjectNode body = body();
        body.remove("conversionTypes");
        assertThat(send(body).reason()).startsWith("conversionTypes is required");

        body.putObject("conversionTypes");
        assertThat(send(body).reason()).isEqualTo("conversionTypes must be an array, got an object");
    }

    @Test
    void twoConversionsOfOneClickAreTwoItems() {
        FakeBaidu.Received received = send(body(item(3), item(14)));

        assertThat(received.items()).extracting(FakeBaidu.Item::bdVid).containsExactly(BD_VID, BD_VID);
        assertThat(received.items()).extracting(FakeBaidu.Item::newType).containsExactly(3, 14);
    }

    // ---------------------------------------------------------------- the shape of the request

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"x\"", "42", "null"})
    void theBodyMustBeAnObject(String text) {
        FakeBaidu.Received received = send(text);

        assertThat(received.status()).isEqualTo(2);
        assertThat(received.reason()).startsWith("the body must be a JSON object");
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedAsAWhole() {
        FakeBaidu.Received received = send("token=" + TOKEN);

        assertThat(received.status()).isEqualTo(2);
        assertThat(received.reason()).startsWith("the body is not valid JSON");
        assertThat(received.toString()).doesNotContain(TOKEN);
    }

    @Test
    void aDuplicateKeyIsRefused() {
        assertThat(send("{\"token\":\"" + TOKEN + "\",\"token\":\"" + TOKEN + "\",\"conversionTypes\":[]}").reason())
                .contains("Duplicate field 'token'");
    }

    @Test
    void anUnknownTopLevelFieldIsRefusedByName() {
        ObjectNode body = body(item(3));
        body.put("userId", "7");

        assertThat(send(body).reason()).isEqualTo("unknown field userId next to token and conversionTypes; Baidu's "
                + "request has only [conversionTypes, token]");
    }

    @Test
    void theSingularConversionTypeGetsAHint() {
        ObjectNode body = body();
        body.remove("conversionTypes");
        body.putArray("conversionType").add(item(3));

        assertThat(send(body).reason()).endsWith("did you mean conversionTypes (an array)?");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json;charset=utf-8", "application/json; charset=UTF-8"})
    void theContentTypeIsJsonWithAnOptionalUtf8Charset(String contentType) {
        byte[] bytes = body(item(3)).toString().getBytes(StandardCharsets.UTF_8);

        assertThat(exchange(post(fake.endpoint(), contentType, bytes)).status()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/json;charset=gbk"})
    void anotherContentTypeIsRefused(String contentType) {
        byte[] bytes = body(item(3)).toString().getBytes(StandardCharsets.UTF_8);

        FakeBaidu.Received received = exchange(post(fake.endpoint(), contentType, bytes));

        assertThat(received.status()).isEqualTo(2);
        assertThat(received.reason()).startsWith("Content-Type");
    }

    @Test
    void gbkTextIsNotUtf8() {
        byte[] gbk = body(item(3).put("outerEventId", "订单")).toString().getBytes(java.nio.charset.Charset.forName("GBK"));

        assertThat(exchange(post(fake.endpoint(), "application/json", gbk)).reason())
                .isEqualTo("the body is not valid UTF-8 (GBK or Latin-1 text?)");
    }

    // ---------------------------------------------------------------- path and method

    @Test
    void anotherPathIs404() {
        HttpResponse<String> response = call(post(fake.endpoint().resolve("/ocpcapi/api/uploadInvalidConvertData"),
                "application/json", body(item(3)).toString().getBytes(StandardCharsets.UTF_8)));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(fake.rejected().get(0).reason()).startsWith("no such path: /ocpcapi/api/uploadInvalidConvertData");
    }

    @Test
    void getIs405() {
        HttpResponse<String> response = call(HttpRequest.newBuilder(fake.endpoint()).timeout(Duration.ofSeconds(10))
                .GET().build());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    }

    // ---------------------------------------------------------------- the shape of errors (a fixture)

    @Test
    void errorPositionItemIndexNamesTheItemOnly() throws Exception {
        try (FakeBaidu indexed = FakeBaidu.builder().token(TOKEN).errorPosition(FakeBaidu.ErrorPosition.ITEM_INDEX)
                .start()) {
            HttpResponse<String> response = call(post(indexed.endpoint(), "application/json",
                    body(item(3), item(99)).toString().getBytes(StandardCharsets.UTF_8)));

            JsonNode errors = header(response).get("errors");
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0).get("position").asText()).isEqualTo("1");
        }
    }

    @Test
    void errorPositionOmittedSendsNoErrorsAtAll() throws Exception {
        try (FakeBaidu silent = FakeBaidu.builder().token(TOKEN).errorPosition(FakeBaidu.ErrorPosition.OMITTED)
                .start()) {
            HttpResponse<String> response = call(post(silent.endpoint(), "application/json",
                    body(item(3), item(99)).toString().getBytes(StandardCharsets.UTF_8)));

            assertThat(response.body()).isEqualTo("{\"header\":{\"status\":1,\"desc\":\"partial failure\"}}");
            assertThat(silent.accepted()).hasSize(1);
        }
    }

    @Test
    void theAnswerStaysValidJsonWhateverTheReasonQuotes() throws Exception {
        ObjectNode item = item(3);
        item.put("a\"<b>\\", 1);

        HttpResponse<String> response = call(post(fake.endpoint(), "application/json",
                body(item).toString().getBytes(StandardCharsets.UTF_8)));

        assertThat(JSON.readTree(response.body()).get("header").get("errors").get(0).get("message").asText())
                .startsWith("unknown field a\"<b>\\;");
    }
}
