package io.qhtrack.sample;

import io.qhtrack.core.ProductLine;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How the demo names product lines and times. */
final class Lines {

    /** Times are shown in China time, the zone of 360's natural days. */
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZONE);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZONE);

    private Lines() {
    }

    /** The line's English name. */
    static String english(ProductLine line) {
        switch (line) {
            case PC_SEARCH:
                return "PC search";
            case MOBILE_SEARCH:
                return "Mobile search";
            case DISPLAY:
                return "Display ads";
            default:
                return "Mobile promotion";
        }
    }

    /** The line for a {@code data_industry} value, if it is one. */
    static ProductLine byWireName(String dataIndustry) {
        return dataIndustry == null ? null : ProductLine.find(dataIndustry).orElse(null);
    }

    /** {@code HH:mm:ss}, China time. */
    static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    /** {@code MM-dd HH:mm:ss}, China time. */
    static String dateTime(Instant instant) {
        return instant == null ? "" : DATE_TIME.format(instant);
    }
}
