package io.qhtrack.filter;

import io.qhtrack.core.Click;
import io.qhtrack.core.ProductLine;

import java.util.logging.Level;
import java.util.logging.Logger;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Finds 360's click parameters ({@code qhclickid}, {@code sourceid}, {@code impression_id}) in a raw,
 * still-encoded query string. Never touches the request body.
 *
 * <p>Rules:
 * <ul>
 *   <li>Parameters are separated by {@code &}; a parameter without {@code =} has an empty value.</li>
 *   <li>Names and values are percent-decoded once ({@code +} is a space), as UTF-8. Malformed percent-encoding
 *       makes the value unacceptable; {@code %2541} decodes to {@code %41}, which is not an id.</li>
 *   <li>A value is acceptable when {@link Click#problemWithId(CharSequence)} finds nothing: non-empty, at most
 *       {@value Click#MAX_ID_LENGTH} characters of {@code [A-Za-z0-9._-]}, not an unreplaced macro such as
 *       {@code __impression_id__}. Unacceptable values are logged at debug and skipped.</li>
 *   <li><b>The last acceptable occurrence wins</b>, whichever of the three parameters it is: 360 appends its
 *       parameter after the advertiser's own query, so a stale id copied into the advertiser's URL loses to the
 *       one 360 adds.</li>
 * </ul>
 *
 * <p>A query string with none of the three names is scanned without allocating: two substring searches (JVM
 * intrinsics) for {@code d=} and {@code %64=}, the only ways a click parameter's name can end before its value, and
 * only the parameters they find are looked at further.
 */
final class ClickParameters {

    private static final Logger LOG = Logger.getLogger(ClickIdCaptureFilter.class.getName());

    /** Longest raw value worth decoding: anything longer cannot decode to an acceptable id. */
    private static final int MAX_RAW_LENGTH = Click.MAX_ID_LENGTH * 3;
    /** Longest raw parameter name that could decode to one of the three names. */
    private static final int MAX_RAW_NAME_LENGTH = ProductLine.PARAM_IMPRESSION_ID.length() * 3;

    static {
        for (String name : new String[] {ProductLine.PARAM_QHCLICKID, ProductLine.PARAM_SOURCEID,
                ProductLine.PARAM_IMPRESSION_ID}) {
            if (!name.endsWith("d")) {
                throw new ExceptionInInitializerError("ClickParameters.NAME_ENDINGS assumes every click "
                        + "parameter's name ends in 'd', and " + name + " does not");
            }
        }
    }

    private ClickParameters() {
    }

    /**
     * A click parameter found on a URL: which parameter ({@code qhclickid}, {@code sourceid} or
     * {@code impression_id}, the {@link ProductLine} constants themselves) and its decoded, acceptable id.
     */
    static final class Found {
        private final String parameter;
        private final String id;

        Found(String parameter, String id) {
            this.parameter = parameter;
            this.id = id;
        }

        String parameter() {
            return parameter;
        }

        String id() {
            return id;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Found && ((Found) o).parameter.equals(parameter) && ((Found) o).id.equals(id);
        }

        @Override
        public int hashCode() {
            return 31 * parameter.hashCode() + id.hashCode();
        }

        @Override
        public String toString() {
            return parameter + "=" + id;
        }
    }

    /**
     * How the raw name of a click parameter can end, with the {@code =} that must follow it: every one of the three
     * names ends in {@code d}, written as itself or percent-encoded as {@code %64} (nothing else decodes to
     * {@code d}), and only a parameter with {@code =} can have the non-empty value an acceptable id needs.
     */
    private static final String[] NAME_ENDINGS = {"d=", "%64="};

    /** The last acceptable click parameter in {@code query}, or {@code null} when there is none. */
    static Found find(String query) {
        if (query == null) {
            return null;
        }
        Found found = null;
        int foundAt = -1;
        for (String ending : NAME_ENDINGS) {
            int i = query.indexOf(ending);
            while (i >= 0) {
                int eq = i + ending.length() - 1;
                int end = query.indexOf('&', eq + 1);
                if (end < 0) {
                    end = query.length();
                }
                int start = query.lastIndexOf('&', eq - 1) + 1;
                // the '=' must end the name (not sit inside a value), the name be long enough, and the position be
                // after any acceptable one already found (the last one wins)
                if (eq > foundAt && eq - start >= 8 && query.indexOf('=', start) == eq) {
                    String parameter = parameterNamed(query, start, eq);
                    if (parameter != null) {
                        String id = acceptableId(parameter, query, eq + 1, end);
                        if (id != null) {
                            found = new Found(parameter, id);
                            foundAt = eq;
                        }
                    }
                }
                // the rest of this parameter is a value: skip it, so that every character is looked at a bounded
                // number of times however many "d=" a hostile value holds
                i = query.indexOf(ending, end);
            }
        }
        return found;
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

    /** Which of the three names {@code query[from, to)} is, or {@code null}. Allocates only for a %-encoded name. */
    private static String parameterNamed(String query, int from, int to) {
        int length = to - from;
        if (length == 9 && query.startsWith(ProductLine.PARAM_QHCLICKID, from)) {
            return ProductLine.PARAM_QHCLICKID;
        }
        if (length == 8 && query.startsWith(ProductLine.PARAM_SOURCEID, from)) {
            return ProductLine.PARAM_SOURCEID;
        }
        if (length == 13 && query.startsWith(ProductLine.PARAM_IMPRESSION_ID, from)) {
            return ProductLine.PARAM_IMPRESSION_ID;
        }
        if (length > 8 && length <= MAX_RAW_NAME_LENGTH && indexOf(query, '%', from, to) < to) {
            String name = decode(query, from, to);
            if (ProductLine.PARAM_QHCLICKID.equals(name)) {
                return ProductLine.PARAM_QHCLICKID;
            }
            if (ProductLine.PARAM_SOURCEID.equals(name)) {
                return ProductLine.PARAM_SOURCEID;
            }
            if (ProductLine.PARAM_IMPRESSION_ID.equals(name)) {
                return ProductLine.PARAM_IMPRESSION_ID;
            }
        }
        return null;
    }

    private static String acceptableId(String parameter, String query, int from, int to) {
        if (to - from > MAX_RAW_LENGTH) {
            debug(parameter, "is " + (to - from) + " characters long, more than " + Click.MAX_ID_LENGTH);
            return null;
        }
        String id = needsDecoding(query, from, to) ? decode(query, from, to) : query.substring(from, to);
        if (id == null) {
            debug(parameter, "has malformed percent-encoding");
            return null;
        }
        Optional<String> problem = Click.problemWithId(id);
        if (problem.isPresent()) {
            debug(parameter, problem.get());
            return null;
        }
        return id;
    }

    private static void debug(String parameter, String problem) {
        LOG.log(Level.FINE, "qhtrack: ignoring {0} on the URL: it {1}", new Object[] {parameter, problem});
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
