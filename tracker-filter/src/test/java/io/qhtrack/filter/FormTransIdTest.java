package io.qhtrack.filter;

import io.qhtrack.core.Conversion;
import io.qhtrack.core.Event;
import io.qhtrack.testkit.Fake360;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A form's {@code trans_id} over real HTTP on Jetty: taken from the body's fields only, never from the query string,
 * never from per-render tokens ({@code qhtrack.form.ignore-fields}), or only from {@code qhtrack.form.fields}; so a
 * form sent again is a {@code DUPLICATE}, whatever the link it was posted to or the token it was rendered with.
 */
class FormTransIdTest {

    private ShopServer shop;

    @AfterEach
    void stop() {
        if (shop != null) {
            shop.close();
        }
    }

    private ShopServer.Visitor visitorWithAClick(ShopServer.Builder builder, String clickId) throws Exception {
        shop = builder.synchronousDelivery().start();
        ShopServer.Visitor visitor = shop.visitor();
        assertThat(visitor.get("/?qhclickid=" + clickId).body()).isEqualTo("click=ps:" + clickId);
        return visitor;
    }

    private static String transIdOf(String... fields) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            form.computeIfAbsent(fields[i], k -> new ArrayList<>()).add(fields[i + 1]);
        }
        return Conversion.builder(Event.SUBMIT).transIdFromForm(form).build().transId().orElseThrow();
    }

    private Fake360.Received theOnlyUpload() {
        assertThat(shop.fake.received()).hasSize(1);
        return shop.fake.accepted().get(0);
    }

    @Test
    void theSameFormPostedWithAnotherQueryStringIsADuplicate() throws Exception {
        ShopServer.Visitor visitor = visitorWithAClick(ShopServer.builder(), "7000000000000001");

        assertThat(visitor.lead("/lead?utm_source=360&x=1", "name", "张三", "phone", "13800000000"))
                .isEqualTo("QUEUED");
        assertThat(visitor.lead("/lead?utm_source=360&x=2", "name", "张三", "phone", "13800000000"))
                .isEqualTo("DUPLICATE");
        assertThat(visitor.lead("/lead", "name", "张三", "phone", "13800000000")).isEqualTo("DUPLICATE");

        assertThat(theOnlyUpload().transId()).isEqualTo(transIdOf("name", "张三", "phone", "13800000000"));
    }

    @Test
    void aFieldInBothTheQueryAndTheBodyCountsWithItsBodyValuesOnly() throws Exception {
        ShopServer.Visitor visitor = visitorWithAClick(ShopServer.builder(), "7000000000000002");

        assertThat(visitor.lead("/lead?name=%E6%9D%8E&phone=1", "name", "张三", "phone", "13800000000"))
                .isEqualTo("QUEUED");
        assertThat(visitor.lead("/lead?name=other+name&name=third", "name", "张三", "phone", "13800000000"))
                .isEqualTo("DUPLICATE");

        assertThat(theOnlyUpload().transId()).isEqualTo(transIdOf("name", "张三", "phone", "13800000000"));
    }

    /** Presents each parameter's body values before its query values: the other order a container could choose. */
    static Filter bodyValuesFirst() {
        return (request, response, chain) -> chain.doFilter(new HttpServletRequestWrapper((HttpServletRequest) request) {
            @Override
            public Map<String, String[]> getParameterMap() {
                Map<String, String[]> reversed = new LinkedHashMap<>();
                super.getParameterMap().forEach((name, values) -> {
                    List<String> list = new ArrayList<>(List.of(values));
                    Collections.reverse(list);
                    reversed.put(name, list.toArray(new String[0]));
                });
                return reversed;
            }
        }, response);
    }

    @Test
    void theQueryValuesAreSubtractedWhicheverOrderTheContainerPutsThemIn() throws Exception {
        ShopServer.Visitor visitor = visitorWithAClick(ShopServer.builder().filterBefore(bodyValuesFirst()),
                "7000000000000003");

        assertThat(visitor.lead("/lead?name=%E6%9D%8E&phone=1", "name", "张三", "phone", "13800000000"))
                .isEqualTo("QUEUED");
        assertThat(visitor.lead("/lead?phone=2", "name", "张三", "phone", "13800000000")).isEqualTo("DUPLICATE");

        assertThat(theOnlyUpload().transId()).isEqualTo(transIdOf("name", "张三", "phone", "13800000000"));
    }

    @Test
    void aFormWhoseFieldsAreAllInTheQueryStringHasNoTransIdAndIsNotReported() throws Exception {
        ShopServer.Visitor visitor = visitorWithAClick(ShopServer.builder(), "7000000000000004");

        String answer = visitor.post("/lead?name=Zhang&phone=13800000000", "", "Content-Type",
                "application/x-www-form-urlencoded").body();

        assertThat(answer).startsWith("INVALID\n").contains("requires trans_id");
        assertThat(shop.fake.received()).isEmpty();
    }

    @Test
    void aResubmittedFormWithAFreshCsrfTokenIsADuplicate() throws Exception {
        ShopServer.Visitor visitor = visitorWithAClick(ShopServer.builder(), "7000000000000005");

        assertThat(visitor.lead("/lead", "_csrf", UUID.randomUUID().toString(), "name", "Li", "phone", "139"))
                .isEqualTo("QUEUED");
        assertThat(visitor.lead("/lead", "_csrf", UUID.randomUUID().toString(), "name", "Li", "phone", "139"))
                .isEqualTo("DUPLICATE");

        assertThat(theOnlyUpload().transId()).isEqualTo(transIdOf("name", "Li", "phone", "139"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"_csrf", "csrf_token", "csrfmiddlewaretoken", "authenticity_token",
        "__RequestVerificationToken", "_token", "_t", "timestamp", "nonce", "_CSRF", "Timestamp", "NONCE"})
    void everyCommonTokenFieldIsLeftOutIgnoringCase(String field) throws Exception {
        ShopServer.Visitor visitor = visitorWithAClick(ShopServer.builder(), "7000000000000006");

        assertThat(visitor.lead("/lead", "name", "Li", "phone", "139", field, "a1")).isEqualTo("QUEUED");
        assertThat(visitor.lead("/lead", "name", "Li", "phone", "139", field, "b2")).isEqualTo("DUPLICATE");
    }

    @Test
    void aConfiguredIgnoreListReplacesTheDefaultOne() throws Exception {
        ShopServer.Visitor visitor = visitorWithAClick(ShopServer.builder()
                .contextParam("qhtrack.form.ignore-fields", "form_nonce, Rendered_At"), "7000000000000007");

        assertThat(visitor.lead("/lead", "name", "Li", "form_nonce", "1", "rendered_at", "1")).isEqualTo("QUEUED");
        assertThat(visitor.lead("/lead", "name", "Li", "form_nonce", "2", "rendered_at", "2")).isEqualTo("DUPLICATE");
        assertThat(visitor.lead("/lead", "name", "Li", "form_nonce", "3", "_csrf", "x")).isEqualTo("QUEUED");
    }

    @Test
    void onlyTheConfiguredFieldsCountWhenThereAreSome() throws Exception {
        ShopServer.Visitor visitor = visitorWithAClick(ShopServer.builder()
                .contextParam("qhtrack.form.fields", "Phone"), "7000000000000008");

        assertThat(visitor.lead("/lead", "name", "Li", "phone", "139")).isEqualTo("QUEUED");
        assertThat(visitor.lead("/lead", "name", "Li Lei", "phone", "139", "comment", "again"))
                .isEqualTo("DUPLICATE");
        assertThat(visitor.lead("/lead", "name", "Li", "phone", "138")).isEqualTo("QUEUED");

        assertThat(shop.fake.accepted()).extracting(Fake360.Received::transId)
                .containsExactlyInAnyOrder(transIdOf("phone", "139"), transIdOf("phone", "138"));
    }

    @Test
    void aTriggeredFormIsIdentifiedByItsBodyFieldsToo() throws Exception {
        ShopServer.Visitor visitor = visitorWithAClick(ShopServer.builder(), "7000000000000009");

        for (String query : List.of("?x=1", "?x=2&nonce=3", "")) {
            assertThat(visitor.postForm("/triggered" + query, "name", "Wang", "phone", "137", "nonce",
                    UUID.randomUUID().toString()).body()).isEqualTo("thanks Wang");
        }

        assertThat(shop.fake.accepted()).hasSize(1);
        assertThat(shop.tracker().metrics().getDuplicates()).isEqualTo(2);
        assertThat(theOnlyUpload().transId()).isEqualTo(transIdOf("name", "Wang", "phone", "137"));
    }
}
