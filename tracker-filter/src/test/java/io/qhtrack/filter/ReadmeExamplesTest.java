package io.qhtrack.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.Click;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.Event;
import io.qhtrack.core.ProductLine;
import io.qhtrack.core.Settings;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.core.Tracker;
import io.qhtrack.core.jdbc.JdbcOutbox;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The README's 360 examples compile as written: the methods below hold them line for line (they are compiled with
 * the tests, never run), and the test checks that each README still shows exactly these lines, so that an example
 * cannot change in one place only.
 */
class ReadmeExamplesTest {

    /** "A WAR on a servlet container": the calls a servlet makes. */
    @SuppressWarnings("unused")
    static void servletCalls(HttpServletRequest request) {
        QhTracker.lead(request);                                // SUBMIT; trans_id = md5 of the form's own fields
        QhTracker.order(request, "A-1001", "23.45");            // ORDER worth 2345 fen; trans_id = md5("A-1001")
        QhTracker.report(request, Event.CALL);                  // any of the 53 events
        QhTracker.report(request, Event.PAY, c -> c.amountYuan("99.00").score(5).outerUserId("u-42"));
    }

    @ReportConversion(Event.SUBMIT)                         // on a servlet: reported after a 2xx or a redirect
    static class LeadServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
    }

    /** "Plain Java". */
    @SuppressWarnings("unused")
    static void plainJava(Instant capturedAt) {
        Tracker tracker = Tracker.builder().settings(Settings.system()).build();   // QHTRACK_* from the environment
        TrackOutcome outcome = tracker.report(Click.of(ProductLine.PC_SEARCH, "9356596331006111412", capturedAt),
                Conversion.builder(Event.ORDER).transIdFromOrderId("A-1001").amountYuan("23.45").build());
        tracker.close();                                                         // drains what is pending
    }

    /** "Plain Java": the transactional outbox. */
    @SuppressWarnings("try") // as in the README: the joining scope is the point, not the variable
    static void transactional(Tracker tracker, Connection connection, Click click, Map<String, String> form,
            String leadId) throws SQLException {
        connection.setAutoCommit(false);
        try (JdbcOutbox.Joining joining = JdbcOutbox.joining(connection)) {
            saveLead(connection, form);
            tracker.report(click, Conversion.builder(Event.SUBMIT).transId(leadId).build());   // QUEUED, in the transaction
            connection.commit();
        }
    }

    private static void saveLead(Connection connection, Map<String, String> form) {
        // the application's own insert
    }

    private static final List<String> EXAMPLE_LINES = List.of(
            "QhTracker.lead(request);                                // SUBMIT; trans_id = md5 of the form's own fields",
            "QhTracker.order(request, \"A-1001\", \"23.45\");            // ORDER worth 2345 fen; trans_id = md5(\"A-1001\")",
            "QhTracker.report(request, Event.CALL);                  // any of the 53 events",
            "QhTracker.report(request, Event.PAY, c -> c.amountYuan(\"99.00\").score(5).outerUserId(\"u-42\"));",
            "@ReportConversion(Event.SUBMIT)                         // on a servlet: reported after a 2xx or a redirect",
            "Tracker tracker = Tracker.builder().settings(Settings.system()).build();   // QHTRACK_* from the environment",
            "TrackOutcome outcome = tracker.report(Click.of(ProductLine.PC_SEARCH, \"9356596331006111412\", capturedAt),",
            "        Conversion.builder(Event.ORDER).transIdFromOrderId(\"A-1001\").amountYuan(\"23.45\").build());",
            "tracker.close();                                                         // drains what is pending",
            "try (JdbcOutbox.Joining joining = JdbcOutbox.joining(connection)) {",
            "    tracker.report(click, Conversion.builder(Event.SUBMIT).transId(leadId).build());   // QUEUED, in the transaction");

    @ParameterizedTest
    @ValueSource(strings = {"README.md"})
    void theReadmeShowsTheseExamplesLineForLine(String readme) throws IOException {
        String text = new String(Files.readAllBytes(Path.of("..", readme)), StandardCharsets.UTF_8);
        assertThat(text.lines().map(String::stripTrailing)).containsAll(EXAMPLE_LINES);
    }
}
