package io.qhtrack.filter;

import io.qhtrack.core.Conversion;
import io.qhtrack.core.Event;
import io.qhtrack.filter.GuardedShop.Container;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19, item 3: a browser posts a form without a charset in its {@code Content-Type}; the application's own
 * character-encoding filter, which runs after qhtrack's filters (as one declared in {@code web.xml} does), says how
 * to decode it. On a trigger path, the handler must still see the fields as the application decodes them, and the
 * {@code trans_id} must be the one of those fields: the trigger filter must not decode the body first. Tomcat 11 and
 * Jetty 12 here; Tomcat 9, 8.5 and Jetty 9.4 in tracker-filter-javax's WAR contract.
 */
class TriggerFormEncodingTest extends GuardedShopsTest {

    /**
     * Jetty 12.1 decodes every form as UTF-8 whatever the application's filter sets: it answers 400 to a GBK or a
     * Latin-1 form even without qhtrack (jetty/jetty.project#13046, #14646). So on Jetty 12 only a UTF-8 page is
     * shown (it passes with the old filter too); Jetty 9.4, which honours the application's encoding, is in
     * tracker-filter-javax's contract.
     */
    @ParameterizedTest(name = "{0}, a page in {1}: {2}")
    @CsvSource({"JETTY, UTF-8, 张三", "TOMCAT, UTF-8, 张三", "TOMCAT, GBK, 张三", "TOMCAT, ISO-8859-1, Zoë"})
    void aFormPostedWithoutACharsetIsDecodedAsTheApplicationSaysForTheHandlerAndTheTransId(Container container,
            String charset, String name) {
        GuardedShop shop = shop(container);
        CookieCarryingClient visitor = visitorWithAClick(shop);
        // what a browser sends for a page in this charset: the fields percent-encoded in it, no charset named
        String body = "name=" + URLEncoder.encode(name, Charset.forName(charset)) + "&phone=13800138000";

        HttpResponse<String> answer = visitor.post("/form/" + charset.toLowerCase(Locale.ROOT),
                body.getBytes(StandardCharsets.US_ASCII), "Content-Type", "application/x-www-form-urlencoded");

        assertThat(answer.body()).isEqualTo("thanks " + name);
        assertThat(shop.probe.added).hasSize(1);
        assertThat(shop.probe.added.get(0).upload().conversionKey()).isEqualTo(transIdOf("name", name, "phone",
                "13800138000"));
    }

    private static String transIdOf(String... fields) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            form.put(fields[i], List.of(fields[i + 1]));
        }
        return Conversion.builder(Event.SUBMIT).transIdFromForm(form).build().transId().orElseThrow();
    }
}
