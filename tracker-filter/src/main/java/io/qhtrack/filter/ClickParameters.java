package io.qhtrack.filter;

import io.qhtrack.core.Click;
import io.qhtrack.core.spi.LandingParameter;
import io.qhtrack.core.spi.LandingRequest;
import io.qhtrack.core.spi.Line;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Finds the click parameters of the enabled platforms ({@code qhclickid}, {@code sourceid}, {@code impression_id},
 * {@code bd_vid}, {@code gdt_vid}, {@code qz_gdt} …) in a raw, still-encoded query string. Never touches the request
 * body. Built once, when the filter starts, from the platforms' landing parameters; immutable and shared by every
 * request.
 *
 * <p>Rules:
 * <ul>
 *   <li>Parameters are separated by {@code &}; a parameter without {@code =} has an empty value.</li>
 *   <li>Names and values are percent-decoded once ({@code +} is a space), as UTF-8 (a {@linkplain LandingParameter#raw()
 *       raw} parameter's value is kept as it arrived). Malformed percent-encoding makes the value unacceptable;
 *       {@code %2541} decodes to {@code %41}, which is not an id.</li>
 *   <li>A value is acceptable when its parameter's {@link LandingParameter#problemWith(CharSequence)} and
 *       {@link Click#problemWithId(CharSequence)} find nothing: non-empty, not too long, of {@code [A-Za-z0-9._-]},
 *       not an unreplaced macro such as {@code __impression_id__}, {@code {bd_vid}} or {@code %%CLICKID%%}.
 *       Unacceptable values are logged at debug and skipped.</li>
 *   <li><b>The last acceptable occurrence wins</b>, whichever parameter and platform it is: a platform appends its
 *       parameter after the advertiser's own query, so a stale id copied into the advertiser's URL loses to the one
 *       the platform adds, and a URL carrying two platforms' ids is the later platform's click.</li>
 *   <li>Except within one platform and line: there the parameter the platform lists first wins wherever it stands
 *       (Tencent's {@code gdt_vid} over its {@code qz_gdt}). 360's three parameters are on different lines, so among
 *       them the last one wins.</li>
 * </ul>
 *
 * <p>A query string with none of the names is scanned without allocating: one search for {@code =} (a JVM intrinsic)
 * and, at each {@code =}, a look at the character before it. Only a name that ends in the last character of an
 * enabled parameter's name ({@code d} for 360's and Baidu's, {@code t} for {@code qz_gdt}), written as itself or
 * percent-encoded ({@code %64}), can be one; that table is computed when the filter starts, and only the parameters
 * it picks out are looked at further. Each character is looked at a bounded number of times, however many {@code =}
 * a hostile value holds.
 */
final class ClickParameters {

    private static final Logger LOG = Logger.getLogger(ClickIdCaptureFilter.class.getName());

    /** One landing parameter of an enabled platform. */
    static final class Candidate {
        final String platform;
        final LandingParameter parameter;
        final String name;
        /** The index of its platform's first candidate: a platform's candidates are contiguous, in its order. */
        final int platformStart;
        /** The longest raw value worth decoding: anything longer cannot decode to an acceptable id. */
        final int maxRawLength;

        Candidate(String platform, LandingParameter parameter, int platformStart) {
            this.platform = platform;
            this.parameter = parameter;
            this.name = parameter.name();
            this.platformStart = platformStart;
            this.maxRawLength = parameter.raw() ? parameter.maxLength() : parameter.maxLength() * 3;
        }
    }

    /** A click parameter found on a URL: its platform, its parameter, the acceptable id and the click's line. */
    static final class Found {
        private final String platform;
        private final LandingParameter parameter;
        private final String id;
        private final Line line;

        Found(String platform, LandingParameter parameter, String id, Line line) {
            this.platform = platform;
            this.parameter = parameter;
            this.id = id;
            this.line = line;
        }

        /** The platform's id, e.g. {@code baidu}. */
        String platform() {
            return platform;
        }

        /** The parameter's name, e.g. {@code bd_vid}. */
        String parameter() {
            return parameter.name();
        }

        /** Whether the click keeps its landing URL. */
        boolean keepsLandingUrl() {
            return parameter.keepsLandingUrl();
        }

        /** Whether the id is kept as it arrived, still percent-encoded. */
        boolean raw() {
            return parameter.raw();
        }

        String id() {
            return id;
        }

        Line line() {
            return line;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Found && ((Found) o).platform.equals(platform) && ((Found) o).parameter().equals(
                    parameter()) && ((Found) o).id.equals(id) && ((Found) o).line.equals(line);
        }

        @Override
        public int hashCode() {
            return 31 * parameter().hashCode() + id.hashCode();
        }

        @Override
        public String toString() {
            return platform + " " + parameter() + "=" + id + " (" + line + ")";
        }
    }

    /** The acceptable click parameters one query string holds, before the winner is chosen. */
    final class Seen {
        /** Per candidate: the id of its last acceptable occurrence, or {@code null}. */
        private final String[] ids = new String[candidates.length];
        /** Per candidate: where that occurrence's {@code =} is. */
        private final int[] at = new int[candidates.length];

        private void add(int candidate, String id, int eq) {
            ids[candidate] = id;
            at[candidate] = eq;
        }

        /**
         * The winner: the last acceptable occurrence, unless its platform's earlier-listed parameter of the same line
         * is there too. {@code request} decides lines.
         */
        Found winner(LandingRequest request) {
            int last = -1;
            for (int c = 0; c < ids.length; c++) {
                if (ids[c] != null && (last < 0 || at[c] > at[last])) {
                    last = c;
                }
            }
            Line line = candidates[last].parameter.line(request);
            int best = last;
            for (int c = candidates[last].platformStart; c < last; c++) {
                if (ids[c] != null && candidates[c].parameter.line(request).equals(line)) {
                    best = c;
                    break;
                }
            }
            Candidate winner = candidates[best];
            return new Found(winner.platform, winner.parameter, ids[best], line);
        }
    }

    private final Candidate[] candidates;
    /** Which ASCII characters end some candidate's name. */
    private final boolean[] lastCharacters = new boolean[128];
    private final int shortestName;
    /** The longest raw parameter name that could decode to a candidate's name. */
    private final int longestRawName;
    private final String description;

    private ClickParameters(List<Candidate> candidates, String description) {
        this.candidates = candidates.toArray(new Candidate[0]);
        int shortest = Integer.MAX_VALUE;
        int longest = 0;
        for (Candidate c : candidates) {
            lastCharacters[c.name.charAt(c.name.length() - 1)] = true; // names are [A-Za-z0-9_.-]: ASCII
            shortest = Math.min(shortest, c.name.length());
            longest = Math.max(longest, c.name.length() * 3);
        }
        this.shortestName = candidates.isEmpty() ? Integer.MAX_VALUE : shortest;
        this.longestRawName = longest;
        this.description = description;
    }

    /**
     * The parameters of each platform ({@code byPlatform}: platform id → its landing parameters in its order), the
     * platforms in the order given. A name another platform listed before is left out, with a WARNING.
     */
    static ClickParameters of(Map<String, List<LandingParameter>> byPlatform) {
        List<Candidate> candidates = new ArrayList<>();
        Map<String, String> owners = new LinkedHashMap<>();
        StringBuilder description = new StringBuilder();
        for (Map.Entry<String, List<LandingParameter>> platform : byPlatform.entrySet()) {
            int start = candidates.size();
            List<String> names = new ArrayList<>();
            for (LandingParameter parameter : platform.getValue()) {
                String owner = owners.putIfAbsent(parameter.name(), platform.getKey());
                if (owner != null) {
                    LOG.log(Level.WARNING, "qhtrack: {0} and {1} both capture {2}; {1}''s is ignored",
                            new Object[] {owner, platform.getKey(), parameter.name()});
                    continue;
                }
                candidates.add(new Candidate(platform.getKey(), parameter, start));
                names.add(parameter.name());
            }
            description.append(description.length() == 0 ? "" : ", ").append(platform.getKey()).append(' ')
                    .append(names);
        }
        return new ClickParameters(candidates, description.length() == 0 ? "none" : description.toString());
    }

    /** The parameters' names, platform by platform, each platform's in its order. */
    List<String> names() {
        List<String> names = new ArrayList<>(candidates.length);
        for (Candidate c : candidates) {
            names.add(c.name);
        }
        return Collections.unmodifiableList(names);
    }

    /** For the start-up log: each platform and its parameters. */
    String describe() {
        return description;
    }

    /** The winning click parameter of {@code query} ({@code request} deciding lines), or {@code null}. */
    Found find(String query, LandingRequest request) {
        Seen seen = scan(query);
        return seen == null ? null : seen.winner(request);
    }

    /**
     * The acceptable click parameters in {@code query}, or {@code null} when there is none: then nothing was
     * allocated unless a name was percent-encoded or a candidate's value was looked at.
     */
    Seen scan(String query) {
        if (query == null) {
            return null;
        }
        Seen seen = null;
        int n = query.length();
        int eq = query.indexOf('=');
        while (eq >= 0) {
            if (!endsLikeAName(query, eq)) {
                eq = query.indexOf('=', eq + 1);
                continue;
            }
            int start = query.lastIndexOf('&', eq - 1) + 1;
            int end = query.indexOf('&', eq + 1);
            if (end < 0) {
                end = n;
            }
            // the '=' must end the name, not sit inside a value
            if (query.indexOf('=', start) == eq) {
                int candidate = candidateNamed(query, start, eq);
                if (candidate >= 0) {
                    String id = acceptableId(candidates[candidate], query, eq + 1, end);
                    if (id != null) {
                        if (seen == null) {
                            seen = new Seen();
                        }
                        seen.add(candidate, id, eq);
                    }
                }
            }
            // the rest of this parameter is a value: skip it
            eq = end == n ? -1 : query.indexOf('=', end);
        }
        return seen;
    }

    /**
     * Whether {@code s} from {@code from} on may hold a click parameter: a {@code =} after a character that ends a
     * candidate's name. Allocation-free; {@code false} means it certainly holds none.
     */
    boolean mayHoldOne(String s, int from) {
        for (int eq = s.indexOf('=', from); eq >= 0; eq = s.indexOf('=', eq + 1)) {
            if (endsLikeAName(s, eq)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the character before {@code s[eq]}, as itself or as {@code %XX}, ends some candidate's name. */
    private boolean endsLikeAName(String s, int eq) {
        if (eq < 1) {
            return false;
        }
        char c = s.charAt(eq - 1);
        if (c < 128 && lastCharacters[c]) {
            return true;
        }
        if (eq < 3 || s.charAt(eq - 3) != '%') {
            return false;
        }
        int hi = hex(s.charAt(eq - 2));
        int lo = hex(s.charAt(eq - 1));
        return hi >= 0 && lo >= 0 && hi < 8 && lastCharacters[hi << 4 | lo];
    }

    /** Which candidate {@code query[from, to)} names, or -1. Allocates only for a %-encoded name. */
    private int candidateNamed(String query, int from, int to) {
        int length = to - from;
        if (length < shortestName || length > longestRawName) {
            return -1;
        }
        for (int c = 0; c < candidates.length; c++) {
            String name = candidates[c].name;
            if (name.length() == length && query.startsWith(name, from)) {
                return c;
            }
        }
        if (indexOf(query, '%', from, to) < to) {
            String name = decode(query, from, to);
            for (int c = 0; name != null && c < candidates.length; c++) {
                if (candidates[c].name.equals(name)) {
                    return c;
                }
            }
        }
        return -1;
    }

    /** Index of {@code c} in {@code s[from, to)}, or {@code to} when absent. */
    private static int indexOf(String s, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return to;
    }

    private static String acceptableId(Candidate candidate, String query, int from, int to) {
        LandingParameter parameter = candidate.parameter;
        if (to - from > candidate.maxRawLength) {
            debug(candidate, "is " + (to - from) + " characters long, more than " + parameter.maxLength());
            return null;
        }
        String id = parameter.raw() || !needsDecoding(query, from, to) ? query.substring(from, to)
                : decode(query, from, to);
        if (id == null) {
            debug(candidate, "has malformed percent-encoding");
            return null;
        }
        Optional<String> problem = parameter.problemWith(id);
        if (!problem.isPresent()) {
            problem = Click.problemWithId(id);
        }
        if (problem.isPresent()) {
            debug(candidate, problem.get());
            return null;
        }
        return id;
    }

    private static void debug(Candidate candidate, String problem) {
        LOG.log(Level.FINE, "qhtrack: ignoring {0} on the URL: it {1}", new Object[] {candidate.name, problem});
    }

    private static boolean needsDecoding(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%' || c == '+') {
                return true;
            }
        }
        return false;
    }

    /**
     * Decodes {@code s[from, to)} once: {@code +} to space, {@code %XX} sequences as UTF-8 (invalid UTF-8 becomes
     * U+FFFD). Returns {@code null} for malformed percent-encoding ({@code %}, {@code %4}, {@code %zz}).
     */
    static String decode(String s, int from, int to) {
        StringBuilder out = new StringBuilder(to - from);
        byte[] bytes = null;
        int i = from;
        while (i < to) {
            char c = s.charAt(i);
            if (c == '%') {
                if (bytes == null) {
                    bytes = new byte[(to - from) / 3];
                }
                int count = 0;
                while (i < to && s.charAt(i) == '%') {
                    if (i + 2 >= to) {
                        return null;
                    }
                    int hi = hex(s.charAt(i + 1));
                    int lo = hex(s.charAt(i + 2));
                    if (hi < 0 || lo < 0) {
                        return null;
                    }
                    bytes[count++] = (byte) ((hi << 4) | lo);
                    i += 3;
                }
                out.append(new String(bytes, 0, count, StandardCharsets.UTF_8));
            } else {
                out.append(c == '+' ? ' ' : c);
                i++;
            }
        }
        return out.toString();
    }

    /** The value of an ASCII hex digit, or -1 (unlike {@link Character#digit}, which accepts fullwidth digits). */
    static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
