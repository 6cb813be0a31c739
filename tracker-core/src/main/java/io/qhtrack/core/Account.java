package io.qhtrack.core;

import java.util.EnumSet;
import java.util.Set;

/**
 * The three 360 accounts whose App-Key and secret sign uploads (section 3). PC and mobile search share one.
 * The configuration contract names each with a prefix: {@code qhtrack.search.*}, {@code qhtrack.display.*},
 * {@code qhtrack.mobile.*} (settings of the 360 platform, {@code io.qhtrack.platform.qihoo360}). Kept for 360 users'
 * code ({@link Credentials}).
 */
public enum Account {
    /** 搜索推广: signs {@link ProductLine#PC_SEARCH} and {@link ProductLine#MOBILE_SEARCH}. */
    SEARCH("search"),
    /** 展示广告: signs {@link ProductLine#DISPLAY}; also supplies {@code jzqs}. */
    DISPLAY("display"),
    /** 移动推广: signs {@link ProductLine#MOBILE_PROMOTION}. */
    MOBILE("mobile");

    private final String settingPrefix;

    Account(String name) {
        this.settingPrefix = "qhtrack." + name;
    }

    /** The setting of this account's App-Key, e.g. {@code qhtrack.search.key}. */
    public String keySetting() {
        return settingPrefix + ".key";
    }

    /** The setting of this account's secret, e.g. {@code qhtrack.search.secret}. */
    public String secretSetting() {
        return settingPrefix + ".secret";
    }

    /** The configuration prefix, e.g. {@code qhtrack.search} for {@code qhtrack.search.key}. */
    public String settingPrefix() {
        return settingPrefix;
    }

    /** The lines this account signs. */
    public Set<ProductLine> lines() {
        Set<ProductLine> lines = EnumSet.noneOf(ProductLine.class);
        for (ProductLine line : ProductLine.values()) {
            if (line.account() == this) {
                lines.add(line);
            }
        }
        return lines;
    }
}
