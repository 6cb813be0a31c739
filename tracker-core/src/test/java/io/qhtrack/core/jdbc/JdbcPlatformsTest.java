package io.qhtrack.core.jdbc;

import static io.qhtrack.core.PlatformsHarness.baiduClick;
import static io.qhtrack.core.PlatformsHarness.lead;
import static io.qhtrack.core.PlatformsHarness.tencentClick;
import static io.qhtrack.core.TrackerHarness.SYNCHRONOUS;
import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.DeliveryEvent;
import io.qhtrack.core.PlatformsHarness;
import io.qhtrack.core.Tracker;
import io.qhtrack.testkit.FakeBaidu;
import io.qhtrack.testkit.FakeTencent;
import io.qhtrack.testkit.Fault;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Baidu's and Tencent's conversions through a {@link JdbcOutbox} on an H2 database file, to the strict fakes. */
class JdbcPlatformsTest {

    private String url;

    @BeforeEach
    void freshDatabase() {
        url = JdbcTestDatabases.h2FileUrl();
    }

    private JdbcOutbox outbox() {
        return JdbcOutbox.builder().url(url).user("sa").build();
    }

    /** The stored state of each row of {@code platform}, as the database holds it. */
    private List<String> states(String platform) {
        List<String> states = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT state FROM qhtrack_outbox WHERE platform = '" + platform
                        + "' ORDER BY id")) {
            while (rs.next()) {
                states.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        return states;
    }

    @Test
    void pendingBaiduAndTencentRowsAreQueuedThenDeliveredInBatches() {
        try (PlatformsHarness h = new PlatformsHarness(Map.of(), SYNCHRONOUS.andThen(b -> b.outbox(outbox())))) {
            h.baidu.failAlways(Fault.httpStatus(503));
            h.asBacklog(h.tencentFake(), () -> {
                for (int i = 0; i < 60; i++) {
                    h.tracker.report(baiduClick("bdvid-j" + i), lead("j" + i));
                    h.tracker.report(tencentClick("gdt-j" + i), lead("j" + i));
                }
            }, 120, () -> {
                assertThat(states("baidu")).hasSize(60).containsOnly("QUEUED");
                assertThat(states("tencent")).hasSize(60).containsOnly("QUEUED");
                h.baidu.healthy();
                h.baidu.clear();
            });

            assertThat(h.baidu.accepted()).hasSizeGreaterThanOrEqualTo(60);
            assertThat(h.tencent.accepted()).hasSizeGreaterThanOrEqualTo(60);
            assertThat(h.events(DeliveryEvent.Kind.DELIVERED)).hasSizeGreaterThanOrEqualTo(120);

            // one claim (free slots x the largest batch) is shared by the two platforms' rows, so batches may be
            // smaller than 50 here; never one request per conversion
            assertThat(h.baidu.received()).hasSizeLessThanOrEqualTo(3)
                    .allSatisfy(r -> assertThat(r.items().size()).isLessThanOrEqualTo(50));
            assertThat(h.tencent.received()).hasSizeLessThanOrEqualTo(3)
                    .allSatisfy(r -> assertThat(r.actions().size()).isLessThanOrEqualTo(50));
            assertThat(states("baidu")).as("rows delivered").containsOnly("DELIVERED");
            assertThat(states("tencent")).as("rows delivered").containsOnly("DELIVERED");
        }
    }

    @Test
    void parkedRowsStayParkedAcrossNoAttemptAndARestartSendsThem() {
        try (PlatformsHarness h = new PlatformsHarness(Map.of(), SYNCHRONOUS.andThen(b -> b.outbox(outbox())))) {
            h.baidu.failNext(Fault.baiduStatus(3));
            h.tencent.failNext(Fault.tencentCode(11002));
            h.tracker.report(baiduClick("bdvid-r"), lead("r"));
            h.tracker.report(tencentClick("gdt-r"), lead("r"));
            assertThat(h.events(DeliveryEvent.Kind.PARKED)).hasSizeGreaterThanOrEqualTo(2);
            assertThat(states("baidu")).containsExactly("PARKED");
            assertThat(states("tencent")).containsExactly("PARKED");

            h.tracker.close(Duration.ZERO);
            try (Tracker restarted = h.anotherTracker(SYNCHRONOUS.andThen(b -> b.outbox(outbox())))) {
                List<FakeBaidu.Item> baidu = h.baidu.accepted();
                List<FakeTencent.Action> tencent = h.tencent.accepted();

                assertThat(baidu).extracting(FakeBaidu.Item::bdVid).containsExactly("bdvid-r");
                assertThat(tencent).extracting(FakeTencent.Action::clickId).containsExactly("gdt-r");
                assertThat(states("baidu")).as("rows delivered").isEqualTo(List.of("DELIVERED"));
                assertThat(states("tencent")).as("rows delivered").isEqualTo(List.of("DELIVERED"));
                assertThat(restarted.metrics().getParkedPlatforms()).isEmpty();
            }
        }
    }
}
