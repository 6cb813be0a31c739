package io.qhtrack.filter;

import io.qhtrack.core.internal.Printable;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * A seeded source of random inputs for property-style fuzz tests: each test draws {@link #TRIES} inputs from one seed
 * and names the seed and the input in every failure, so that {@code -Dqhtrack.fuzz.seed=…} replays it exactly.
 * {@code -Dqhtrack.fuzz.tries=…} runs more (or fewer) tries.
 */
final class Fuzz {

    /** Inputs drawn per test. */
    static final int TRIES = Integer.getInteger("qhtrack.fuzz.tries", 150);

    private final long seed;
    private final Random random;

    private Fuzz(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
    }

    /** A source seeded from {@code qhtrack.fuzz.seed}, or at random. */
    static Fuzz seeded() {
        Long fixed = Long.getLong("qhtrack.fuzz.seed");
        return new Fuzz(fixed != null ? fixed : new SecureRandom().nextLong());
    }

    /** One of {@code choices}. */
    @SafeVarargs
    final <T> T oneOf(T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    /** The value of one of {@code generators}. */
    @SafeVarargs
    final <T> T anyOf(Supplier<? extends T>... generators) {
        return generators[random.nextInt(generators.length)].get();
    }

    boolean bool() {
        return random.nextBoolean();
    }

    /** A whole number in [{@code min}, {@code max}]. */
    long between(long min, long max) {
        return min + (long) (random.nextDouble() * (max - min + 1));
    }

    /** {@code min} to {@code max} characters drawn from {@code alphabet}. */
    String charsOf(String alphabet, int min, int max) {
        int n = (int) between(min, max);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** {@code min} to {@code max} characters in [{@code from}, {@code to}]. */
    String charsBetween(char from, char to, int min, int max) {
        int n = (int) between(min, max);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) (from + random.nextInt(to - from + 1)));
        }
        return sb.toString();
    }

    /** Up to {@code max} UTF-16 code units of any kind: controls, Chinese, bidi overrides, lone surrogates. */
    String anyText(int max) {
        int n = (int) between(0, max);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            switch (random.nextInt(4)) {
                case 0:
                    sb.append((char) random.nextInt(0x80));
                    break;
                case 1:
                    sb.append(oneOf('\u202e', '\u2028', '\u0085', '\ufeff', '\ud800', '\udc00', '\u0000', '\r', '\n'));
                    break;
                case 2:
                    sb.append((char) (0x4e00 + random.nextInt(0x5000)));
                    break;
                default:
                    sb.append((char) random.nextInt(0x10000));
            }
        }
        return sb.toString();
    }

    /** {@code min} to {@code max} values of {@code element}. */
    <T> List<T> listOf(Supplier<T> element, int min, int max) {
        int n = (int) between(min, max);
        List<T> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(element.get());
        }
        return list;
    }

    /** What to say about {@code input} when a try fails: the seed to replay it, and the input itself, escaped. */
    String failing(String input) {
        return "seed " + seed + " (replay with -Dqhtrack.fuzz.seed=" + seed + "), input: " + Printable.of(input, 4000);
    }
}
