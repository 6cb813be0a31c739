package io.qhtrack.core.spi;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A landing-URL parameter that carries a platform's click id ({@code qhclickid}, {@code bd_vid}, {@code gdt_vid} …):
 * how its value is checked, which {@link Line} it implies, and what else the click keeps. Immutable; built with
 * {@link #builder(String)}.
 *
 * <p>The capture filter reads parameters from the raw query string only (never the body), percent-decodes each value
 * once (unless {@link #raw()}), and asks {@link #problemWith(CharSequence)}: only acceptable values become clicks.
 */
public final class LandingParameter {

    /** The longest value {@link Builder#maxLength(int)} allows by default. */
    public static final int DEFAULT_MAX_LENGTH = 128;

    private final String name;
    private final int maxLength;
    private final IdRule rule;
    private final Function<LandingRequest, Line> line;
    private final boolean keepsLandingUrl;
    private final boolean raw;

    private LandingParameter(Builder b) {
        this.name = b.name;
        this.maxLength = b.maxLength;
        this.rule = b.rule;
        this.line = b.line;
        this.keepsLandingUrl = b.keepsLandingUrl;
        this.raw = b.raw;
    }

    /** Starts a parameter named {@code name} (as it appears on the URL, case-sensitive). */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The parameter's name on the URL. */
    public String name() {
        return name;
    }

    /**
     * What is wrong with a candidate value, or empty when it is a click id: non-empty, at most
     * {@link Builder#maxLength(int)} characters, not an unreplaced macro ({@code __X__}, {@code {X}}, {@code %%X%%}),
     * and whatever the parameter's own rule adds. The message quotes at most 40 characters, escaped, so that it is
     * safe to log.
     */
    public Optional<String> problemWith(CharSequence value) {
        if (value == null || value.length() == 0) {
            return Optional.of("is empty");
        }
        if (value.length() > maxLength) {
            return Optional.of("is " + value.length() + " characters long, more than " + maxLength);
        }
        if (IdRule.isMacro(value)) {
            return Optional.of("is an unreplaced macro, not a click id");
        }
        return rule.problemWith(value);
    }

    /** The longest acceptable value, in characters (after decoding, unless {@link #raw()}). */
    public int maxLength() {
        return maxLength;
    }

    /** The line a click with this parameter belongs to, for this landing request. */
    public Line line(LandingRequest request) {
        return line.apply(request);
    }

    /** Whether the click keeps the URL it landed on (Baidu's {@code logidUrl}, Tencent's {@code url}). */
    public boolean keepsLandingUrl() {
        return keepsLandingUrl;
    }

    /**
     * Whether the value is kept exactly as it arrived, still percent-encoded (Kuaishou's {@code callback}, which
     * must be sent back untouched), instead of decoded once.
     */
    public boolean raw() {
        return raw;
    }

    @Override
    public String toString() {
        return name;
    }

    /** Checks a decoded candidate value beyond length and macros. */
    @FunctionalInterface
    public interface IdRule {

        /** {@code [A-Za-z0-9._-]} only: 360's, Baidu's and Tencent's ids. */
        IdRule TOKEN = value -> {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                        || c == '-' || c == '.')) {
                    return Optional.of("has a character outside [A-Za-z0-9._-] at index " + i);
                }
            }
            return Optional.empty();
        };

        /** What is wrong with the value, or empty. */
        Optional<String> problemWith(CharSequence value);

        /** Whether {@code v} is an unreplaced ad-platform macro: {@code __X__}, {@code {X}} or {@code %%X%%}. */
        static boolean isMacro(CharSequence v) {
            int n = v.length();
            return n >= 4 && v.charAt(0) == '_' && v.charAt(1) == '_' && v.charAt(n - 1) == '_' && v.charAt(n - 2) == '_'
                    || n >= 2 && v.charAt(0) == '{' && v.charAt(n - 1) == '}'
                    || n >= 4 && v.charAt(0) == '%' && v.charAt(1) == '%' && v.charAt(n - 1) == '%'
                            && v.charAt(n - 2) == '%';
        }
    }

    /** Builds a {@link LandingParameter}. */
    public static final class Builder {
        private final String name;
        private int maxLength = DEFAULT_MAX_LENGTH;
        private IdRule rule = IdRule.TOKEN;
        private Function<LandingRequest, Line> line = request -> Line.single();
        private boolean keepsLandingUrl;
        private boolean raw;

        private Builder(String name) {
            if (name == null || !name.matches("[A-Za-z0-9_.-]{1,32}")) {
                throw new IllegalArgumentException("landing parameter name: '" + name + "' is not 1-32 of [A-Za-z0-9_.-]");
            }
            this.name = name;
        }

        /** The longest acceptable value; 1 to 4096, default {@value LandingParameter#DEFAULT_MAX_LENGTH}. */
        public Builder maxLength(int n) {
            if (n < 1 || n > 4096) {
                throw new IllegalArgumentException("maxLength: " + n + " is not between 1 and 4096");
            }
            this.maxLength = n;
            return this;
        }

        /** The rule values must follow; default {@link IdRule#TOKEN}. */
        public Builder rule(IdRule rule) {
            this.rule = Objects.requireNonNull(rule, "rule");
            return this;
        }

        /** Always this line. */
        public Builder line(Line line) {
            Objects.requireNonNull(line, "line");
            this.line = request -> line;
            return this;
        }

        /** The line, decided per landing request (360: PC or mobile search from the User-Agent). */
        public Builder line(Function<LandingRequest, Line> decide) {
            this.line = Objects.requireNonNull(decide, "line");
            return this;
        }

        /** The click keeps its landing URL. */
        public Builder keepsLandingUrl() {
            this.keepsLandingUrl = true;
            return this;
        }

        /** The value is kept as it arrived, still percent-encoded. */
        public Builder raw() {
            this.raw = true;
            return this;
        }

        /** The parameter. */
        public LandingParameter build() {
            return new LandingParameter(this);
        }
    }
}
