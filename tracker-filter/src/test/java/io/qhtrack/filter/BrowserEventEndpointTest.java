package io.qhtrack.filter;

import io.qhtrack.core.TrackOutcome;
import io.qhtrack.testkit.Fake360;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser-event endpoint over real HTTP on Jetty, as the browser script's beacons reach it and as forgers would
 * try it: allowed events of visitors with a click are reported, once per click, event and day; everything else is
 * refused with nothing sent. {@link ForgedBrowserEventsTest} and {@link ClientAddressBudgetTest} cover scripts that
 * invent clicks, {@link BrowserEventsOncePerDayTest} the trans_id of the display line.
 */
class BrowserEventEndpointTest {

    private static final String PAGE_VIEW = "0123456789abcdef0123456789abcdef";
    private static final String OTHER_PAGE_VIEW = "fedcba9876543210fedcba9876543210";
    private static final String ALLOWED = "CALL_BUTTON,WX_BUTTON_C,BROWSETIME,BROWSE_DEPTH";

    private ShopServer shop;

    @AfterEach
    void stop() {
        if (shop != null) {
            shop.close();
        }
    }

    private ShopServer.Visitor visitor(String landing, String... contextParams) throws Exception {
        ShopServer.Builder builder = ShopServer.builder().synchronousDelivery()
                .contextParam("qhtrack.browser-events", ALLOWED);
        for (int i = 0; i < contextParams.length; i += 2) {
            builder.contextParam(contextParams[i], contextParams[i + 1]);
        }
        shop = builder.start();
        ShopServer.Visitor visitor = shop.visitor();
        if (landing != null) {
            visitor.get(landing);
        }
        return visitor;
    }

    /** A beacon as the script sends it: guard content type, this site's Origin, same-origin fetch metadata. */
    private HttpRequest.Builder beacon(ShopServer.Visitor visitor, String query) {
        return visitor.request("/qhtrack/event?" + query, "Content-Type", BrowserEventEndpoint.CONTENT_TYPE,
                "Origin", shop.origin(), "Sec-Fetch-Site", "same-origin")
                .POST(HttpRequest.BodyPublishers.noBody());
    }

    private int send(ShopServer.Visitor visitor, String event, String pageView) {
        return visitor.send(beacon(visitor, "event=" + event + "&pv=" + pageView).build()).statusCode();
    }

    private long entriesInTheOutbox() {
        return shop.tracker().outbox().counts().values().stream().mapToLong(Long::longValue).sum();
    }

    @Test
    void anAllowedEventOfAVisitorWithASearchClickIsReported() throws Exception {
        ShopServer.Visitor visitor = visitor("/?qhclickid=5100000000000001");

        assertThat(send(visitor, "CALL_BUTTON", PAGE_VIEW)).isEqualTo(204);

        Fake360.Received call = shop.fake.accepted().get(0);
        assertThat(call.event()).isEqualTo("CALL_BUTTON");
        assertThat(call.dataIndustry()).isEqualTo("ocpc_ps_convert");
        assertThat(call.clickId()).isEqualTo("5100000000000001");
        assertThat(call.transId()).as("search lines require no trans_id for CALL_BUTTON").isNull();
    }

    @Test
    void onDisplayARepeatedBeaconAndTheSameEventFromAnotherPageViewAreDuplicates() throws Exception {
        ShopServer.Visitor visitor = visitor("/?sourceid=abcdefghijkl");

        assertThat(send(visitor, "WX_BUTTON_C", PAGE_VIEW)).isEqualTo(204);
        assertThat(send(visitor, "WX_BUTTON_C", PAGE_VIEW)).isEqualTo(204);
        assertThat(send(visitor, "WX_BUTTON_C", OTHER_PAGE_VIEW)).isEqualTo(204);

        Fake360.Received upload = shop.fake.accepted().get(0);
        assertThat(upload.transId()).matches("[0-9a-f]{32}");
        assertThat(upload.json().at("/data/data_detail/jzqs").asText()).isEqualTo("8888");
        assertThat(shop.tracker().metrics().getDuplicates()).isEqualTo(2);
        assertThat(entriesInTheOutbox()).isEqualTo(1);
    }

    @Test
    void anEventTheClicksLineDoesNotOfferSendsNothing() throws Exception {
        ShopServer.Visitor visitor = visitor("/?impression_id=imp20260310abc");

        assertThat(send(visitor, "CALL_BUTTON", PAGE_VIEW)).isEqualTo(204);

        assertThat(shop.tracker().metrics().reports(TrackOutcome.Status.EVENT_NOT_OFFERED)).isEqualTo(1);
        assertThat(entriesInTheOutbox()).isZero();
    }

    @Test
    void aVisitorWithoutAClickSendsNothing() throws Exception {
        ShopServer.Visitor visitor = visitor(null);

        assertThat(send(visitor, "CALL_BUTTON", PAGE_VIEW)).isEqualTo(204);

        assertThat(shop.tracker().metrics().reports(TrackOutcome.Status.NOT_ATTRIBUTED)).isEqualTo(1);
        assertThat(entriesInTheOutbox()).isZero();
    }

