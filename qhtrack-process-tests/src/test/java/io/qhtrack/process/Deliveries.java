package io.qhtrack.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which leads the fake received, from its output (every upload since it started): the truth for "delivered". A lead
 * is delivered once when exactly one accepted {@code SUBMIT} for its click is new to 360; a re-send that 360 takes as a
 * duplicate (same trans_id: what a node may send again after a crash, between 360's answer and its own commit) counts
 * nothing twice and is only reported.
 *
 * @param leads the leads looked for
 * @param missing those with no accepted {@code SUBMIT}
 * @param countedTwice those accepted as new more than once (different trans_ids, or none)
 * @param resent accepted re-sends 360 recognised as duplicates
 */
record Deliveries(Collection<Lead> leads, List<Lead> missing, List<Lead> countedTwice, int resent) {

    /** What {@code fake} has received so far for {@code leads}. */
    static Deliveries of(Fake360Process fake, Collection<Lead> leads) {
        Map<String, List<Fake360Process.Upload>> byClick = fake.uploads().stream()
                .filter(u -> u.accepted() && "SUBMIT".equals(u.event()) && u.clickId() != null)
                .collect(Collectors.groupingBy(Fake360Process.Upload::clickId));
        List<Lead> missing = new ArrayList<>();
        List<Lead> twice = new ArrayList<>();
        int resent = 0;
        for (Lead lead : leads) {
            List<Fake360Process.Upload> uploads = byClick.getOrDefault(lead.clickId(), List.of());
            long fresh = uploads.stream().filter(u -> !u.duplicate()).count();
            resent += (int) (uploads.size() - fresh);
            if (uploads.isEmpty()) {
                missing.add(lead);
            } else if (fresh > 1) {
                twice.add(lead);
            }
        }
        return new Deliveries(leads, missing, twice, resent);
    }

    /**
     * Waits until every lead of {@code leads} reached {@code fake} or {@code bound} passes, and returns what it saw
     * last: the caller asserts, with {@link #toString()} as the message.
     */
    static Deliveries await(Fake360Process fake, Collection<Lead> leads, Duration bound) {
        return Poll.last(bound, () -> of(fake, leads), d -> d.missing().isEmpty());
    }

    @Override
    public String toString() {
        return missing.size() + " of " + leads.size() + " leads answered 200 never reached the fake"
                + (missing.isEmpty() ? "" : " " + missing.subList(0, Math.min(20, missing.size())))
                + "; " + countedTwice.size() + " counted twice by 360"
                + (countedTwice.isEmpty() ? "" : " " + countedTwice.subList(0, Math.min(20, countedTwice.size())))
                + "; " + resent + " re-sent and recognised by 360 as duplicates";
    }
}
