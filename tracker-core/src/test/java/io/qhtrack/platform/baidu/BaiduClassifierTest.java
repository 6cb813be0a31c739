package io.qhtrack.platform.baidu;

import static io.qhtrack.platform.baidu.BaiduFixtures.leads;
import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.spi.HttpAnswer;
import io.qhtrack.core.spi.PlatformUpload;
import io.qhtrack.core.spi.Verdict;
import io.qhtrack.core.spi.Verdicts;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every answer Baidu documents, and the shapes it does not, as verdicts for each conversion sent. */
class BaiduClassifierTest {

    private static Verdicts classify(int http, String body, int n) {
        return new Baidu().classifier().classify(
                new HttpAnswer(http, Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8)),
                leads(n));
    }

    /** D delivered, T retry, F refused, P park, one letter per conversion; a leading ~ for an unattributed refusal. */
    private static String kinds(Verdicts v) {
        return (v.unattributed() ? "~" : "") + v.perItem().stream().map(i -> i.kind().name().substring(0, 1)
                .replace("R", i.kind() == Verdict.Kind.RETRY ? "T" : "F")).collect(Collectors.joining());
    }

    @ParameterizedTest(name = "[{index}] HTTP {0} {1} for {2} → {3}")
    @CsvSource(delimiter = '|', value = {
        // HTTP | body                                                                           | n | verdicts | code
        "200 | {'header':{'status':0,'desc':'success'}}                                          | 3 | DDD  | ",
        "200 | {'header':{'status':0,'desc':'success','errors':[{'position':'0'}]}}              | 2 | DD   | ",
        // status 1: the items errors names are refused, the others delivered
        "200 | {'header':{'status':1,'errors':[{'code':400,'message':'m','position':'conversionTypes[1].logidUrl'}]}} "
                + "| 3 | DFD | 1",
        "200 | {'header':{'status':1,'errors':[{'code':400,'message':'m','position':'conversionTypes[0]'}]}} "
                + "| 3 | FDD | 1",
        "200 | {'header':{'status':1,'errors':[{'message':'m','position':'2'}]}}                  | 3 | DDF  | 1",
        "200 | {'header':{'status':1,'errors':[{'message':'m','position':1}]}}                    | 3 | DFD  | 1",
        "200 | {'header':{'status':1,'errors':[{'message':'a','position':'1'},{'message':'b','position':'conversionTypes[1].newType'}]}} "
                + "| 3 | DFD | 1",
        "200 | {'header':{'status':1,'errors':[{'message':'m','position':'0'}]}}                  | 1 | F    | 1",
        // status 1 that does not say which: unattributed, the engine retries then splits
        "200 | {'header':{'status':1,'desc':'partial'}}                                          | 3 | ~FFF | 1",
        "200 | {'header':{'status':1,'errors':[{'message':'m','position':'conversionTypes'}]}}    | 3 | ~FFF | 1",
        "200 | {'header':{'status':1,'errors':[{'message':'m','position':'conversionTypes[3]'}]}} | 3 | ~FFF | 1",
        "200 | {'header':{'status':1,'errors':[{'message':'m','position':'-1'}]}}                 | 3 | ~FFF | 1",
        "200 | {'header':{'status':1,'errors':[{'message':'m','position':'0'},{'message':'m'}]}}  | 3 | ~FFF | 1",
        "200 | {'header':{'status':1,'errors':'conversionTypes[0]'}}                             | 3 | ~FFF | 1",
        "200 | {'header':{'status':1,'errors':[{'position':'0'},{'position':'1'},{'position':'2'}]}} | 3 | ~FFF | 1",
        // status 2: all refused, each with its reason where errors names it
        "200 | {'header':{'status':2,'errors':[{'position':'0'},{'position':'1'},{'position':'2'}]}} | 3 | FFF | 2",
        "200 | {'header':{'status':2,'errors':[{'message':'m','position':'conversionTypes[0].convertTime'}]}} "
                + "| 3 | FFF | 2",
        "200 | {'header':{'status':2,'desc':'all failed'}}                                       | 3 | ~FFF | 2",
        "200 | {'header':{'status':2,'desc':'all failed'}}                                       | 1 | F    | 2",
        "200 | {'header':{'status':2,'errors':[{'message':'m','position':'conversionTypes'}]}}    | 1 | F    | 2",
        // status 3: the token; 4: Baidu's server
        "200 | {'header':{'status':3,'desc':'token invalid'}}                                    | 3 | PPP  | 3",
        "200 | {'header':{'status':4,'desc':'server error'}}                                     | 3 | TTT  | 4",
        // statuses Baidu does not document
        "200 | {'header':{'status':5}}                                                           | 2 | TT   | 5",
        "200 | {'header':{'status':-1}}                                                          | 2 | TT   | -1",
        // not Baidu's answer
        "200 | <html><body>502 Bad Gateway</body></html>                                         | 2 | TT   | ",
        "200 | {'header':{'status':0                                                             | 2 | TT   | ",
        "200 | {'header':{'status':'0'}}                                                         | 2 | TT   | ",
        "200 | {'header':{'status':1e30}}                                                        | 2 | TT   | ",
        "200 | {'header':{'status':0.5}}                                                         | 2 | TT   | ",
        "200 | {'status':0}                                                                      | 2 | TT   | ",
        "200 | {'header':'0'}                                                                    | 2 | TT   | ",
        "200 | [0]                                                                               | 2 | TT   | ",
        "200 | null                                                                              | 2 | TT   | ",
        "204 | ''                                                                                | 2 | TT   | ",
        "404 | Not Found                                                                         | 2 | TT   | ",
        "401 | {'header':{'status':0}}                                                           | 2 | TT   | "})
    void everyAnswerHasAVerdictForEachConversion(int http, String body, int n, String expected, String code) {
        Verdicts v = classify(http, body.trim().equals("''") ? "" : body.trim().replace('\'', '"'), n);

        assertThat(kinds(v)).isEqualTo(expected.trim());
        assertThat(v.perItem()).allSatisfy(i -> assertThat(i.code().orElse(null))
                .isEqualTo(i.kind() == Verdict.Kind.DELIVERED ? null : code));
        assertThat(v.perItem()).allSatisfy(i -> assertThat(i.retryAfter()).isEmpty());
        assertThat(v.slowDown()).isEmpty();
    }

    @Test
    void aRefusedConversionIsNamedWithBaidusReason() {
        Verdicts v = classify(200, "{\"header\":{\"status\":1,\"desc\":\"partial\",\"errors\":[{\"code\":400,"
                + "\"message\":\"logidUrl has no bd_vid\",\"position\":\"conversionTypes[1].logidUrl\"}]}}", 3);

        assertThat(v.perItem().get(1).message()).isEqualTo("Baidu refused it (status 1, conversionTypes[1], newType 3): "
                + "\"logidUrl has no bd_vid\" (code 400)");
        assertThat(v.perItem().get(0).message()).isEqualTo("Baidu accepted it (status 1 \"partial\": other conversions "
                + "of the batch were refused)");
    }

    @Test
    void twoErrorsOfOneConversionAreBothKept() {
        Verdicts v = classify(200, "{\"header\":{\"status\":1,\"errors\":[{\"message\":\"a\",\"position\":\"1\"},"
                + "{\"message\":\"b\",\"position\":\"conversionTypes[1].newType\"}]}}", 3);

        assertThat(v.perItem().get(1).message()).endsWith(": \"a\"; \"b\"");
    }

    @Test
    void anUnnamedConversionOfAnAllFailedBatchSaysSo() {
        Verdicts v = classify(200, "{\"header\":{\"status\":2,\"desc\":\"all failed\",\"errors\":[{\"message\":\"m\","
                + "\"position\":\"0\"}]}}", 2);

        assertThat(v.perItem().get(1).message()).isEqualTo("Baidu refused it (status 2 \"all failed\", all failed; "
                + "conversionTypes[1] had no reason of its own)");
    }

    @Test
    void anUnattributedRefusalSaysWhatTheEngineWillDo() {
        Verdicts v = classify(200, "{\"header\":{\"status\":2,\"desc\":\"all failed\",\"errors\":[{\"message\":"
                + "\"too many\",\"position\":\"conversionTypes\"}]}}", 4);

        assertThat(v.perItem().get(0).message()).isEqualTo("Baidu answered status 2 \"all failed\" without naming "
                + "which of the 4 conversions it refused (\"too many\"); sending them again, then in halves, until the "
                + "refused one stands alone");
    }

    @Test
    void aSingleConversionRefusedWithoutAnErrorGetsBaidusDescription() {
        Verdicts v = classify(200, "{\"header\":{\"status\":2,\"desc\":\"all failed\"}}", 1);

        assertThat(v.perItem().get(0).message()).isEqualTo("Baidu refused it (status 2, conversionTypes[0], newType 3): "
                + "\"all failed\"");
    }

    @Test
    void status3ParksAndSaysWhichSettingToFix() {
        Verdict v = classify(200, "{\"header\":{\"status\":3,\"desc\":\"token invalid\"}}", 1).perItem().get(0);

        assertThat(v.kind()).isEqualTo(Verdict.Kind.PARK);
        assertThat(v.message()).startsWith("Baidu answered status 3 \"token invalid\": the token is invalid; set "
                + "qhtrack.baidu.token").contains("replay");
    }

    @Test
    void status4IsRetriedWithTheEnginesBackoff() {
        Verdict v = classify(200, "{\"header\":{\"status\":4,\"desc\":\"server error\"}}", 1).perItem().get(0);

        assertThat(v.kind()).isEqualTo(Verdict.Kind.RETRY);
        assertThat(v.retryAfter()).isEmpty();
        assertThat(v.message()).isEqualTo("Baidu answered status 4 \"server error\": a server error; will retry");
    }

    @Test
    void anAnswerThatIsNotBaidusIsQuotedEscapedAndCut() {
        String page = "<html>\n<body>\u202Egateway\u0007 " + "x".repeat(1000) + "</body></html>";

        Verdict v = classify(200, page, 1).perItem().get(0);

        assertThat(v.message()).startsWith("HTTP 200 with a body that is not JSON is not Baidu's answer (a proxy or "
                + "gateway in between?); will retry: '<html> <body>\\u202egateway\\u0007 xxx")
                .endsWith("…'").doesNotContain("\n").doesNotContain("\u202E");
        assertThat(v.message().length()).isLessThan(500);
    }

    @Test
    void aWrongEndpointIsNamedInTheMessage() {
        Verdict v = classify(404, "Not Found", 1).perItem().get(0);

        assertThat(v.message()).isEqualTo("HTTP 404 is not Baidu's answer (Baidu answers 200 with a header.status): "
                + "check qhtrack.baidu.endpoint; will retry: 'Not Found'");
    }

    @Test
    void baidusOwnTextCannotForgeALogLine() {
        String desc = "ok\nINFO forged line \u2028 \u202E" + "y".repeat(500);
        String body = "{\"header\":{\"status\":1,\"desc\":\"" + desc.replace("\n", "\\n") + "\",\"errors\":[{"
                + "\"message\":\"" + desc.replace("\n", "\\n") + "\",\"position\":\"0\"}]}}";

        List<Verdict> verdicts = classify(200, body, 2).perItem();

        assertThat(verdicts).allSatisfy(v -> assertThat(v.message()).doesNotContain("\n").doesNotContain("\u2028")
                .doesNotContain("\u202E").contains("\\u000a").hasSizeLessThan(400));
    }

    @Test
    void theVerdictsFollowTheBatchsOrderForSeveralConversionsOfOneClick() {
        List<PlatformUpload> batch = leads(3);
        assertThat(batch).extracting(PlatformUpload::clickId).containsOnly(BaiduFixtures.CLICK_ID);

        Verdicts v = classify(200, "{\"header\":{\"status\":1,\"errors\":[{\"position\":\"conversionTypes[2]\"}]}}", 3);

        assertThat(v.perItem()).extracting(Verdict::kind).containsExactly(Verdict.Kind.DELIVERED,
                Verdict.Kind.DELIVERED, Verdict.Kind.REFUSED);
    }
}
