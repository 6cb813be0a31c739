package io.qhtrack.filter;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Event;
import io.qhtrack.core.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One entry of {@code qhtrack.triggers}: {@code METHOD PATH=EVENT}, e.g. {@code POST /lead=SUBMIT} or
 * {@code POST /order/*=ORDER}. The path is exact, or a prefix when it ends with {@code /*}; it is matched against
 * the request's path inside the web application (servlet path plus path info).
 */
final class Trigger {

    private final String method;
    /** The exact path, or the prefix up to and including its final {@code /}. */
    private final String path;
    private final boolean prefix;
    private final Event event;

    private Trigger(String method, String path, boolean prefix, Event event) {
        this.method = method;
        this.path = path;
        this.prefix = prefix;
        this.event = event;
    }

    /** Parses a comma- or newline-separated list; blank means none. */
    static List<Trigger> parseAll(String value) {
        List<Trigger> triggers = new ArrayList<>();
        if (value == null) {
            return triggers;
        }
        for (String entry : value.split("[,\\n]")) {
            if (!entry.trim().isEmpty()) {
                triggers.add(parse(entry.trim()));
            }
        }
        return triggers;
    }

    static Trigger parse(String entry) {
        int eq = entry.lastIndexOf('=');
        String[] methodAndPath = (eq < 0 ? "" : entry.substring(0, eq)).trim().split("\\s+");
        if (eq < 0 || methodAndPath.length != 2) {
            throw new ConfigurationException(Setting.TRIGGERS, "'" + entry + "' is not METHOD PATH=EVENT, e.g. POST /lead=SUBMIT");
        }
        String method = methodAndPath[0].toUpperCase(Locale.ROOT);
        if (!method.matches("[A-Z]{3,7}")) {
            throw new ConfigurationException(Setting.TRIGGERS, "'" + entry + "': '" + methodAndPath[0] + "' is not an HTTP method");
        }
        String path = methodAndPath[1];
        if (!path.startsWith("/") || path.indexOf('*') >= 0 && !(path.endsWith("/*") && path.indexOf('*') == path.length() - 1)) {
            throw new ConfigurationException(Setting.TRIGGERS, "'" + entry + "': path '" + path
                    + "' must start with / and may only end with /* (prefix)");
        }
        String eventName = entry.substring(eq + 1).trim();
        Event event = Event.find(eventName).orElseThrow(() -> new ConfigurationException(Setting.TRIGGERS, "'" + entry
                + "': '" + eventName + "' is not one of 360's 53 events (e.g. SUBMIT, ORDER, CALL)"));
        boolean prefix = path.endsWith("/*");
        return new Trigger(method, prefix ? path.substring(0, path.length() - 1) : path, prefix, event);
    }

    /** The event this trigger reports. */
    Event event() {
        return event;
    }

    /** Whether a request's method and path ({@code servletPath + pathInfo}) match; allocates nothing. */
    boolean matches(String requestMethod, String servletPath, String pathInfo) {
        if (!method.equals(requestMethod)) {
            return false;
        }
        String first = servletPath == null ? "" : servletPath;
        String second = pathInfo == null ? "" : pathInfo;
        int length = first.length() + second.length();
        if (prefix) {
            // under the prefix, or the prefix's own path without its final "/"
            return startsWith(first, second, path.length())
                    || length == path.length() - 1 && startsWith(first, second, length);
        }
        return length == path.length() && startsWith(first, second, length);
    }

    /** Whether {@code first + second} starts with the first {@code n} characters of the path. */
    private boolean startsWith(String first, String second, int n) {
        if (first.length() + second.length() < n) {
            return false;
        }
        int inFirst = Math.min(first.length(), n);
        return first.regionMatches(0, path, 0, inFirst) && second.regionMatches(0, path, inFirst, n - inFirst);
    }

    @Override
    public String toString() {
        return method + " " + path + (prefix ? "*" : "") + "=" + event.name();
    }
}
