package io.qhtrack.platform.tencent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;

/**
 * The unit of {@code action_param.value} ({@code qhtrack.tencent.value-unit}; the spec's open question 3): one of
 * Tencent's industry pages counts in fen ("4000 代表 40 元"), others in yuan ("300 代表 300 元"). qhtrack holds
 * amounts in fen, converted exactly from the yuan the application gave, and writes them in the chosen unit when it
 * sends.
 */
enum ValueUnit {
    /** An integer number of fen, as 360 and Baidu count: 2345 for ¥23.45. The default. */
    FEN("fen"),
    /**
     * Yuan, exactly: a whole amount as an integer, as Tencent's yuan examples write it ({@code 300}); otherwise the
     * decimal with the places it needs ({@code 23.45}, {@code 23.5}), never rounded, so that no fen is lost or made up.
     */
    YUAN("yuan");

    private final String value;

    ValueUnit(String value) {
        this.value = value;
    }

    /** The setting's value for it. */
    String value() {
        return value;
    }

    /**
     * Puts {@code fen} in this unit as {@code node}'s {@code field}: an integer ({@code 2345}, {@code 300}) or, for yuan
     * with fen, the exact decimal ({@code 23.45}).
     */
    void put(ObjectNode node, String field, long fen) {
        if (this == FEN) {
            node.put(field, fen);
        } else if (fen % 100 == 0) {
            node.put(field, fen / 100); // a long: older Jackson versions strip a BigDecimal node, 300 to 3E+2
        } else {
            node.put(field, BigDecimal.valueOf(fen, 2).stripTrailingZeros());
        }
    }
}
