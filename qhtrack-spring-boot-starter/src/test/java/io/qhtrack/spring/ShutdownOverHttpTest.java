package io.qhtrack.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.spring.shop.ShopApplication;
import io.qhtrack.testkit.Fake360;
import java.time.Duration;
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

    @Test
    void aConversionAcceptedJustBeforeShutdownIsDeliveredByTheDrainAndEverythingIsLogged(CapturedOutput output) {
        try (Fake360 fake = Fake360.builder().credentials("search-key", "search-secret").start()) {
            ConfigurableApplicationContext context = new SpringApplicationBuilder(ShopApplication.class).run(
                    "--server.port=0", "--server.address=127.0.0.1", "--server.shutdown=graceful",
                    "--spring.application.name=shutdown-test", "--logging.level.io.qhtrack=DEBUG",
                    "--qhtrack.endpoint=" + fake.endpoint(), "--qhtrack.search.key=search-key",
                    "--qhtrack.search.secret=search-secret");
            Containers.assertRunsOnTheExpectedServer(context);
            int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
            Visitor visitor = new Visitor(port);
            visitor.get("/?qhclickid=9356596331006111412");
            visitor.post("/lead", "name", "first");
            fake.awaitAccepted(1, Duration.ofSeconds(10));
            ShopOverHttpTest.awaitTrue(() -> output.getOut().contains("delivered to 360"),
                    "the DEBUG line of the delivery is in Spring Boot's log");

            fake.latency(Duration.ofMillis(300));
            visitor.post("/lead", "name", "just before shutdown");
            context.close();

            assertThat(fake.accepted()).hasSize(2);
            assertThat(output.getOut()).contains("qhtrack: stopping tracker shutdown-test")
                    .contains("INFO").contains("nothing left pending");
            assertThat(output.getOut()).containsPattern("DEBUG .*io\\.qhtrack\\.spring\\.DeliveryLog.*delivered to 360");
        }
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
