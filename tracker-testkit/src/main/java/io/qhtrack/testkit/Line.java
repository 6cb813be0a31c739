package io.qhtrack.testkit;

import java.util.Arrays;
import java.util.Optional;

/**
 * The four product lines of 360 Dianjing, as named by {@code data.data_industry} (document section 4.4).
 *
 * <p>Declared in the column order of the event table in section 4.5: 移动推广, PC 搜索, 移动搜索, 展示广告.
 */
enum Line {
    WEB("ocpc_web_convert", "移动推广"),
    PS("ocpc_ps_convert", "PC 搜索推广"),
    MS("ocpc_ms_convert", "移动搜索"),
    ZS("ocpc_zs_convert", "展示广告");

    private final String dataIndustry;
    private final String chineseName;

    Line(String dataIndustry, String chineseName) {
        this.dataIndustry = dataIndustry;
        this.chineseName = chineseName;
    }

    /** The wire value of {@code data.data_industry}. */
    String dataIndustry() {
        return dataIndustry;
    }

    /** The wire value followed by the name 360's console uses, e.g. {@code ocpc_zs_convert (展示广告)}. */
    String describe() {
        return dataIndustry + " (" + chineseName + ")";
    }

    /** The line whose {@code data_industry} is exactly {@code value}, if any. */
    static Optional<Line> ofDataIndustry(String value) {
        return Arrays.stream(values()).filter(line -> line.dataIndustry.equals(value)).findFirst();
    }

    @Override
    public String toString() {
        return dataIndustry;
    }
}
