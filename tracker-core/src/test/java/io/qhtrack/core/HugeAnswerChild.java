package io.qhtrack.core;

import io.qhtrack.core.spi.Verdict;
import io.qhtrack.platform.qihoo360.UploadResult;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The small-heap JVM of {@link HugeAnswerTest}: reports one conversion to an endpoint whose first answer is hundreds
 * of megabytes, and prints {@code DELIVERED} once a later attempt is delivered (exit 0), or why not (exit 2).
 *
 * <p>Arguments: endpoint, search key, search secret.
 */
public final class HugeAnswerChild {

    private HugeAnswerChild() {
    }

    /** Entry point; see the class comment. */
    public static void main(String[] args) throws InterruptedException {
        CountDownLatch delivered = new CountDownLatch(1);
        try (Tracker tracker = Tracker.builder().name("huge-answer-child").endpoint(URI.create(args[0]))
                .credentials(Credentials.of(Account.SEARCH, args[1], args[2], null)).jmx(false)
                .retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ofMillis(200)).jitter(0).build())
                .listener(e -> {
                    System.out.println("EVENT " + e.kind() + " " + e.verdict().map(Verdict::message).orElse(""));
                    if (e.kind() == DeliveryEvent.Kind.DELIVERED) {
                        delivered.countDown();
                    }
                })
                .build()) {
            TrackOutcome outcome = tracker.report(Click.of(ProductLine.PC_SEARCH, "huge0001", java.time.Instant.now()),
                    Conversion.builder(Event.SUBMIT).transId("huge-1").build());
            System.out.println("REPORTED " + outcome.status());
            if (!delivered.await(60, TimeUnit.SECONDS)) {
                System.out.println("NOT DELIVERED " + tracker.metrics());
                System.exit(2);
            }
            System.out.println("DELIVERED heap max " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
        }
    }
}
