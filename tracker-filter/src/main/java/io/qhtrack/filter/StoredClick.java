package io.qhtrack.filter;

import io.qhtrack.core.Click;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A visitor's click as the store keeps it: the click in force, and short fingerprints of the clicks it superseded
 * (at most {@value #MAX_SUPERSEDED}, newest first), so that a {@code Referer} still carrying a click this visitor
 * already moved on from (a stale tab's form post) never switches the newer click back, while a {@code Referer}
 * carrying a click never seen still wins: last click wins. A fingerprint is {@value #FINGERPRINT_LENGTH} characters of
 * the base64url SHA-256 of the click id (48 bits: a click never seen matches one of the remembered ones with a
 * chance below one in 10<sup>13</sup>); the ids themselves are not kept. Immutable.
 */
final class StoredClick {

    /** How many superseded clicks are remembered. */
    static final int MAX_SUPERSEDED = 8;
    /** The length of one fingerprint. */
    static final int FINGERPRINT_LENGTH = 8;
    /** Between two fingerprints; a cookie-octet that base64url never writes. */
    static final char SEPARATOR = '.';

    final Click click;
    /** The superseded clicks' fingerprints, newest first, separated by {@link #SEPARATOR}; empty when none. */
    final String superseded;

    StoredClick(Click click, String superseded) {
        this.click = click;
        this.superseded = superseded;
    }

    /** A click that superseded nothing. */
    static StoredClick of(Click click) {
        return new StoredClick(click, "");
    }

    /** Whether {@code other} is a click this one superseded. */
    boolean superseded(Click other) {
        return !superseded.isEmpty() && indexOf(fingerprint(other.id())) >= 0;
    }

    /**
     * What is stored once {@code newer} replaces this click: {@code newer}, having superseded this click and the ones
     * this click superseded, less {@code newer} itself (a visitor who lands again from an older ad moves back to it).
     */
    StoredClick replacedBy(Click newer) {
        String own = fingerprint(newer.id());
        StringBuilder list = new StringBuilder(MAX_SUPERSEDED * (FINGERPRINT_LENGTH + 1));
        String current = fingerprint(click.id());
        if (!current.equals(own)) {
            list.append(current);
        }
        int kept = list.length() == 0 ? 0 : 1;
        for (int i = 0; i < superseded.length() && kept < MAX_SUPERSEDED; i += FINGERPRINT_LENGTH + 1) {
            String fingerprint = superseded.substring(i, i + FINGERPRINT_LENGTH);
            if (!fingerprint.equals(own) && !fingerprint.equals(current)) {
                list.append(list.length() == 0 ? "" : String.valueOf(SEPARATOR)).append(fingerprint);
                kept++;
            }
        }
        return new StoredClick(newer, list.toString());
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
    public String toString() {
        return "StoredClick[" + click + (superseded.isEmpty() ? "" : ", superseded " + superseded) + "]";
    }
}
