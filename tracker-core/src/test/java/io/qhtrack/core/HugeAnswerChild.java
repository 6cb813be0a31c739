package io.qhtrack.core;

import io.qhtrack.core.spi.Verdict;
import io.qhtrack.platform.qihoo360.UploadResult;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The small-heap JVM of {@link HugeAnswerTest}: reports one conversion to an endpoint whose first answer is hundreds
 * of megabytes, and prints {@code DELIVERED} once a later attempt is delivered (exit 0), or why not (exit 2). It delivers
 * on its own thread ({@code executor(Runnable::run)}): the report makes the first attempt, and after its clock moved past
 * the backoff, {@code dispatchNow()} the second.
 *
 * <p>Arguments: endpoint, search key, search secret.
 */
public final class HugeAnswerChild {

    private HugeAnswerChild() {
    }

    /** Entry point; see the class comment. */
    public static void main(String[] args) {
        AtomicBoolean delivered = new AtomicBoolean();
        MutableClock clock = new MutableClock(Instant.now());
        try (Tracker tracker = Tracker.builder().name("huge-answer-child").endpoint(URI.create(args[0]))
                .clock(clock).executor(Runnable::run)
                .credentials(Credentials.of(Account.SEARCH, args[1], args[2], null)).jmx(false)
                .retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ofMillis(200)).jitter(0).build())
                .listener(e -> {
                    System.out.println("EVENT " + e.kind() + " " + e.verdict().map(Verdict::message).orElse(""));
                    if (e.kind() == DeliveryEvent.Kind.DELIVERED) {
                        delivered.set(true);
                    }
                })
                .build()) {
            TrackOutcome outcome = tracker.report(Click.of(ProductLine.PC_SEARCH, "huge0001", java.time.Instant.now()),
                    Conversion.builder(Event.SUBMIT).transId("huge-1").build());
            System.out.println("REPORTED " + outcome.status());
            clock.advance(Duration.ofSeconds(1)); // past the 200 ms backoff
            tracker.dispatchNow();
            if (!delivered.get()) {
                System.out.println("NOT DELIVERED " + tracker.metrics());
                System.exit(2);
            }
            System.out.println("DELIVERED heap max " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
        }
    }
}
