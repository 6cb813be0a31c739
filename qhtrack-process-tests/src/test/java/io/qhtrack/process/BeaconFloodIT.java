package io.qhtrack.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The browser-beacon flood of issue 19 item 1, from a script (raw HTTP, no browser) against the Spring Boot shop on
 * Tomcat (the library's default in-memory outbox, small, and a 360 that answers slowly), each attack from a client
 * address of its own (127.0.0.2, 127.0.0.3 …: all loopback). Nothing fake may reach 360 beyond the budget of browser
 * events per client address ({@code qhtrack.browser-events.budget}, default {@value #BUDGET} an hour), and real
 * leads sent during the flood are all delivered.
 */
@ExtendWith(PrintOutputOnFailure.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BeaconFloodIT {

    /** The default budget of browser events per client address and hour (DESIGN.md, decisions for issue 19). */
    static final int BUDGET = 30;
    static final int FLOOD = 2000;
    static final int LEADS = 20;
    static final Duration SETTLE = Duration.ofSeconds(90);
    static final Duration DELIVERY = Duration.ofSeconds(30);
    /**
     * A small outbox and a slow 360 (200 ms an answer), so that what the flood puts in the outbox is felt: on today's
     * code the forged events filled it and real leads were refused as {@code OUTBOX_FULL}.
     */
    static final String CAPACITY = "300";
    static final String LATENCY_MS = "200";

    static Fake360Process fake;
    static Site shop;

    @BeforeAll
    static void start() {
        Path work = Artifacts.workDirectory("beacon-flood");
        fake = Fake360Process.start(work, "fake360", "--latency-ms", LATENCY_MS);
        Map<String, String> env = new HashMap<>(fake.environment());
        env.put("QHTRACK_OUTBOX", "memory");
        env.put("QHTRACK_OUTBOX_CAPACITY", CAPACITY);
        shop = Site.bootShop(work, "shop", env);
    }

    @AfterAll
    static void stop() {
        Child.closeAll(shop, fake);
    }

    /** How many {@code CALL_BUTTON} uploads for {@code clicks} the fake accepted so far. */
    private static long reached(Set<String> clicks) {
        return fake.uploads().stream().filter(u -> u.accepted() && BeaconScript.EVENT.equals(u.event())
                && clicks.contains(u.clickId())).count();
    }

    /** Waits until the shop's outbox has nothing pending (all it took was delivered), within {@link #SETTLE}. */
    private static void awaitDrained() {
        Poll.until("the shop's outbox drained (backlog 0)", SETTLE, shop::backlog, backlog -> backlog == 0);
    }

    @Test
    @Order(1)
    void aBeaconWhoseRefererCarriesAClickButWithoutALandingReportsNothing() throws Exception {
        BeaconScript script = new BeaconScript("127.0.0.2", shop.base());
        Set<String> clicks = ConcurrentHashMap.newKeySet();
        List<Integer> statuses = new ArrayList<>();

        for (int i = 0; i < 200; i++) {
            String clickId = Visitor.clickId(16);
            clicks.add(clickId);
            statuses.add(script.beaconWithRefererOnly(clickId));
        }
        awaitDrained();

        assertThat(statuses).as("HTTP statuses").allMatch(s -> s < 500);
        long reached = reached(clicks);
        System.out.printf("Referer-only beacons: %d of %d reached the fake%n", reached, clicks.size());
        assertThat(reached).as("beacons whose only click was in their own Referer that reached the fake, of %d",
                clicks.size()).isZero();
    }

    @Test
    @Order(2)
    void aFloodOfLandingsEachFollowedByABeaconFromOneAddressGetsAtMostTheBudgetAndRealLeadsAllArrive()
            throws Exception {
        BeaconScript script = new BeaconScript("127.0.0.3", shop.base());
        Set<String> clicks = ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<Lead> leads = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            running.add(pool.submit(() -> {
                while (next.getAndIncrement() < FLOOD) {
                    String clickId = Visitor.clickId(16);
                    clicks.add(clickId);
                    script.landThenBeacon(clickId);
                }
                return null;
            }));
        }
        running.add(pool.submit(() -> { // real visitors, from 127.0.0.1, while the flood runs
            for (int i = 0; i < LEADS; i++) {
                leads.add(Lead.send(shop, "真实访客" + i));
                while (next.get() < FLOOD * (i + 1) / LEADS && next.get() < FLOOD) {
                    Poll.pause();
                }
            }
            return null;
        }));
        for (Future<?> f : running) {
            f.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        awaitDrained();

        long reached = reached(clicks);
        Deliveries delivered = Deliveries.await(fake, leads, DELIVERY);
        System.out.printf("flood from 127.0.0.3: %d of %d reached the fake; real leads: %s%n", reached,
                clicks.size(), delivered);
        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(reached).as("forged browser events from one address that reached the fake, of %d",
                    clicks.size()).isLessThanOrEqualTo(BUDGET);
            softly.assertThat(leads).as("real leads during the flood").hasSize(LEADS).allMatch(Lead::answered);
            softly.assertThat(delivered.missing()).as("%s", delivered).isEmpty();
            softly.assertThat(delivered.countedTwice()).as("%s", delivered).isEmpty();
        });
    }

    @Test
    @Order(3)
    void otherClientAddressesEachGetABudgetOfTheirOwn() throws Exception {
        Map<String, Set<String>> clicksByAddress = new HashMap<>();
        for (String address : List.of("127.0.0.4", "127.0.0.5", "127.0.0.6")) {
            BeaconScript script = new BeaconScript(address, shop.base());
            Set<String> clicks = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < BUDGET + 10; i++) {
                String clickId = Visitor.clickId(16);
                clicks.add(clickId);
                script.landThenBeacon(clickId);
            }
            clicksByAddress.put(address, clicks);
            awaitDrained(); // one address at a time: the outbox's share for browser events is not what is tested here
        }

        Map<String, Long> reached = new HashMap<>();
        clicksByAddress.forEach((address, clicks) -> reached.put(address, reached(clicks)));
        System.out.println("browser events that reached the fake, by client address, of " + (BUDGET + 10) + " each: "
                + reached);
        assertThat(reached).as("reached the fake, by client address, of %d each", BUDGET + 10)
                .allSatisfy((address, n) -> assertThat(n).as(address).isEqualTo(BUDGET));
    }
}
