package io.qhtrack.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.HashMap;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two nodes of the Spring Boot shop on one PostgreSQL outbox, visitors (a landing each, then a lead) alternating
 * between them, and one node killed with {@code kill -9} half-way: every lead answered 200 is delivered (the survivor
 * delivers the dead node's rows once their lease lapses), and 360 counts none twice. Issue 19 item 9 saw 4 to 13 of
 * 400 leads answered 200 that never reached the outbox, because {@code @ReportConversion} reported after the
 * response was written.
 */
@ExtendWith(PrintOutputOnFailure.class)
class KillNodeIT {

    static final int VISITORS = 400;
    /** Visitors in flight at once, across both nodes. */
    static final int CONCURRENCY = 12;
    /** The node is killed once this many leads were answered. */
    static final int KILL_AFTER = 150;
    /** Short enough for the test, longer than connect + request timeout (1 s + 2 s) as the setting requires. */
    static final String LEASE = "PT6S";
    static final Duration DELIVERY = Duration.ofSeconds(90);

    @Test
    void everyLeadAnswered200IsDeliveredOnceWhenOneOfTwoNodesIsKilledMidWay() throws Exception {
        Path work = Artifacts.workDirectory("kill-node");
        try (Postgres postgres = Postgres.start(work); Fake360Process fake = Fake360Process.start(work, "fake360")) {
            postgres.execute("postgres", "CREATE DATABASE shop");
            Map<String, String> env = new HashMap<>(fake.environment());
            env.putAll(postgres.shopEnvironment("shop"));
            env.put("QHTRACK_OUTBOX_LEASE", LEASE);
            env.put("QHTRACK_HTTP_CONNECT_TIMEOUT", "PT1S");
            env.put("QHTRACK_HTTP_REQUEST_TIMEOUT", "PT2S");
            // one after the other: each creates the outbox table if it is absent
            try (Site survivor = Site.bootShop(work, "node-a", env); Site victim = Site.bootShop(work, "node-b", env)) {
                List<Site> nodes = List.of(survivor, victim);
                ConcurrentLinkedQueue<Lead> leads = new ConcurrentLinkedQueue<>();
                ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
                CountDownLatch killPoint = new CountDownLatch(KILL_AFTER);
                CompletableFuture<Void> killed = CompletableFuture.runAsync(() -> {
                    awaitLatch(killPoint);
                    victim.kill();
                });
                ExecutorService visitors = Executors.newFixedThreadPool(CONCURRENCY);
                AtomicInteger next = new AtomicInteger();
                List<Future<?>> running = new ArrayList<>();
                for (int t = 0; t < CONCURRENCY; t++) {
                    running.add(visitors.submit(() -> {
                        for (int i; (i = next.getAndIncrement()) < VISITORS; ) {
                            Site node = nodes.get(i % 2).child().alive() ? nodes.get(i % 2) : survivor;
                            try {
                                Lead lead = Lead.send(node, "访客" + i);
                                leads.add(lead);
                                if (lead.answered()) {
                                    killPoint.countDown();
                                }
                            } catch (IOException e) {
                                refused.add(node.base() + ": " + e); // not answered: the visitor saw an error
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : running) {
                    f.get(5, TimeUnit.MINUTES);
                }
                visitors.shutdown();
                killed.get(1, TimeUnit.MINUTES);
                List<Lead> answered = leads.stream().filter(Lead::answered).toList();
                System.out.printf("kill -9: %d leads answered 200, %d answered otherwise, %d not answered "
                        + "(connection refused or reset by the killed node)%n", answered.size(),
                        leads.size() - answered.size(), refused.size());
                assertThat(answered.size()).as("leads answered 200").isGreaterThan(VISITORS * 3 / 4);

                Deliveries delivered = Deliveries.await(fake, answered, DELIVERY);

                System.out.println("kill -9: " + delivered);
                assertThat(delivered.missing()).as("%s", delivered).isEmpty();
                assertThat(delivered.countedTwice()).as("%s", delivered).isEmpty();
                assertThat(survivor.child().output() + victim.child().output()).doesNotContain(fake.secret());
            }
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the kill point was never reached");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
