package io.qhtrack.core.spi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link Classifier}'s reading of one answer: a {@link Verdict} for each conversion of the batch, in the batch's
 * order. Immutable.
 *
 * <p>When a platform refuses a batch without saying which conversions were at fault, the classifier answers
 * {@link #refusedUnattributed}: the engine then sends the batch once more, and if it is refused again, splits it in
 * halves until the bad conversion stands alone, so that one bad conversion never takes the others down with it.
 */
public final class Verdicts {

    private final List<Verdict> perItem;
    private final boolean unattributed;
    private final Duration slowDown;

    private Verdicts(List<Verdict> perItem, boolean unattributed, Duration slowDown) {
        this.perItem = perItem;
        this.unattributed = unattributed;
        this.slowDown = slowDown;
    }

    /** The same verdict for every conversion of a batch of {@code size}. */
    public static Verdicts all(Verdict verdict, int size) {
        return new Verdicts(Collections.nCopies(size, Objects.requireNonNull(verdict, "verdict")), false, null);
    }

    /** One verdict per conversion, in the batch's order. */
    public static Verdicts perItem(List<Verdict> verdicts) {
        return new Verdicts(Collections.unmodifiableList(new ArrayList<>(verdicts)), false, null);
    }

    /** The whole batch of {@code size} was refused, and the answer does not say for which conversions. */
    public static Verdicts refusedUnattributed(Verdict refusal, int size) {
        if (refusal.kind() != Verdict.Kind.REFUSED) {
            throw new IllegalArgumentException("refusedUnattributed takes a REFUSED verdict, not " + refusal.kind());
        }
        return new Verdicts(Collections.nCopies(size, refusal), true, null);
    }

    /**
     * The same verdicts, and a request to the engine to send nothing more to this platform (for these credentials)
     * for {@code pause} (Tencent's {@code X-RateLimit-Remaining} running low).
     */
    public Verdicts slowingDown(Duration pause) {
        return new Verdicts(perItem, unattributed, Objects.requireNonNull(pause, "pause"));
    }

    /** The verdicts, one per conversion in the batch's order. */
    public List<Verdict> perItem() {
        return perItem;
    }

    /** Whether this is a refusal of the whole batch that names no conversion. */
    public boolean unattributed() {
        return unattributed;
    }

    /** How long to send nothing more with these credentials, if the platform asked to slow down. */
    public Optional<Duration> slowDown() {
        return Optional.ofNullable(slowDown);
    }

    @Override
    public String toString() {
        return "Verdicts" + perItem + (unattributed ? " (unattributed)" : "");
    }
}
