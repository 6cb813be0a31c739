package io.qhtrack.filter;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Setting;
import io.qhtrack.core.internal.Printable;

import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Budgets of browser events per client address ({@code qhtrack.browser-events.budget}, {@code COUNT/DURATION},
 * default {@value #DEFAULT}): each address (an IPv6 address by its /64, which one subscriber usually holds whole) may
 * have at most {@code COUNT} browser events put in the outbox within a window of {@code DURATION} that starts with
 * its first one; the window after it starts with the next event. An event that turns out not to be queued (no click, a
 * duplicate, a line that does not offer it, the per-click limit) {@linkplain Charge#cancel() gives its share back}:
 * only what could reach 360 counts.
 *
 * <p>Addresses live in memory only, as numbers, never in rows or logs, at most {@value #MAX_ADDRESSES} at a time. An
 * address's window is never evicted before it ends, so no one can reset an address's budget by filling the table
 * with others. When the table is full of windows that have not ended, addresses not in it share one overflow window
 * with the same budget until windows end: filling the table takes {@value #MAX_ADDRESSES} addresses that each had an
 * event queued, and then costs newcomers their browser events, never a lead: server-side conversions and click capture
 * are never budgeted. Thread-safe; time is the filter's clock.
 */
final class ClientBudgets {

    /** The default budget. */
    static final String DEFAULT = "30/PT1H";
    /** The most addresses tracked at once. */
    static final int MAX_ADDRESSES = 100_000;
    /** The largest count a budget may give. */
    static final int MAX_COUNT = 1_000_000;
    /** The shortest window. */
    static final Duration SHORTEST_WINDOW = Duration.ofSeconds(1);
    /** The longest window. */
    static final Duration LONGEST_WINDOW = Duration.ofDays(7);
    /** A full table is swept for ended windows at most this often. */
    private static final long SWEEP_INTERVAL_MILLIS = 1000;
    /** The key of the overflow window, which no address maps to (IPv4 keys carry this in their high bits). */
    private static final long OVERFLOW = 0xFFFF_FFFE_0000_0000L;

    /** One address's window: when it started and how much of the budget it used. Guarded by the map's bin lock. */
    private static final class Window {
        final long start;
        int used;

        Window(long start) {
            this.start = start;
        }
    }

    /** One event's share of a budget, which {@link #cancel()} gives back. */
    final class Charge {
        private final long key;
        private final long windowStart;

        private Charge(long key, long windowStart) {
            this.key = key;
            this.windowStart = windowStart;
        }

        /** Gives the share back: the event was not queued. Forgets the address when its window is then unused. */
        void cancel() {
            windows.computeIfPresent(key, (k, w) -> {
                if (w.start == windowStart && w.used > 0) {
                    w.used--;
                }
                return w.used == 0 && k != OVERFLOW ? null : w;
            });
        }
    }

    /** A budget: so many events per window. Immutable. */
    static final class Limit {
        final int count;
        final Duration window;

        Limit(int count, Duration window) {
            this.count = count;
            this.window = window;
        }

        @Override
        public String toString() {
            return count + "/" + window;
        }
    }

    private final int count;
    private final long windowMillis;
    private final int maxAddresses;
    private final Clock clock;
    private final ConcurrentHashMap<Long, Window> windows = new ConcurrentHashMap<>();
    private volatile long nextSweep = Long.MIN_VALUE;

    ClientBudgets(Limit limit, int maxAddresses, Clock clock) {
        this.count = limit.count;
        this.windowMillis = limit.window.toMillis();
        this.maxAddresses = maxAddresses;
        this.clock = clock;
    }

    /** Parses {@code qhtrack.browser-events.budget}: {@code COUNT/DURATION}, e.g. {@code 30/PT1H}. */
    static Limit parse(String value) {
        int slash = value.indexOf('/');
        String countText = slash < 0 ? "" : value.substring(0, slash).trim();
        Duration window = null;
        try {
            window = slash < 0 ? null : Duration.parse(value.substring(slash + 1).trim());
        } catch (DateTimeParseException e) {
            // named below
        }
        int n = countText.matches("[0-9]{1,7}") ? Integer.parseInt(countText) : -1;
        if (n < 1 || n > MAX_COUNT || window == null || window.compareTo(SHORTEST_WINDOW) < 0
                || window.compareTo(LONGEST_WINDOW) > 0) {
            throw new ConfigurationException(Setting.BROWSER_EVENTS_BUDGET, Printable.quoted(value, 80) + " is not "
                    + "COUNT/DURATION, events per client address per window, such as " + DEFAULT + " (COUNT 1 to "
                    + MAX_COUNT + ", an ISO-8601 DURATION of 1 second to 7 days)");
        }
        return new Limit(n, window);
    }

    /**
     * The key of a client address: an IPv4 address whole, an IPv6 address by its /64; {@code null} (an address the
     * container could not name) shares one key.
     */
    static long keyOf(byte[] address) {
        if (address == null) {
            return 0;
        }
        if (address.length == 4) {
            return 0xFFFF_FFFF_0000_0000L | (address[0] & 0xffL) << 24 | (address[1] & 0xffL) << 16
                    | (address[2] & 0xffL) << 8 | address[3] & 0xffL; // ffff:ffff::/32 is no unicast IPv6 prefix
        }
        long prefix = 0;
        for (int i = 0; i < 8; i++) {
            prefix = prefix << 8 | address[i] & 0xffL;
        }
        return prefix;
    }

    /** Takes one event from the budget of the address with {@code key}; {@code null} when it is spent. */
    Charge take(long key) {
        long now = clock.millis();
        long effective = key;
        if (!windows.containsKey(key) && windows.size() >= maxAddresses) {
            sweep(now);
            if (windows.size() >= maxAddresses) {
                effective = OVERFLOW;
            }
        }
        long[] granted = {Long.MIN_VALUE};
        windows.compute(effective, (k, w) -> {
            Window current = w == null || now - w.start >= windowMillis ? new Window(now) : w;
            if (current.used < count) {
                current.used++;
                granted[0] = current.start;
            }
            return current;
        });
        return granted[0] == Long.MIN_VALUE ? null : new Charge(effective, granted[0]);
    }

    /** Forgets the windows that have ended; at most once a second while the table is full. */
    private void sweep(long now) {
        if (now < nextSweep) {
            return;
        }
        nextSweep = now + SWEEP_INTERVAL_MILLIS;
        for (Iterator<Map.Entry<Long, Window>> it = windows.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Long, Window> entry = it.next();
            windows.computeIfPresent(entry.getKey(), (k, w) -> now - w.start >= windowMillis ? null : w);
        }
    }

    /** Addresses (and the overflow window) tracked now; for tests. */
    int tracked() {
        return windows.size();
    }
}
