package io.qhtrack.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.DeliveryEvent;
import io.qhtrack.core.Tracker;
import io.qhtrack.core.TrackerMetrics;
import io.qhtrack.spring.shop.ShopApplication;
import io.qhtrack.testkit.Fake360;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * The application's life end to end: qhtrack's java.util.logging lines reach Spring Boot's logging (a delivered
 * upload at DEBUG), and closing the context drains the tracker after the web server's graceful shutdown, with an INFO
 * line, so that a conversion accepted just before shutdown is delivered.
 */
@ExtendWith(OutputCaptureExtension.class)
class ShutdownOverHttpTest {

    private static final String CLICK_ID = "9356596331006111412";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aConversionAcceptedJustBeforeShutdownIsDeliveredByTheDrainAndEverythingIsLogged(CapturedOutput output) {
        try (Fake360 fake = Fake360.builder().credentials("search-key", "search-secret").start()) {
            List<DeliveryEvent> events = new CopyOnWriteArrayList<>();
            ConfigurableApplicationContext context = new SpringApplicationBuilder(ShopApplication.class).run(
                    "--server.port=0", "--server.address=127.0.0.1", "--server.shutdown=graceful",
                    "--spring.application.name=shutdown-test", "--logging.level.io.qhtrack=DEBUG",
                    "--qhtrack.endpoint=" + fake.endpoint(), "--qhtrack.search.key=search-key",
                    "--qhtrack.search.secret=search-secret");
            try {
                Containers.assertRunsOnTheExpectedServer(context);
                Tracker tracker = context.getBean(Tracker.class);
                // added after the starter's DeliveryLog, so it hears of a delivery once DeliveryLog has logged it
                tracker.addListener(events::add);
                int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
                Visitor visitor = new Visitor(port);
                visitor.get("/?qhclickid=" + CLICK_ID);

                assertThat(visitor.post("/lead", "name", "first").statusCode()).isEqualTo(200);

                assertThat(fake.awaitAccepted(1, WAIT)).extracting(Fake360.Received::clickId)
                        .containsExactly(CLICK_ID);
                // 3 × WAIT: one retry after a lost answer fits
                ShopOverHttpTest.awaitTrue(WAIT.multipliedBy(3), () -> !delivered(events).isEmpty(),
                        () -> "no upload delivered; events " + events + "; " + counts(tracker));
                assertThat(output.getOut()).as("Spring Boot's log, once the delivery is known")
                        .containsPattern("DEBUG .*io\\.qhtrack\\.spring\\.DeliveryLog.*"
                                + deliveredLine(delivered(events).get(0).entry().id()));

                fake.latency(Duration.ofMillis(300));
                assertThat(visitor.post("/lead", "name", "just before shutdown").statusCode()).isEqualTo(200);
            } finally {
                context.close();
            }

            // both delivered (the second by the drain), each accepted once, or once more per retry whose answer was
            // lost (retries are listed: at-least-once delivery, no fault here)
            List<DeliveryEvent> retries = ofKind(events, DeliveryEvent.Kind.WILL_RETRY);
            assertThat(delivered(events)).hasSize(2);
            assertThat(fake.accepted()).as("accepted uploads, with these retries: %s", retries)
                    .hasSizeBetween(2, 2 + retries.size());
            assertThat(output.getOut()).contains("qhtrack: stopping tracker shutdown-test")
                    .contains("INFO").contains("nothing left pending");
            assertThat(output.getOut()).containsPattern("DEBUG .*io\\.qhtrack\\.spring\\.DeliveryLog.*"
                    + deliveredLine("\\d+") + "(?s).*" + deliveredLine("\\d+"));
        }
    }

    /** DeliveryLog's line for upload {@code id} (a regular expression). */
    private static String deliveredLine(Object id) {
        return "upload " + id + " \\(ocpc_ps_convert SUBMIT\\) delivered to 360";
    }

    private static List<DeliveryEvent> delivered(List<DeliveryEvent> events) {
        return ofKind(events, DeliveryEvent.Kind.DELIVERED);
    }

    private static List<DeliveryEvent> ofKind(List<DeliveryEvent> events, DeliveryEvent.Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).collect(Collectors.toList());
    }

    private static String counts(Tracker tracker) {
        TrackerMetrics m = tracker.metrics();
        return "queued " + m.getQueued() + ", delivered " + m.getDelivered() + ", retried " + m.getRetried()
                + ", backlog " + m.getBacklog();
    }

    @Test
    void theTrackerStopsAfterTheWebServersGracefulShutdownAndStop() {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ShopApplication.class).run(
                "--server.port=0", "--server.address=127.0.0.1", "--server.shutdown=graceful",
                "--spring.jmx.enabled=false");
        try {
            int tracker = context.getBean(TrackerLifecycle.class).getPhase();
            int graceful = context.getBean("webServerGracefulShutdown", SmartLifecycle.class).getPhase();
            int stop = context.getBean("webServerStartStop", SmartLifecycle.class).getPhase();
            // phases stop from the highest down
            assertThat(tracker).isLessThan(graceful).isLessThan(stop);
        } finally {
            context.close();
        }
    }
}
