package io.qhtrack.core;

import java.util.EnumSet;
import java.util.Set;

/**
 * The three 360 accounts whose App-Key and secret sign uploads (section 3). PC and mobile search share one.
 * The configuration contract names each with a prefix: {@code qhtrack.search.*}, {@code qhtrack.display.*},
 * {@code qhtrack.mobile.*}.
 */
public enum Account {
    /** 搜索推广: signs {@link ProductLine#PC_SEARCH} and {@link ProductLine#MOBILE_SEARCH}. */
    SEARCH("search", Setting.SEARCH_KEY, Setting.SEARCH_SECRET),
    /** 展示广告: signs {@link ProductLine#DISPLAY}; also supplies {@code jzqs}. */
    DISPLAY("display", Setting.DISPLAY_KEY, Setting.DISPLAY_SECRET),
    /** 移动推广: signs {@link ProductLine#MOBILE_PROMOTION}. */
    MOBILE("mobile", Setting.MOBILE_KEY, Setting.MOBILE_SECRET);

    private final String settingPrefix;
    private final Setting keySetting;
    private final Setting secretSetting;

    Account(String name, Setting keySetting, Setting secretSetting) {
        this.settingPrefix = "qhtrack." + name;
        this.keySetting = keySetting;
        this.secretSetting = secretSetting;
    }

    /** The setting of this account's App-Key, e.g. {@link Setting#SEARCH_KEY}. */
    public Setting keySetting() {
        return keySetting;
    }

    /** The setting of this account's secret, e.g. {@link Setting#SEARCH_SECRET}. */
    public Setting secretSetting() {
        return secretSetting;
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
