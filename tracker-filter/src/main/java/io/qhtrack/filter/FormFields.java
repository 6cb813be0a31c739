package io.qhtrack.filter;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Setting;
import io.qhtrack.core.Settings;
import io.qhtrack.core.internal.Printable;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which of a request's parameters are the submitted form, for a stable {@code trans_id}: the body's fields only,
 * never the query string (a link with {@code ?x=1}, {@code ?x=2} … would otherwise make one form many conversions),
 * without the fields of {@code qhtrack.form.ignore-fields} (per-render CSRF tokens, nonces and timestamps, which
 * make a resubmitted form look new), or only the fields of {@code qhtrack.form.fields} when that is set. Field names
 * are compared ignoring case (ASCII), in both settings.
 *
 * <p>The container merges query and body parameters in {@code getParameterMap()}; the Servlet specification puts the
 * query string's values first. The query string's own values are subtracted from that map by value (decoded as
 * UTF-8, as containers decode query strings by default), so the result does not depend on the order a container
 * chose; a query value that decodes differently in the container is taken off the front, where the specification
 * puts it. What remains is the body as the application saw it: a JSON or multipart body the container does not
 * parse has no fields here (set {@link QhTracker#TRANS_ID_ATTRIBUTE} or {@link QhTracker#ORDER_ID_ATTRIBUTE} then).
 */
final class FormFields {

    /** The default of {@code qhtrack.form.ignore-fields}: common CSRF-token, nonce and timestamp field names. */
    static final List<String> DEFAULT_IGNORED = Collections.unmodifiableList(Arrays.asList("_csrf", "csrf_token",
            "csrfmiddlewaretoken", "authenticity_token", "__RequestVerificationToken", "_token", "_t", "timestamp",
            "nonce"));

    /** The most fields a setting may list. */
    private static final int MAX_NAMES = 256;

    /** Lower-cased; {@code null}: every body field that is not ignored. */
    private final Set<String> only;
    /** Lower-cased. */
    private final Set<String> ignored;

    private FormFields(Set<String> only, Set<String> ignored) {
        this.only = only;
        this.ignored = ignored;
    }

    /** Reads and checks {@code qhtrack.form.fields} and {@code qhtrack.form.ignore-fields}. */
    static FormFields from(Settings settings) {
        Optional<String> only = settings.get(Setting.FORM_FIELDS);
        Optional<String> ignored = settings.get(Setting.FORM_IGNORE_FIELDS);
        return new FormFields(only.isPresent() ? names(Setting.FORM_FIELDS, only.get()) : null,
                ignored.isPresent() ? names(Setting.FORM_IGNORE_FIELDS, ignored.get()) : lowerCased(DEFAULT_IGNORED));
    }

    /**
     * The form settings of {@code context}: those its capture filter was started with, else read from its
     * context-params and the system (a configuration mistake there is a {@link ConfigurationException}).
     */
    static FormFields of(ServletContext context) {
        FormFields published = QhtrackRuntime.of(context).form();
        if (published != null) {
            return published;
        }
        return from(context == null ? Settings.system() : Settings.firstOf(context::getInitParameter,
                Settings.system()));
    }

    private static Set<String> names(Setting setting, String value) {
        Set<String> names = new LinkedHashSet<>();
        for (String part : value.split(",", -1)) {
            String name = part.trim();
            if (name.isEmpty() || name.length() > 256 || hasControl(name)) {
                throw new ConfigurationException(setting, Printable.quoted(value, 200) + " is not a comma-separated "
                        + "list of field names (each 1 to 256 characters, no control characters, no empty entries)");
            }
            names.add(name.toLowerCase(Locale.ROOT));
        }
        if (names.size() > MAX_NAMES) {
            throw new ConfigurationException(setting, "lists " + names.size() + " fields, more than " + MAX_NAMES);
        }
        return Collections.unmodifiableSet(names);
    }

    private static Set<String> lowerCased(List<String> names) {
        Set<String> set = new LinkedHashSet<>();
        for (String name : names) {
            set.add(name.toLowerCase(Locale.ROOT));
        }
        return Collections.unmodifiableSet(set);
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** Whether a field of this name is part of the form's identity. */
    boolean counts(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        return only != null ? only.contains(key) : !ignored.contains(key);
    }

    /**
     * The form fields of {@code request} that identify the submission, in the container's order: its parameters
     * without the query string's values and without the fields that do not count. Empty when the body has none.
     *
     * @throws RuntimeException when the container cannot parse the parameters (malformed encoding)
     */
    Map<String, List<String>> of(HttpServletRequest request) {
        Map<String, List<String>> query = parseQuery(request.getQueryString());
        Map<String, List<String>> form = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> e : request.getParameterMap().entrySet()) {
            String name = e.getKey();
            if (name == null || !counts(name)) {
                continue;
            }
            List<String> values = new ArrayList<>(Arrays.asList(e.getValue()));
            List<String> fromQuery = query.get(name);
            if (fromQuery != null) {
                for (String value : fromQuery) {
                    int at = values.indexOf(value);
                    if (at >= 0) {
                        values.remove(at);
                    } else if (!values.isEmpty()) {
                        values.remove(0); // decoded otherwise by the container; the specification puts it first
                    }
                }
            }
            if (!values.isEmpty()) {
                form.put(name, values);
            }
        }
        return form;
    }

    /**
     * Names to their values, percent-decoded once as UTF-8 ({@code +} is a space), as containers do by default; a
     * value with malformed percent-encoding is {@code null}, a name with it is left out.
     */
    static Map<String, List<String>> parseQuery(String query) {
        if (query == null || query.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, List<String>> parsed = new HashMap<>();
        int start = 0;
        while (start <= query.length()) {
            int end = query.indexOf('&', start);
            if (end < 0) {
                end = query.length();
            }
            if (end > start) {
                int eq = query.indexOf('=', start);
                if (eq < 0 || eq > end) {
                    eq = end;
                }
                String name = ClickParameters.decode(query, start, eq);
                if (name != null) {
                    // a value that does not decode (malformed %-encoding) is null: it matches no value, so the
                    // container's own reading of it is taken off the front
                    parsed.computeIfAbsent(name, k -> new ArrayList<>(2))
                            .add(eq == end ? "" : ClickParameters.decode(query, eq + 1, end));
                }
            }
            start = end + 1;
        }
        return parsed;
    }

    /** For the start-up log. */
    String describe() {
        return only != null ? "form fields " + only : "form fields except " + ignored;
    }
}
