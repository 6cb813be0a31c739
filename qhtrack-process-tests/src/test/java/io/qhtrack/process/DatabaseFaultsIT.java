package io.qhtrack.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Spring Boot shop on a real PostgreSQL (its own {@code DataSource}, the JDBC outbox in it) while the database
 * fails as an operator sees it fail: it stops, comes back read-only ({@code default_transaction_read_only=on}: a
 * failover reaching the old primary, SQLState 25006) for a few seconds, then writable; and its disk fills up (a tmpfs
 * under the outbox's tablespace, SQLState 53100). Every lead answered 200 must reach the fake, once. Issue 19 item 2
 * saw every held conversion logged {@code LOST} and the read-only ones refused as {@code OUTBOX_FULL}: 9 of 9 never
 * reached 360.
 */
@ExtendWith(PrintOutputOnFailure.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseFaultsIT {

    static final Duration DELIVERY = Duration.ofSeconds(90);
    /**
     * How long the database stays down, then read-only, once the visitors of that phase were answered: a real span of
     * time, the scenario itself (the shop's clock cannot be moved from here), longer than qhtrack.outbox.timeout and
     * long enough for the shop's dispatcher to look at the outbox more than once.
     */
    static final Duration SPELL = Duration.ofSeconds(3);
    static final int VISITORS_PER_PHASE = 8;
    /** With {@code true} (CI, as root), a full disk that cannot be simulated fails instead of being skipped. */
    static final String REQUIRE_FULL_DISK = "QHTRACK_REQUIRE_FULL_DISK";

    static Path work;
    static Postgres postgres;
    static Fake360Process fake;
    static Site shop;

    @BeforeAll
    static void start() {
        work = Artifacts.workDirectory("database-faults");
        postgres = Postgres.start(work);
        postgres.execute("postgres", "CREATE DATABASE shop");
        fake = Fake360Process.start(work, "fake360");
        Map<String, String> env = new HashMap<>(fake.environment());
        env.putAll(postgres.shopEnvironment("shop"));
        env.put("QHTRACK_OUTBOX_TIMEOUT", "PT1S");
        // the pool's own wait for a connection (Hikari's default is 30 s), as an operator shortens it; qhtrack's
        // bound on the visitor's wait is qhtrack.outbox.timeout
        env.put("SPRING_DATASOURCE_HIKARI_CONNECTION_TIMEOUT", "10000");
        shop = Site.bootShop(work, "shop", env);
    }

    @AfterAll
    static void stop() {
        Child.closeAll(shop, fake, postgres);
    }

    /** {@code n} visitors at once, each landing and sending a lead; what each was answered. */
    private static List<Lead> leads(String phase, int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Lead>> sent = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String name = phase + " 访客" + i;
                sent.add(pool.submit(() -> Lead.send(shop, name)));
            }
            List<Lead> leads = new ArrayList<>();
            for (Future<Lead> lead : sent) {
                leads.add(lead.get(2, TimeUnit.MINUTES));
            }
            System.out.println(phase + ": " + leads);
            return leads;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Lead> answered(List<Lead> leads) {
        assertThat(leads).as("every visitor answered 200 (the database's trouble is not the visitor's)")
                .allMatch(Lead::answered);
        return leads;
    }

    @Test
    @Order(1)
    void postgresqlStopsThenComesBackReadOnlyThenWritableAndEveryLeadAnsweredIsDeliveredOnce() throws Exception {
        List<Lead> all = new ArrayList<>(answered(leads("up", 4)));
        try {
            postgres.stop();
            all.addAll(answered(leads("stopped", VISITORS_PER_PHASE)));
            Thread.sleep(SPELL.toMillis());
            postgres.start(true);
            all.addAll(answered(leads("read-only", VISITORS_PER_PHASE)));
            Thread.sleep(SPELL.toMillis());
        } finally {
            postgres.ensureWritable();
        }
        all.addAll(answered(leads("writable again", 4)));

        Deliveries delivered = Deliveries.await(fake, all, DELIVERY);
        System.out.println("stop, read-only, writable: " + delivered);
        assertThat(delivered.missing()).as("%s", delivered).isEmpty();
        assertThat(delivered.countedTwice()).as("%s", delivered).isEmpty();
        assertThat(delivered.resent()).as("re-sent to 360 (%s)", delivered).isZero();
    }

    @Test
    @Order(2)
    void aFullDiskUnderTheOutboxHoldsTheLeadsAndTheyAreDeliveredOnceItHasRoomAgain() throws Exception {
        postgres.ensureWritable();
        // outside target/, so that a mount left behind by a killed test never stands in the way of mvn clean
        Path disk = Files.createTempDirectory("qhtrack-full-disk-");
        boolean mounted = run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", disk.toString()) == 0;
        String why = "a full disk is simulated with a small tmpfs, which only root can mount (" + Files.readString(
                work.resolve("mount.out")).strip() + ")";
        if (!mounted) {
            Files.delete(disk);
        }
        assertThat(mounted || !"true".equals(System.getenv(REQUIRE_FULL_DISK))).as("%s; %s=true", why,
                REQUIRE_FULL_DISK).isTrue();
        Assumptions.assumeTrue(mounted, why + ": not simulated");
        try {
            postgres.execute("shop", "CREATE TABLESPACE small_disk LOCATION '" + disk + "'");
            postgres.execute("shop", "ALTER TABLE ALL IN TABLESPACE pg_default SET TABLESPACE small_disk");
            postgres.execute("shop", "ALTER INDEX ALL IN TABLESPACE pg_default SET TABLESPACE small_disk");
            // compacted, so that the outbox's pages have no room left from rows deleted or updated earlier: a new row
            // soon needs a new page, which the full disk refuses
            postgres.execute("shop", "VACUUM FULL");
            postgres.execute("shop", "CREATE TABLE filler (x text) TABLESPACE small_disk");
            String full = fillUp();
            System.out.println("disk full: " + full);
            assertThat(full).as("PostgreSQL's refusal when the disk is full").startsWith("53100");
            long rowsBefore = postgres.number("shop", "SELECT count(*) FROM qhtrack_outbox");

            List<Lead> leads = answered(leads("disk full", VISITORS_PER_PHASE * 4));
            long written = postgres.number("shop", "SELECT count(*) FROM qhtrack_outbox") - rowsBefore;
            System.out.println("disk full: " + written + " of " + leads.size() + " leads written to the outbox table");
            assertThat(fillUp()).as("the disk was still full after the leads").startsWith("53100");
            assertThat(written).as("leads the full disk let into the outbox table: it must have refused some")
                    .isLessThan(leads.size());
            postgres.execute("shop", "DROP TABLE filler");

            Deliveries delivered = Deliveries.await(fake, leads, DELIVERY);
            System.out.println("full disk: " + delivered);
            assertThat(delivered.missing()).as("%s", delivered).isEmpty();
            assertThat(delivered.countedTwice()).as("%s", delivered).isEmpty();
        } finally {
            // each step runs even when one before it failed; the tmpfs is unmounted lazily, for PostgreSQL may still
            // hold a dropped file of it open
            Child.closeAll(() -> postgres.execute("shop", "DROP TABLE IF EXISTS filler"),
                    () -> postgres.execute("shop", "ALTER TABLE ALL IN TABLESPACE small_disk SET TABLESPACE pg_default"),
                    () -> postgres.execute("shop", "ALTER INDEX ALL IN TABLESPACE small_disk SET TABLESPACE pg_default"),
                    () -> postgres.execute("shop", "DROP TABLESPACE IF EXISTS small_disk"),
                    () -> assertThat(run("umount", "-l", disk.toString())).as("umount -l %s", disk).isZero(),
                    () -> Files.delete(disk));
        }
    }

    /**
     * Adds rows of 1000 bytes to {@code filler} until PostgreSQL refuses for want of space; returns the SQLState and
     * message of that refusal.
     */
    private static String fillUp() throws SQLException {
        try (Connection c = DriverManager.getConnection(postgres.url("shop"), "postgres", "");
                Statement statement = c.createStatement()) {
            for (int i = 0; i < 1000; i++) {
                try {
                    statement.execute("INSERT INTO filler SELECT repeat('x', 1000) FROM generate_series(1, 500)");
                } catch (SQLException e) {
                    return e.getSQLState() + " " + e.getMessage();
                }
            }
        }
        throw new IllegalStateException("8 MB never filled up");
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve(command[0] + ".out").toFile()).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
