package io.qhtrack.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.testkit.Fault;
import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class TrackerMetricsTest {

    @Test
    void aRefusedRequestIsCountedUnderItsOwnStatusAndQueuesNothing() {
        try (TrackerHarness h = new TrackerHarness()) {
            TrackOutcome outcome = h.tracker.refuse("browser event PAY is not allowed\nforged line");

            assertThat(outcome.status()).isEqualTo(TrackOutcome.Status.REFUSED);
            assertThat(outcome.message()).doesNotContain("\n");
            assertThat(h.tracker.metrics().getRefused()).isEqualTo(1);
            assertThat(h.tracker.metrics().reports(TrackOutcome.Status.REFUSED)).isEqualTo(1);
            assertThat(h.tracker.metrics().getNotQueued()).isZero();
            assertThat(h.tracker.outbox().counts().get(OutboxState.PENDING)).isZero();
        }
    }

    @Test
    void everyOutcomeIsCountedByStatus() {
        try (TrackerHarness h = new TrackerHarness()) {
            Click click = TrackerHarness.click(ProductLine.PC_SEARCH, "metrics0001");
            Conversion lead = Conversion.builder(Event.SUBMIT).transId("form-1").build();
            h.tracker.report(click, lead);
            h.tracker.report(click, lead);
            h.tracker.report((Click) null, lead);

            TrackerMetrics m = h.tracker.metrics();
            assertThat(m.reports(TrackOutcome.Status.QUEUED)).isEqualTo(1);
            assertThat(m.reports(TrackOutcome.Status.DUPLICATE)).isEqualTo(1);
            assertThat(m.reports(TrackOutcome.Status.NOT_ATTRIBUTED)).isEqualTo(1);
            assertThat(m.getQueued()).isEqualTo(1);
            assertThat(m.getNotQueued()).isEqualTo(1);
        }
    }

    @Test
    void theLastErrnoSaysWhetherUploadsAreBeingRefusedAndADeliveryClearsIt() {
        try (TrackerHarness h = new TrackerHarness(TrackerHarness.START, TrackerHarness.SYNCHRONOUS)) {
            assertThat(h.tracker.metrics().getLastErrno()).isZero();
            h.fake.failNext(Fault.errno(2));
            h.tracker.report(TrackerHarness.click(ProductLine.PC_SEARCH, "errno0001"),
                    Conversion.builder(Event.SUBMIT).transId("a").build());
            assertThat(h.events(DeliveryEvent.Kind.DEAD_LETTERED)).hasSizeGreaterThanOrEqualTo(1);
            assertThat(h.tracker.metrics().getLastErrno()).isEqualTo(2);

            h.tracker.report(TrackerHarness.click(ProductLine.PC_SEARCH, "errno0002"),
                    Conversion.builder(Event.SUBMIT).transId("b").build());
            assertThat(h.events(DeliveryEvent.Kind.DELIVERED)).hasSizeGreaterThanOrEqualTo(1);

            assertThat(h.tracker.metrics().getLastErrno()).isZero();
        }
    }

    @Test
    void theCountersArePublishedOverJmx() throws Exception {
        try (TrackerHarness h = new TrackerHarness(TrackerHarness.START, b -> b.name("metrics-jmx").jmx(true))) {
            h.tracker.refuse("not allowed");
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName("io.qhtrack:type=Tracker,name=\"metrics-jmx\"");

            assertThat(server.getAttribute(name, "Refused")).isEqualTo(1L);
            assertThat(server.getAttribute(name, "LastErrno")).isEqualTo(0);
            assertThat(server.invoke(name, "reports", new Object[] {"REFUSED"}, new String[] {String.class.getName()}))
                    .isEqualTo(1L);
        }
    }
}
