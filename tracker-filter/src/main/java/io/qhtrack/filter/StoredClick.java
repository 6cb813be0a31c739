package io.qhtrack.filter;

import io.qhtrack.core.Click;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/**
 * A visitor's clicks as the store keeps them: the click in force ({@link #click}, the latest ad click, whatever its
 * platform), with {@code qhtrack.attribution=all-platforms} the newest click of each other platform after it, and short
 * fingerprints of the clicks superseded (at most {@value #MAX_SUPERSEDED}, newest first), so that a {@code Referer}
 * still carrying a click this visitor already moved on from (a stale tab's form post) never switches the newer click
 * back, while a {@code Referer} carrying a click never seen still wins: last click wins. A fingerprint is
 * {@value #FINGERPRINT_LENGTH} characters of the base64url SHA-256 of the click id (48 bits: a click never seen matches
 * one of the remembered ones with a chance below one in 10<sup>13</sup>); the superseded ids themselves are not kept.
 * Immutable.
 */
final class StoredClick {

    /** How many superseded clicks are remembered. */
    static final int MAX_SUPERSEDED = 8;
    /** The length of one fingerprint. */
    static final int FINGERPRINT_LENGTH = 8;
    /** Between two fingerprints; a cookie-octet that base64url never writes. */
    static final char SEPARATOR = '.';

    /** The click in force: the latest. */
    final Click click;
    /** Every click kept, the one in force first, then (all-platforms) the other platforms' newest, latest first. */
    final List<Click> clicks;
    /** The superseded clicks' fingerprints, newest first, separated by {@link #SEPARATOR}; empty when none. */
    final String superseded;

    StoredClick(List<Click> clicks, String superseded) {
        if (clicks.isEmpty()) {
            throw new IllegalArgumentException("a stored click holds at least one click");
        }
        this.clicks = clicks.size() == 1 ? Collections.singletonList(clicks.get(0))
                : Collections.unmodifiableList(new ArrayList<>(clicks));
        this.click = clicks.get(0);
        this.superseded = superseded;
    }

    StoredClick(Click click, String superseded) {
        this(Collections.singletonList(click), superseded);
    }

    /** A click that superseded nothing. */
    static StoredClick of(Click click) {
        return new StoredClick(click, "");
    }

    /** Whether {@code other} is a click this one superseded. */
    boolean superseded(Click other) {
        return !superseded.isEmpty() && indexOf(fingerprint(other.id())) >= 0;
    }

    /** Only the click in force ({@code qhtrack.attribution=last-click}). */
    StoredClick latestOnly() {
        return clicks.size() == 1 ? this : new StoredClick(click, superseded);
    }

    /**
     * What is stored once {@code newer} replaces every click kept ({@code qhtrack.attribution=last-click}):
     * {@code newer}, having superseded them and the ones they superseded, less {@code newer} itself (a visitor who lands
     * again from an older ad moves back to it).
     */
    StoredClick replacedBy(Click newer) {
        return new StoredClick(newer, supersede(clicks, newer));
    }

    /**
     * What is stored once {@code seen}, a click just seen on a landing URL or, {@code fromReferer}, on a
     * {@code Referer}, is remembered; {@code this} when nothing changes: when it is the click in force, or when it came
     * from a {@code Referer} and is a click this visitor moved on from (superseded, or with {@code allPlatforms} an
     * older click still kept). Otherwise {@code seen} is the click in force: with {@code allPlatforms} beside the other
     * platforms' newest clicks, superseding its own platform's older one (a click kept and seen again keeps its
     * capture time); else alone, superseding every click kept.
     */
    StoredClick remember(Click seen, boolean fromReferer, boolean allPlatforms) {
        if (click.isSameClickAs(seen)) {
            return this;
        }
        int kept = -1;
        for (int i = 1; i < clicks.size() && kept < 0; i++) {
            kept = clicks.get(i).isSameClickAs(seen) ? i : -1;
        }
        if (fromReferer && (kept > 0 || superseded(seen))) {
            return this;
        }
        if (!allPlatforms) {
            return replacedBy(seen);
        }
        Click latest = kept > 0 ? clicks.get(kept) : seen;
        List<Click> next = new ArrayList<>(clicks.size() + 1);
        List<Click> dropped = new ArrayList<>(1);
        next.add(latest);
        for (Click c : clicks) {
            if (c != latest) {
                (c.platform().equals(latest.platform()) ? dropped : next).add(c);
            }
        }
        return new StoredClick(next, supersede(dropped, latest));
    }

    /**
     * The fingerprint list once {@code dropped} are superseded by {@code newer}: theirs first, then the ones kept
     * already, less {@code newer}'s own and repeats, at most {@value #MAX_SUPERSEDED}.
     */
    private String supersede(List<Click> dropped, Click newer) {
        String own = fingerprint(newer.id());
        StringBuilder list = new StringBuilder(MAX_SUPERSEDED * (FINGERPRINT_LENGTH + 1));
        int count = 0;
        for (Click c : dropped) {
            count += append(list, fingerprint(c.id()), own, count);
        }
        for (int i = 0; i < superseded.length(); i += FINGERPRINT_LENGTH + 1) {
            count += append(list, superseded.substring(i, i + FINGERPRINT_LENGTH), own, count);
        }
        return list.toString();
    }

    private static int append(StringBuilder list, String fingerprint, String own, int count) {
        if (count >= MAX_SUPERSEDED || fingerprint.equals(own) || contains(list, fingerprint)) {
            return 0;
        }
        list.append(list.length() == 0 ? "" : String.valueOf(SEPARATOR)).append(fingerprint);
        return 1;
    }

    private static boolean contains(CharSequence list, String fingerprint) {
        for (int i = 0; i < list.length(); i += FINGERPRINT_LENGTH + 1) {
            if (list.subSequence(i, i + FINGERPRINT_LENGTH).toString().equals(fingerprint)) {
                return true;
            }
        }
        return false;
    }

    private int indexOf(String fingerprint) {
        for (int i = 0; i < superseded.length(); i += FINGERPRINT_LENGTH + 1) {
            if (superseded.startsWith(fingerprint, i)) {
                return i;
            }
        }
        return -1;
    }

    /** The fingerprint of a click id. */
    static String fingerprint(String id) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        byte[] digest = sha256.digest(id.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, FINGERPRINT_LENGTH);
    }

    /**
     * Whether {@code list} is a well-formed fingerprint list: 1 to {@value #MAX_SUPERSEDED} fingerprints of base64url
     * characters, separated by {@link #SEPARATOR}.
     */
    static boolean isFingerprintList(String list) {
        int n = list.length();
        if (n % (FINGERPRINT_LENGTH + 1) != FINGERPRINT_LENGTH || n > MAX_SUPERSEDED * (FINGERPRINT_LENGTH + 1)) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = list.charAt(i);
            boolean separator = i % (FINGERPRINT_LENGTH + 1) == FINGERPRINT_LENGTH;
            if (separator ? c != SEPARATOR : !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                    || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredClick && ((StoredClick) o).clicks.equals(clicks)
                && ((StoredClick) o).superseded.equals(superseded);
    }

    @Override
    public int hashCode() {
        return clicks.hashCode();
    }

    @Override
    public String toString() {
        return "StoredClick[" + clicks + (superseded.isEmpty() ? "" : ", superseded " + superseded) + "]";
    }
}
