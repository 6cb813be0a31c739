package io.qhtrack.testkit;

import java.io.UnsupportedEncodingException;
import java.net.URLDecoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading and masking the query of a URL ({@code a=1&b=2}), as the fakes need it. */
final class QueryString {
    private QueryString() {}

    /** The parameters of a raw query, names and values percent-decoded as UTF-8, in order; empty for null. */
    static Map<String, List<String>> parse(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&", -1)) {
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.computeIfAbsent(name, unused -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    /** Percent-decodes a query component as UTF-8 ({@code +} is a space); malformed text stays as it is. */
    static String decode(String component) {
        try {
            return URLDecoder.decode(component, "UTF-8");
        } catch (IllegalArgumentException | UnsupportedEncodingException e) {
            return component;
        }
    }

    /** The raw query with the value of every parameter named {@code name} replaced by {@link Redactor#MASK}. */
    static String mask(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        Matcher matcher = Pattern.compile("(^|&)(" + Pattern.quote(name) + "=)[^&]*").matcher(rawQuery);
        return matcher.replaceAll("$1$2" + Matcher.quoteReplacement(Redactor.MASK));
    }
}
