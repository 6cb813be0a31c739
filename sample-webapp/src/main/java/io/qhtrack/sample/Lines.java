package io.qhtrack.sample;

import io.qhtrack.core.Click;
import io.qhtrack.core.ProductLine;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How the demo names platforms, product lines and times. */
final class Lines {

    /** Times are shown in China time, the zone of 360's natural days. */
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZONE);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZONE);

    private Lines() {
    }

    /** 360's platform id. */
    static final String QIHOO360 = "qihoo360";

    /** Whether the click came from 360 (it has a 360 product line). */
    static boolean is360(Click click) {
        return QIHOO360.equals(click.platform());
    }

    /** Where a click came from, for people: 360's line, else the platform ({@code 百度营销 Baidu}). */
    static String clickName(Click click) {
        return is360(click) ? click.line().chineseName() : platformName(click.platform());
    }

    /** The click's line for {@code data-line}: 360's {@code data_industry}, else the platform's id. */
    static String clickLine(Click click) {
        return is360(click) ? click.line().wireName() : click.platform();
    }

    /** A platform's name, for people. */
    static String platformName(String platform) {
        switch (platform) {
            case QIHOO360:
                return "360 点睛";
            case "baidu":
                return "百度营销 Baidu";
            case "tencent":
                return "腾讯广告 Tencent";
            default:
                return platform;
        }
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
