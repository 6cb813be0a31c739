package io.qhtrack.testkit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Random;

/**
 * Which fault, if any, the next upload meets: one-shot faults first (FIFO), then the standing policy
 * (always the same fault, or a seeded random draw). Thread-safe.
 */
final class FaultPlan {
    private final Deque<Fault> oneShots = new ArrayDeque<>();
    private Fault always;
    private Random random;
    private double probability;
    private List<Fault> choices = Collections.emptyList();

    synchronized void failNext(Fault fault) {
        oneShots.addLast(fault);
    }

    /** Replaces the standing policy (always or random) by this fault. */
    synchronized void failAlways(Fault fault) {
        random = null;
        choices = Collections.emptyList();
        always = fault;
    }

    /** Replaces the standing policy (always or random) by a seeded random draw. */
    synchronized void failRandomly(double probability, long seed, List<Fault> choices) {
        always = null;
        this.random = new Random(seed);
        this.probability = probability;
        this.choices = Collections.unmodifiableList(new ArrayList<>(choices));
    }

    /** Forgets every queued one-shot fault and the standing policy. */
    synchronized void healthy() {
        oneShots.clear();
        always = null;
        random = null;
        choices = Collections.emptyList();
    }

    /** The fault for the upload being answered now, or null to answer it normally. */
    synchronized Fault next() {
        if (!oneShots.isEmpty()) {
            return oneShots.removeFirst();
        }
        if (always != null) {
            return always;
        }
        if (random != null && random.nextDouble() < probability) {
            return choices.get(random.nextInt(choices.size()));
        }
        return null;
    }
}
