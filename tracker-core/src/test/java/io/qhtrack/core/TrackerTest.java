package io.qhtrack.core;

import static io.qhtrack.core.TrackerHarness.SYNCHRONOUS;
import static io.qhtrack.core.TrackerHarness.await;
import static io.qhtrack.core.TrackerHarness.click;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qhtrack.core.internal.Md5;
import io.qhtrack.core.spi.Outbox;
import io.qhtrack.core.spi.OutboxEntry;
import io.qhtrack.testkit.Fake360;
import io.qhtrack.testkit.Fault;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TrackerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Conversion lead(String formValue) {
        return Conversion.builder(Event.SUBMIT).transIdFromForm(Map.of("name", List.of(formValue))).build();
    }

    private static Conversion order(String orderId, String yuan) {
        return Conversion.builder(Event.ORDER).transIdFromOrderId(orderId).amountYuan(yuan).build();
    }

    private static JsonNode detail(Fake360.Received u) throws IOException {
        return JSON.readTree(u.bodyText()).path("data").path("data_detail");
    }

    @ParameterizedTest
    @EnumSource(ProductLine.class)
    void aLeadFromEachLineIsDeliveredAndAcceptedByFake360(ProductLine line) throws IOException {
        try (TrackerHarness h = new TrackerHarness(TrackerHarness.START, SYNCHRONOUS)) {
            TrackOutcome outcome = h.tracker.report(click(line, "click" + line.shortName() + "0001"), lead("张三"));

            assertThat(outcome.status()).isEqualTo(TrackOutcome.Status.QUEUED);
            assertThat(h.fake.accepted()).hasSize(1);
            Fake360.Received u = h.fake.accepted().get(0);
            assertThat(u.dataIndustry()).isEqualTo(line.wireName());
            assertThat(u.event()).isEqualTo("SUBMIT");
            assertThat(u.clickId()).isEqualTo("click" + line.shortName() + "0001");
            assertThat(detail(u).has("jzqs")).isEqualTo(line == ProductLine.DISPLAY);
            assertThat(detail(u).path("event_time").asLong()).isEqualTo(TrackerHarness.START.getEpochSecond());
        }
    }

    @ParameterizedTest
    @EnumSource(value = ProductLine.class, names = {"PC_SEARCH", "MOBILE_SEARCH", "DISPLAY"})
    void anOrderCarriesItsAmountInFenAndATransIdDerivedFromTheOrderId(ProductLine line) throws IOException {
        try (TrackerHarness h = new TrackerHarness(TrackerHarness.START, SYNCHRONOUS)) {
            h.tracker.report(click(line, "orderclick01"), order("A-1001", "23.45"));

            assertThat(h.fake.accepted()).hasSize(1);
            JsonNode d = detail(h.fake.accepted().get(0));
            assertThat(d.path("event_param").path("value").asLong()).isEqualTo(2345);
            assertThat(d.path("trans_id").asText()).isEqualTo(Md5.hex("A-1001".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
    }

    @Test
    void anOrderOnMobilePromotionIsNotOfferedAndNothingIsSent() {
        try (TrackerHarness h = new TrackerHarness()) {
            TrackOutcome outcome = h.tracker.report(click(ProductLine.MOBILE_PROMOTION, "imp0001"), order("A-1", "1"));

            assertThat(outcome.status()).isEqualTo(TrackOutcome.Status.EVENT_NOT_OFFERED);
            assertThat(outcome.message()).contains("ORDER", "ocpc_web_convert");
            assertThat(h.tracker.outbox().counts().get(OutboxState.PENDING)).isZero();
            assertThat(h.fake.received()).isEmpty();
        }
    }

    @Test
    void aVisitorWithoutAClickIsNotAttributed() {
        try (TrackerHarness h = new TrackerHarness()) {
            assertThat(h.tracker.report((Click) null, lead("x")).status())
                    .isEqualTo(TrackOutcome.Status.NOT_ATTRIBUTED);
            assertThat(h.tracker.metrics().getNotQueued()).isEqualTo(1);
        }
    }

    @Test
    void aLineWithoutCredentialsIsNotReported() {
        Fake360 fake = Fake360.builder().credentials("k", "s").start();
        try (fake; Tracker tracker = Tracker.builder().endpoint(fake.endpoint()).jmx(false)
                .credentials(Credentials.of(Account.SEARCH, "k", "s", null)).build()) {
            TrackOutcome outcome = tracker.report(click(ProductLine.DISPLAY, "src000000001"), lead("x"));

            assertThat(outcome.status()).isEqualTo(TrackOutcome.Status.LINE_NOT_CONFIGURED);
            assertThat(outcome.message()).contains("qhtrack.display.key");
            assertThat(tracker.configuredLines()).containsExactly(ProductLine.PC_SEARCH, ProductLine.MOBILE_SEARCH);
        }
    }

    @Test
    void aDisplayConversionWithoutTransIdIsInvalidWithTheReason() {
        try (TrackerHarness h = new TrackerHarness()) {
            TrackOutcome outcome = h.tracker.report(click(ProductLine.DISPLAY, "src000000001"),
                    Conversion.builder(Event.CALL).build());

            assertThat(outcome.status()).isEqualTo(TrackOutcome.Status.INVALID);
            assertThat(outcome.message()).contains("trans_id");
        }
    }

    @Test
    void aDoubleSubmitIsDeliveredOnce() {
        Queue<Runnable> tasks = new ArrayDeque<>();
        try (TrackerHarness h = new TrackerHarness(TrackerHarness.START, b -> b.executor(tasks::add))) {
            Click c = click(ProductLine.PC_SEARCH, "dbl0001");
            TrackOutcome first = h.tracker.report(c, lead("李四"));
            TrackOutcome second = h.tracker.report(c, lead("李四")); // the first is still pending: nothing ran yet
            assertThat(h.fake.received()).isEmpty();
            runAll(tasks);
            assertThat(h.events(DeliveryEvent.Kind.DELIVERED)).hasSize(1);
            TrackOutcome third = h.tracker.report(c, lead("李四"));
            runAll(tasks);

            assertThat(first.status()).isEqualTo(TrackOutcome.Status.QUEUED);
            assertThat(second.status()).isEqualTo(TrackOutcome.Status.DUPLICATE);
            assertThat(third.status()).isEqualTo(TrackOutcome.Status.DUPLICATE);
            assertThat(h.fake.received()).hasSize(1);
            assertThat(h.tracker.metrics().getDuplicates()).isEqualTo(2);
        }
    }

    @Test
    void aServerErrorIsRetriedAndOnlyRequestTimeChangesBetweenAttempts() throws IOException {
        try (TrackerHarness h = new TrackerHarness(TrackerHarness.START, SYNCHRONOUS)) {
            h.fake.failNext(Fault.httpStatus(503));
            h.tracker.report(click(ProductLine.PC_SEARCH, "retry0001"), order("R-1", "9.99"));
            assertThat(h.events(DeliveryEvent.Kind.WILL_RETRY)).hasSize(1);
            DeliveryEvent retry = h.events(DeliveryEvent.Kind.WILL_RETRY).get(0);
            assertThat(retry.nextAttemptAt()).hasValueSatisfying(t -> assertThat(t).isAfter(TrackerHarness.START));

            h.advance(Duration.ofSeconds(2));
            assertThat(h.events(DeliveryEvent.Kind.DELIVERED)).hasSize(1);

            List<Fake360.Received> received = h.fake.received();
            assertThat(received).hasSize(2);
            JsonNode first = JSON.readTree(received.get(0).bodyText());
            JsonNode second = JSON.readTree(received.get(1).bodyText());
            assertThat(second.path("data").path("request_time").asLong())
                    .isEqualTo(first.path("data").path("request_time").asLong() + 2);
            ((com.fasterxml.jackson.databind.node.ObjectNode) first.path("data")).remove("request_time");
            ((com.fasterxml.jackson.databind.node.ObjectNode) second.path("data")).remove("request_time");
            assertThat(second).isEqualTo(first);
            // the in-memory outbox keeps no delivered entry: the delivery event says which attempt it was
            assertThat(h.events(DeliveryEvent.Kind.DELIVERED)).singleElement()
                    .satisfies(e -> assertThat(e.entry().attempts()).as("attempts before this one").isEqualTo(1));
        }
    }

    @Test
    void aStallLongerThanTheRequestTimeoutIsRetried() {
        try (TrackerHarness h = new TrackerHarness(TrackerHarness.START,
                SYNCHRONOUS.andThen(b -> b.requestTimeout(Duration.ofMillis(300))))) {
            h.fake.failNext(Fault.stall(Duration.ofSeconds(3)));
            h.tracker.report(click(ProductLine.MOBILE_SEARCH, "stall0001"), lead("x"));
            assertThat(h.events(DeliveryEvent.Kind.WILL_RETRY)).hasSize(1);
            assertThat(h.events(DeliveryEvent.Kind.WILL_RETRY).get(0).verdict().orElseThrow().message())
                    .contains("no answer within 300 ms");

            // the retry has 300 ms too; on a loaded machine it may need another, so move the clock until delivered
            for (int attempt = 2; attempt <= 10 && h.events(DeliveryEvent.Kind.DELIVERED).isEmpty(); attempt++) {
                h.advance(Duration.ofMinutes(1));
                assertThat(h.events).as("attempt " + attempt + " settled").hasSize(attempt);
            }
            assertThat(h.events(DeliveryEvent.Kind.DELIVERED)).hasSize(1);
        }
    }

    @Test
    void garbageAndDroppedConnectionsAreRetriedNotCountedAsDelivered() {
        try (TrackerHarness h = new TrackerHarness(TrackerHarness.START, SYNCHRONOUS)) {
            h.fake.failNext(Fault.garbage("<html><body>502 Bad Gateway</body></html>"));
            h.fake.failNext(Fault.dropConnection());
            h.fake.failNext(Fault.emptyBody());
            h.tracker.report(click(ProductLine.PC_SEARCH, "garbage0001"), lead("x"));
            for (int i = 1; i <= 3; i++) {
                assertThat(h.events(DeliveryEvent.Kind.WILL_RETRY)).hasSize(i);
                h.advance(Duration.ofMinutes(1));
            }
            assertThat(h.events(DeliveryEvent.Kind.DELIVERED)).hasSize(1);

            assertThat(h.fake.accepted()).hasSize(1);
            assertThat(h.tracker.metrics().getRetried()).isEqualTo(3);
        }
    }

    @Test
    void aRefusedConnectionIsRetriedAndKeptPending() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (TrackerHarness h = new TrackerHarness(TrackerHarness.START,
                SYNCHRONOUS.andThen(b -> b.endpoint(URI.create("http://127.0.0.1:" + closedPort + "/uploadWebConvert"))))) {
            h.tracker.report(click(ProductLine.PC_SEARCH, "refused0001"), lead("x"));
            assertThat(h.events(DeliveryEvent.Kind.WILL_RETRY)).hasSize(1);

            OutboxEntry pending = h.tracker.outbox().list(OutboxState.PENDING, 10).get(0);
            assertThat(pending.lastError()).contains("refused");
            assertThat(pending.attempts()).isEqualTo(1);
        }
    }

    @Test
    void wrongKeyIsDeadLetteredAfterOneAttemptWithFaqAdvice() {
        try (TrackerHarness h = new TrackerHarness(TrackerHarness.START,
                SYNCHRONOUS.andThen(b -> b.credentials(
                        Credentials.of(Account.SEARCH, "not-the-key", TrackerHarness.SEARCH_SECRET, null))))) {
            h.tracker.report(click(ProductLine.PC_SEARCH, "errno1"), lead("x"));
            assertThat(h.events(DeliveryEvent.Kind.DEAD_LETTERED)).hasSize(1);
            h.advance(Duration.ofHours(1));

            OutboxEntry dead = h.tracker.outbox().list(OutboxState.DEAD, 10).get(0);
            assertThat(dead.lastError()).contains("errno 1", "FAQ 5.8");
            assertThat(dead.attempts()).isEqualTo(1);
            assertThat(h.fake.received()).hasSize(1);
            assertThat(h.tracker.metrics().getFailedErrno1()).isEqualTo(1);
        }
    }

    @Test
    void wrongSecretIsDeadLetteredAndReplayedOnceFixed() {
        try (TrackerHarness h = new TrackerHarness(TrackerHarness.START,
                SYNCHRONOUS.andThen(b -> b.credentials(
                        Credentials.of(Account.SEARCH, TrackerHarness.SEARCH_KEY, "wrong", null))))) {
            h.tracker.report(click(ProductLine.PC_SEARCH, "errno2"), lead("x"));
            assertThat(h.events(DeliveryEvent.Kind.DEAD_LETTERED)).hasSize(1);

            assertThat(h.tracker.outbox().list(OutboxState.DEAD, 10).get(0).lastError()).contains("errno 2", "FAQ 5.7");
            assertThat(h.tracker.metrics().getFailedErrno2()).isEqualTo(1);
        }
    }

    @Test
    void errno3IsDeadLetteredNotRetried() {
        try (TrackerHarness h = new TrackerHarness(TrackerHarness.START, SYNCHRONOUS)) {
            h.fake.failNext(Fault.errno(3));
            h.tracker.report(click(ProductLine.DISPLAY, "src000000003"), lead("x"));
            assertThat(h.events(DeliveryEvent.Kind.DEAD_LETTERED)).hasSize(1);
            h.advance(Duration.ofHours(1));

            assertThat(h.fake.received()).hasSize(1);
            assertThat(h.tracker.metrics().getFailedErrno3()).isEqualTo(1);
        }
    }

    @Test
    void aConversionStillFailingAtMidnightChinaTimeExpires() {
        Instant lateEvening = Instant.parse("2026-03-10T15:58:00Z"); // 23:58 in Shanghai
        try (TrackerHarness h = new TrackerHarness(lateEvening, SYNCHRONOUS)) {
            h.fake.failAlways(Fault.httpStatus(503));
            h.tracker.report(click(ProductLine.PC_SEARCH, "midnight01"), lead("x"));
            // two minutes to midnight, 30 seconds a step: expired within a few steps, each attempt settled at once
            for (int step = 0; step < 10 && h.events(DeliveryEvent.Kind.EXPIRED).isEmpty(); step++) {
                assertThat(h.events).as("every attempt settled").hasSize(h.fake.received().size());
                h.advance(Duration.ofSeconds(30));
            }
            assertThat(h.events(DeliveryEvent.Kind.EXPIRED)).hasSize(1);

            OutboxEntry expired = h.tracker.outbox().list(OutboxState.EXPIRED, 10).get(0);
            assertThat(expired.deadline()).isEqualTo(Instant.parse("2026-03-10T16:00:00Z"));
            assertThat(expired.lastError()).contains("natural day");
            assertThat(h.fake.received()).allSatisfy(u -> assertThat(u.receivedAt()).isBefore(expired.deadline()));
            int sent = h.fake.received().size();
            h.advance(Duration.ofHours(1));
            assertThat(h.tracker.outbox().counts().get(OutboxState.PENDING)).isZero();
            assertThat(h.fake.received()).hasSize(sent);
        }
    }

    @Test
    void aFullOutboxSaysSoInsteadOfDroppingSilently() {
        try (TrackerHarness h = new TrackerHarness(TrackerHarness.START, b -> b.outbox(Outboxes.inMemory(2)))) {
            h.fake.failAlways(Fault.stall(Duration.ofSeconds(5)));
            h.tracker.report(click(ProductLine.PC_SEARCH, "full0001"), lead("a"));
            h.tracker.report(click(ProductLine.PC_SEARCH, "full0002"), lead("b"));
            TrackOutcome third = h.tracker.report(click(ProductLine.PC_SEARCH, "full0003"), lead("c"));

            assertThat(third.status()).isEqualTo(TrackOutcome.Status.OUTBOX_FULL);
            assertThat(h.tracker.metrics().getOutboxFull()).isEqualTo(1);
            h.fake.healthy();
        }
    }

    // real time: its meaning is concurrency (16 reporting threads, 8 requests in flight on the transport's pool)
    @Test
    void thousandsOfConcurrentConversionsWhile360IsDownAreEachDeliveredExactlyOnceWhenItIsBack() throws Exception {
        int n = 3000;
        try (TrackerHarness h = new TrackerHarness(TrackerHarness.START, b -> b.maxConcurrency(8))) {
            h.fake.failAlways(Fault.httpStatus(503));
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<TrackOutcome>> outcomes = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                outcomes.add(pool.submit(() -> h.tracker.report(click(ProductLine.PC_SEARCH, "load" + k),
                        order("LOAD-" + k, "1.00"))));
            }
            for (Future<TrackOutcome> f : outcomes) {
                assertThat(f.get().status()).isEqualTo(TrackOutcome.Status.QUEUED);
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            await("some failed attempts", () -> h.fake.received().size() >= 50, h.fake::toString);

            h.fake.healthy();
            // time moves in steps shorter than the lease, as it does for real: backoffs come due, claims hold
            for (int minute = 0; minute < 30 && h.tracker.metrics().getDelivered() < n; minute++) {
                h.advance(Duration.ofMinutes(1));
                await("everything due in minute " + minute + " attempted", () -> h.tracker.outbox()
                        .list(OutboxState.PENDING, n).stream().allMatch(e -> e.nextAttemptAt().isAfter(h.clock.instant())),
                        () -> h.tracker.metrics() + " " + h.tracker.outbox());
            }
            await(n + " deliveries", () -> h.tracker.metrics().getDelivered() >= n,
                    () -> h.tracker.metrics() + " " + h.tracker.outbox());

            List<Fake360.Received> accepted = h.fake.accepted();
            assertThat(accepted).hasSize(n);
            Map<String, Long> perTransId = accepted.stream()
                    .collect(Collectors.groupingBy(Fake360.Received::transId, Collectors.counting()));
            assertThat(perTransId).hasSize(n).allSatisfy((t, count) -> assertThat(count).isOne());
            assertThat(h.tracker.metrics().getBacklog()).isZero();
        }
    }

    @Test
    void closeGivesPendingConversionsAFinalAttemptAndReportsWhatIsLeft() {
        TrackerHarness h = new TrackerHarness(TrackerHarness.START, SYNCHRONOUS);
        try {
            h.fake.failNext(Fault.httpStatus(503));
            h.tracker.report(click(ProductLine.PC_SEARCH, "drain0001"), lead("x"));
            assertThat(h.events(DeliveryEvent.Kind.WILL_RETRY)).hasSize(1);

            long left = h.tracker.close(Duration.ofSeconds(10));

            assertThat(left).isZero();
            assertThat(h.fake.accepted()).hasSize(1);
            assertThat(h.tracker.report(click(ProductLine.PC_SEARCH, "drain0002"), lead("y")).status())
                    .isEqualTo(TrackOutcome.Status.STOPPED);
        } finally {
            h.fake.close();
        }
    }

    @Test
    void closeReportsConversionsThatCouldNotBeDelivered() {
        TrackerHarness h = new TrackerHarness(TrackerHarness.START, SYNCHRONOUS);
        try {
            h.fake.failAlways(Fault.httpStatus(503));
            h.tracker.report(click(ProductLine.PC_SEARCH, "lost0001"), lead("x"));
            assertThat(h.events(DeliveryEvent.Kind.WILL_RETRY)).hasSize(1);

            assertThat(h.tracker.close(Duration.ofMillis(300))).isEqualTo(1);
        } finally {
            h.fake.close();
        }
    }

    /** Runs what the tracker gave a queued executor, and what that gave it in turn, until nothing is left. */
    private static void runAll(Queue<Runnable> tasks) {
        for (Runnable task; (task = tasks.poll()) != null;) {
            task.run();
        }
    }

    @Test
    void countersArePublishedOverJmx() throws Exception {
        Fake360 fake = Fake360.builder().credentials("k", "s").start();
        try (fake; Tracker tracker = Tracker.builder().name("jmx-test").endpoint(fake.endpoint()).executor(Runnable::run)
                .credentials(Credentials.of(Account.SEARCH, "k", "s", null)).build()) {
            tracker.report(click(ProductLine.PC_SEARCH, "jmx0001"), lead("x"));
            assertThat(fake.accepted()).hasSize(1);
            ObjectName name = new ObjectName("io.qhtrack:type=Tracker,name=\"jmx-test\"");

            assertThat(ManagementFactory.getPlatformMBeanServer().getAttribute(name, "Delivered")).isEqualTo(1L);
            assertThat(ManagementFactory.getPlatformMBeanServer().getAttribute(name, "Queued")).isEqualTo(1L);
            assertThat(ManagementFactory.getPlatformMBeanServer().getAttribute(name, "Backlog")).isEqualTo(0L);
        }
    }
}
