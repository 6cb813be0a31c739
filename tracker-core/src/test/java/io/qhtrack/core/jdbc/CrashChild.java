package io.qhtrack.core.jdbc;

import io.qhtrack.core.Account;
import io.qhtrack.core.Click;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.Credentials;
import io.qhtrack.core.Event;
import io.qhtrack.core.ProductLine;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.core.Tracker;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The JVM that {@code JdbcOutboxCrashTest} kills: builds a tracker on a JDBC outbox, reports {@code n} conversions,
 * prints {@code ACCEPTED n} once every one is queued, and then waits to be killed while its uploads hang.
 *
 * <p>Arguments: JDBC URL, user, table, endpoint, search key, search secret, n, clock offset (ms), lease (ms).
 */
public final class CrashChild {

    private CrashChild() {
    }

    /** Entry point; see the class comment for the arguments. */
    public static void main(String[] args) throws InterruptedException {
        String url = args[0];
        String user = args[1];
        String table = args[2];
        URI endpoint = URI.create(args[3]);
        Credentials search = Credentials.of(Account.SEARCH, args[4], args[5], null);
        int n = Integer.parseInt(args[6]);
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.ofMillis(Long.parseLong(args[7])));
        Duration lease = Duration.ofMillis(Long.parseLong(args[8]));

        Tracker tracker = Tracker.builder().name("crash-child").clock(clock).endpoint(endpoint).credentials(search)
                .lease(lease).jmx(false).outbox(JdbcOutbox.builder().url(url).user(user).table(table).build()).build();
        for (int i = 0; i < n; i++) {
            TrackOutcome outcome = tracker.report(Click.of(ProductLine.PC_SEARCH, "crash" + i, clock.instant()),
                    Conversion.builder(Event.SUBMIT).transId("crash-" + i).build());
            if (!outcome.isQueued()) {
                System.out.println("NOT QUEUED " + i + " " + outcome);
                System.exit(2);
            }
        }
        System.out.println("ACCEPTED " + n);
        System.out.flush();
        new CountDownLatch(1).await(); // until SIGKILL
    }
}