    @Test
    void byDefaultTheEndpointRefusesEverything() throws Exception {
        shop = ShopServer.builder().start();
        ShopServer.Visitor visitor = shop.visitor();
        visitor.get("/?qhclickid=5100000000000002");

        assertThat(send(visitor, "CALL_BUTTON", PAGE_VIEW)).isEqualTo(403);

        assertThat(shop.tracker().metrics().getRefused()).isEqualTo(1);
        assertThat(entriesInTheOutbox()).isZero();
    }

    static Stream<Arguments> forgedBeacons() {
        String good = "event=CALL_BUTTON&pv=" + PAGE_VIEW;
        return Stream.of(
                Arguments.of("no guard content type", "POST", good, List.of("Content-Type", "text/plain"), 403),
                Arguments.of("a form's content type", "POST", good,
                        List.of("Content-Type", "application/x-www-form-urlencoded"), 403),
                Arguments.of("another site's Origin", "POST", good, List.of("Origin", "https://evil.example"), 403),
                Arguments.of("another port's Origin", "POST", good, List.of("Origin", "http://127.0.0.1:1"), 403),
                Arguments.of("Origin null", "POST", good, List.of("Origin", "null"), 403),
                Arguments.of("no Origin", "POST", good, java.util.Arrays.asList("Origin", null), 403),
                Arguments.of("this Origin and another", "POST", good, List.of("Origin+", "https://evil.example"), 403),
                Arguments.of("cross-site fetch metadata", "POST", good, List.of("Sec-Fetch-Site", "cross-site"), 403),
                Arguments.of("same-site fetch metadata", "POST", good, List.of("Sec-Fetch-Site", "same-site"), 403),
                Arguments.of("an event not allowed", "POST", "event=SHOP_BUTTON&pv=" + PAGE_VIEW, List.of(), 403),
                Arguments.of("a server-side event", "POST", "event=SUBMIT&pv=" + PAGE_VIEW, List.of(), 403),
                Arguments.of("an unknown event", "POST", "event=FREE_MONEY&pv=" + PAGE_VIEW, List.of(), 403),
                Arguments.of("an amount", "POST", good + "&value=2345", List.of(), 400),
                Arguments.of("an amount in yuan", "POST", "amount=23.45&" + good, List.of(), 400),
                Arguments.of("a trans_id", "POST", good + "&trans_id=x", List.of(), 400),
                Arguments.of("the event twice", "POST", good + "&event=WX_BUTTON_C", List.of(), 400),
                Arguments.of("no page view", "POST", "event=CALL_BUTTON", List.of(), 400),
                Arguments.of("a short page view", "POST", "event=CALL_BUTTON&pv=abc", List.of(), 400),
                Arguments.of("an encoded event", "POST", "event=CALL%5FBUTTON&pv=" + PAGE_VIEW, List.of(), 400),
                Arguments.of("a lower-case event", "POST", "event=call_button&pv=" + PAGE_VIEW, List.of(), 400),
                Arguments.of("nothing", "POST", "", List.of(), 400),
                Arguments.of("a body", "POST-BODY", good, List.of(), 400),
                Arguments.of("GET", "GET", good, List.of(), 405),
                Arguments.of("PUT", "PUT", good, List.of(), 405));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgedBeacons")
    void aForgedOrMalformedBeaconIsRefusedWithNothingSent(String what, String method, String query,
            List<String> headers, int status) throws Exception {
        ShopServer.Visitor visitor = visitor("/?sourceid=abcdefghijk3");
        List<String> names = new ArrayList<>(List.of("Content-Type", "Origin", "Sec-Fetch-Site"));
        List<String> values = new ArrayList<>(List.of(BrowserEventEndpoint.CONTENT_TYPE, shop.origin(), "same-origin"));
        for (int i = 0; i < headers.size(); i += 2) {
            if (headers.get(i).endsWith("+")) {
                names.add(headers.get(i).substring(0, headers.get(i).length() - 1));
                values.add(headers.get(i + 1));
            } else {
                values.set(names.indexOf(headers.get(i)), headers.get(i + 1));
            }
        }
        HttpRequest.Builder request = visitor.request("/qhtrack/event" + (query.isEmpty() ? "" : "?" + query));
        for (int i = 0; i < names.size(); i++) {
            if (values.get(i) != null) {
                request.header(names.get(i), values.get(i));
            }
        }
        request.method(method.equals("POST-BODY") ? "POST" : method, method.equals("POST-BODY")
                ? HttpRequest.BodyPublishers.ofString("value=2345") : HttpRequest.BodyPublishers.noBody());

        HttpResponse<String> answer = visitor.send(request.build());

        assertThat(answer.statusCode()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(shop.tracker().metrics().getRefused()).isEqualTo(1);
        assertThat(entriesInTheOutbox()).as("nothing queued, so nothing can be sent").isZero();
        assertThat(send(visitor, "CALL_BUTTON", PAGE_VIEW)).as("the real beacon afterwards").isEqualTo(204);
        assertThat(shop.fake.accepted()).singleElement()
                .extracting(Fake360.Received::event).isEqualTo("CALL_BUTTON");
    }
}
