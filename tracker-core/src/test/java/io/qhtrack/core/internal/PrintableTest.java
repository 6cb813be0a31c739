package io.qhtrack.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrintableTest {

    @ParameterizedTest(name = "U+{0} is printed as {1}")
    @CsvSource({
        "000A, \\u000a",
        "000D, \\u000d",
        "0009, \\u0009",
        "0000, \\u0000",
        "001B, \\u001b",
        "007F, \\u007f",
        "0085, \\u0085",
        "2028, \\u2028",
        "2029, \\u2029",
        "202E, \\u202e",
        "202A, \\u202a",
        "2066, \\u2066",
        "2069, \\u2069",
        "200B, \\u200b",
        "200E, \\u200e",
        "FEFF, \\ufeff",
        "D800, \\ud800",
        "DC00, \\udc00",
    })
    void aCharacterThatCouldForgeOrReorderALineIsEscaped(String hex, String expected) {
        String c = String.valueOf((char) Integer.parseInt(hex, 16));

        assertThat(Printable.of("a" + c + "b")).isEqualTo("a" + expected + "b");
    }

    @Test
    void ordinaryTextChineseAndEmojiAreKeptAsTheyAre() {
        String text = "张三 order A-1001 /lead?x=1 \"quoted\" 😀 é";

        assertThat(Printable.of(text)).isSameAs(text);
    }

    @Test
    void aBackslashIsDoubledSoThatAnEscapeAlwaysMeansOne() {
        assertThat(Printable.of("C:\\new\n")).isEqualTo("C:\\\\new\\u000a");
    }

    @Test
    void aForgedLogLineStaysOnOneLine() {
        String forged = "x\r\nINFO qhtrack: delivered 9999 conversions\u2028fake";

        assertThat(Printable.of(forged)).doesNotContain("\n", "\r", "\u2028")
                .isEqualTo("x\\u000d\\u000aINFO qhtrack: delivered 9999 conversions\\u2028fake");
    }

    @Test
    void longTextIsCutWithAnEllipsisNeverInsideASurrogatePair() {
        assertThat(Printable.of("abcdef", 3)).isEqualTo("abc…");
        assertThat(Printable.of("ab😀cd", 3)).isEqualTo("ab…");
        assertThat(Printable.of("a\nbcdefgh", 8)).isEqualTo("a\\u000ab…");
        assertThat(Printable.of("abc", 3)).isEqualTo("abc");
    }

    @Test
    void quotedWrapsTheEscapedValue() {
        assertThat(Printable.quoted("a\nb", 10)).isEqualTo("'a\\u000ab'");
        assertThat(Printable.quoted(null, 10)).isEqualTo("null");
    }

    @Test
    void nullAndANegativeLengthAreHandled() {
        assertThat(Printable.of(null)).isEqualTo("null");
        assertThatThrownBy(() -> Printable.of("x", -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxChars");
    }
}
