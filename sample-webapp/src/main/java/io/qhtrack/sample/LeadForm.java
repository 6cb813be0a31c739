package io.qhtrack.sample;

import jakarta.servlet.http.HttpServletRequest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The lead form's fields, {@code name} and {@code phone}, as submitted, and what is wrong with them.
 *
 * @param name the visitor's name, trimmed
 * @param phone the phone number, trimmed
 * @param errors field name to a message; empty when the form is valid
 */
record LeadForm(String name, String phone, Map<String, String> errors) {

    /** The longest name accepted. */
    static final int MAX_NAME = 40;
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 ()-]{4,19}");

    /** An empty form, as first shown. */
    static LeadForm blank() {
        return new LeadForm("", "", Map.of());
    }

    /** Reads and checks the submitted form. */
    static LeadForm from(HttpServletRequest request) {
        return of(request.getParameter("name"), request.getParameter("phone"));
    }

    /** Checks the fields as submitted ({@code null} for a missing one). */
    static LeadForm of(String rawName, String rawPhone) {
        String name = trimmed(rawName);
        String phone = trimmed(rawPhone);
        Map<String, String> errors = new LinkedHashMap<>();
        if (name.isEmpty()) {
            errors.put("name", "请填写姓名 Please enter your name");
        } else if (name.codePointCount(0, name.length()) > MAX_NAME) {
            errors.put("name", "姓名太长 Name too long (" + MAX_NAME + " characters at most)");
        }
        if (phone.isEmpty()) {
            errors.put("phone", "请填写手机号 Please enter a phone number");
        } else if (!PHONE.matcher(phone).matches()) {
            errors.put("phone", "手机号格式不对 Digits only, e.g. 138 0013 8000");
        }
        return new LeadForm(name, phone, Map.copyOf(errors));
    }

    boolean valid() {
        return errors.isEmpty();
    }

    static String trimmed(String value) {
        return value == null ? "" : value.strip();
    }
}
