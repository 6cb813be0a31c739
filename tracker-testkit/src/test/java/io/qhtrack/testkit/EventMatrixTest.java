package io.qhtrack.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The event x line matrix of section 4.5: every one of the 53 x 4 cells, from a table written again here
 * (grouped by the lines that offer each event) rather than read from the code under test.
 */
class EventMatrixTest extends Fake360Fixture {
    private static final Map<String, Set<String>> OFFERED = new LinkedHashMap<>();

    static {
        offer(Set.of(WEB, PS, MS, ZS), "SUBMIT", "CALL", "ADVISORY", "SITEDOWNLOAD");
        offer(Set.of(PS, MS, ZS), "SUBMIT_BUTTON", "ADVISORY_BUTTON", "CALL_BUTTON", "SHOP_BUTTON", "ORDER",
                "REGISTERED", "ROLE_CREAT", "SITE_VISIT_DEPTH", "COUSTOMIZE", "MIDDLE_PAGE", "REGISTER_BUTTON",
                "BROWSE_DEPTH", "BROWSETIME", "SCAN_BUTTON", "ADVISORY_DEPTH", "LOW_PAY", "ADD_FANS_WX", "PAY",
                "SCAN_CODE", "APPLET_STARTUP", "LOGIN", "ADD_TO_CART", "VPPV", "INTENTIONAL", "REAL_NAME",
                "PLACE_ORDER", "EFFECTIVE_ADVISORY", "DETAILS_PAGE_ARRIVED", "PAY_SUCCESS", "CREDIT", "WX_BUTTON_C",
                "CONCEM", "LEAVE_CONTACT", "RELEASE", "TRY_TO_PLAY", "SUBMIT_RESUME", "ENTERPRISE_CERTIFICATION",
                "VISIT_CLINIC");
        offer(Set.of(PS, MS), "CART_BUTTON", "ORDER_VALIDITY");
        offer(Set.of(PS, ZS), "RETENTION");
        offer(Set.of(PS), "ACTIVATION");
        offer(Set.of(MS), "APP_DOWNLOAD", "APP_ACTIVATION", "APP_RETENTION", "APP_PAY", "STARTUP_APP");
        offer(Set.of(ZS), "APPLET_PAY", "APPLET_ROLE_CREAT");
    }

    private static void offer(Set<String> lines, String... events) {
        for (String event : events) {
            assertThat(OFFERED.put(event, lines)).as("listed twice: %s", event).isNull();
        }
    }

    static Stream<Arguments> cells() {
        return OFFERED.entrySet().stream().flatMap(row -> LINES.stream()
                .map(line -> Arguments.of(row.getKey(), line, row.getValue().contains(line))));
    }

    @Test
    void theDocumentDefines53ConversionTypes() {
        assertThat(OFFERED).hasSize(53);
        assertThat(cells()).hasSize(53 * 4);
    }

    @Test
    void fake360sOwnTableHasTheSame53WireNames() {
        assertThat(Arrays.stream(EventType.values()).map(Enum::name))
                .containsExactlyInAnyOrderElementsOf(OFFERED.keySet());
    }

    @Test
    void mobilePromotionOffersOnlySubmitCallAdvisoryAndSitedownload() {
        List<String> web = OFFERED.entrySet().stream().filter(row -> row.getValue().contains(WEB))
                .map(Map.Entry::getKey).collect(Collectors.toList());

        assertThat(web).containsExactly("SUBMIT", "CALL", "ADVISORY", "SITEDOWNLOAD");
    }

    @ParameterizedTest(name = "{0} on {1}: offered = {2}")
    @MethodSource("cells")
    void anEventIsAcceptedExactlyOnTheLinesThatOfferIt(String event, String line, boolean offered) {
        Fake360.Received upload = send(body(line, event));

        if (offered) {
            assertThat(upload.accepted()).as("%s", upload).isTrue();
        } else {
            assertThat(upload.errno()).as("%s", upload).isEqualTo(3);
            assertThat(upload.reason()).contains("data.data_detail.event " + event, "is not offered on " + line);
        }
    }

    @ParameterizedTest(name = "{0} is spelled {1} on the wire")
    @CsvSource({
            "CUSTOMIZE, COUSTOMIZE",
            "ROLE_CREATE, ROLE_CREAT",
            "CONCERN, CONCEM",
            "APPLET_ROLE_CREATE, APPLET_ROLE_CREAT"})
    void aCorrectedSpellingIsRefusedAndTheReasonGives360sSpelling(String corrected, String wireName) {
        Fake360.Received upload = send(body(ZS, corrected));

        assertThat(upload.errno()).isEqualTo(3);
        assertThat(upload.reason()).contains("is not one of the 53 conversion types", "360 spells it " + wireName);
    }

    @Test
    void eventNamesAreCaseSensitive() {
        Fake360.Received upload = send(body(PS, "submit"));

        assertThat(upload.errno()).isEqualTo(3);
        assertThat(upload.reason()).contains("case-sensitive", "SUBMIT");
    }

    @Test
    void anUnknownEventIsRefused() {
        Fake360.Received upload = send(body(PS, "PURCHASE"));

        assertThat(upload.errno()).isEqualTo(3);
        assertThat(upload.reason()).isEqualTo(
                "data.data_detail.event \"PURCHASE\" is not one of the 53 conversion types of section 4.5");
    }

    @Test
    void theEventIsRequired() {
        ObjectNode body = body(PS, "SUBMIT");
        detail(body).remove("event");

        Fake360.Received upload = send(body);

        assertThat(upload.errno()).isEqualTo(3);
        assertThat(upload.reason()).isEqualTo("data.data_detail.event is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "null", "[\"SUBMIT\"]", "\"\""})
    void theEventMustBeANonEmptyString(String json) throws Exception {
        ObjectNode body = body(PS, "SUBMIT");
        detail(body).set("event", JSON.readTree(json));

        Fake360.Received upload = send(body);

        assertThat(upload.errno()).isEqualTo(3);
        assertThat(upload.reason()).startsWith("data.data_detail.event must be a ");
    }
}
