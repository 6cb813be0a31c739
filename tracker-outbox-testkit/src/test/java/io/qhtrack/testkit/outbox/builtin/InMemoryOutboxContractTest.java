package io.qhtrack.testkit.outbox.builtin;

import io.qhtrack.core.Outboxes;
import io.qhtrack.core.Settings;
import io.qhtrack.core.spi.Outbox;
import io.qhtrack.testkit.outbox.OutboxContract;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The outbox contract on qhtrack's in-memory outbox, as {@code qhtrack.outbox=memory} (the default) makes it. In a
 * package of its own, as a user's subclass is: the contract's tests must run from there.
 */
class InMemoryOutboxContractTest extends OutboxContract {

    @Override
    protected Outbox newOutbox(Clock clock) {
        return Outboxes.fromSettings(Settings.of(Map.of()));
    }

    @Override
    protected boolean durable() {
        return false;
    }

    @Override
    protected Optional<Outbox> newBoundedOutbox(Clock clock, int capacity) {
        return Optional.of(Outboxes.inMemory(capacity));
    }
}
