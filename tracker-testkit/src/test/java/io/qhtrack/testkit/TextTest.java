package io.qhtrack.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Java 8 stand-ins behave exactly like the Java 11+ methods they replace. */
class TextTest {

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\r\n", "a", " a ", "\u2003x\u2003", "\u00a0x\u00a0", "\u0000x\u0001",
            "\u3000全角\u3000", "x\u001f", "  two words  "})
    void stripAndIsBlankMatchTheJdkMethods(String text) {
        assertThat(Text.strip(text)).isEqualTo(text.strip());
        assertThat(Text.isBlank(text)).isEqualTo(text.isBlank());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "secret + body", "密钥"})
    void hexMatchesHexFormat(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThat(Text.hex(bytes)).isEqualTo(HexFormat.of().formatHex(bytes));
    }
}
