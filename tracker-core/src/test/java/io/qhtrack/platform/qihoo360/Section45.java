package io.qhtrack.platform.qihoo360;

import io.qhtrack.core.ProductLine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Section 4.5 of 360's document, written out again here from the document (not from {@link Event}): the 53
 * events, and for each line the name 360's console shows, or × where the line does not offer the event. The one
 * copy of the table the core's tests check {@link Event} against.
 */
final class Section45 {

    /** The columns, in the document's order: 移动推广, PC 搜索推广, 移动搜索, 展示广告. */
    static final List<ProductLine> COLUMNS = Collections.unmodifiableList(Arrays.asList(ProductLine.MOBILE_PROMOTION,
            ProductLine.PC_SEARCH, ProductLine.MOBILE_SEARCH, ProductLine.DISPLAY));

    /** Not offered. */
    static final String X = "×";

    private static final String TABLE = """
            wire name | 移动推广 | PC 搜索推广 | 移动搜索 | 展示广告
            SUBMIT | 表单提交 | 表单提交 | 表单提交 | 表单提交
            CALL | 电话拨打 | 有效电话拨打 | 有效电话拨打 | 有效电话拨打
            ADVISORY | 咨询 | 一句话咨询 | 一句话咨询 | 一句话咨询
            SITEDOWNLOAD | 页面下载 | 下载按钮点击 | 下载按钮点击 | 下载按钮点击
            SUBMIT_BUTTON | × | 表单按钮点击 | 表单按钮点击 | 表单按钮点击
            ADVISORY_BUTTON | × | 咨询按钮点击 | 咨询按钮点击 | 咨询按钮点击
            CALL_BUTTON | × | 电话按钮点击 | 电话按钮点击 | 电话按钮点击
            SHOP_BUTTON | × | 购买按钮点击 | 购买按钮点击 | 购买按钮点击
            CART_BUTTON | × | 加入购物车按钮点击 | 加入购物车按钮点击 | ×
            ORDER | × | 订单 | 订单 | 订单转化
            REGISTERED | × | 注册 | 注册 | 注册转化
            ROLE_CREAT | × | 创建角色 | 创建角色 | 创建角色
            SITE_VISIT_DEPTH | × | 深度页面访问 | 深度页面访问 | 深度页面访问
            APP_DOWNLOAD | × | × | APP 下载 | ×
            APP_ACTIVATION | × | × | APP 激活 | ×
            APP_RETENTION | × | × | APP 次留 | ×
            APP_PAY | × | × | APP 付费 | ×
            COUSTOMIZE | × | 客户自定义 | 客户自定义 | 客户自定义
            MIDDLE_PAGE | × | 中间页 | 中间页 | 中间页
            REGISTER_BUTTON | × | 注册按钮点击 | 注册按钮点击 | 注册按钮点击
            BROWSE_DEPTH | × | 有效浏览 | 有效浏览 | 有效浏览
            BROWSETIME | × | 浏览时长 | 浏览时长 | 浏览时长
            SCAN_BUTTON | × | 扫码点击 | 扫码点击 | 扫码点击
            ADVISORY_DEPTH | × | 三句话咨询 | 三句话咨询 | 三句话咨询
            LOW_PAY | × | 低价付费 | 低价付费 | 低价付费
            ADD_FANS_WX | × | 微信加粉 | 微信加粉 | 微信加粉
            PAY | × | 付费 | 付费 | 付费
            SCAN_CODE | × | 扫码 | 扫码 | 扫码
            APPLET_STARTUP | × | 小程序调起 | 小程序调起 | 小程序调起
            LOGIN | × | 登录 | 登录 | 登录
            ADD_TO_CART | × | 加购物车 | 加购物车 | 加购物车
            VPPV | × | VPPV | VPPV | VPPV
            INTENTIONAL | × | 有意向 | 有意向 | 有意向
            REAL_NAME | × | 实名 | 实名 | 实名
            RETENTION | × | 次留 | × | 次留
            PLACE_ORDER | × | 订单提交 | 订单提交 | 订单提交
            EFFECTIVE_ADVISORY | × | 有效咨询 | 有效咨询 | 有效咨询
            ORDER_VALIDITY | × | 订单有效性 | 订单有效性 | ×
            ACTIVATION | × | 激活 | × | ×
            DETAILS_PAGE_ARRIVED | × | 详情页到达 | 详情页到达 | 详情页到达
            PAY_SUCCESS | × | 支付成功 | 支付成功 | 支付成功
            STARTUP_APP | × | × | 调起 APP | ×
            CREDIT | × | 授信 | 授信 | 授信
            WX_BUTTON_C | × | 微信复制按钮点击 | 微信复制按钮点击 | 微信复制按钮点击
            CONCEM | × | 关注 | 关注 | 关注
            LEAVE_CONTACT | × | 留联 | 留联 | 留联
            RELEASE | × | 发布 | 发布 | 发布
            TRY_TO_PLAY | × | 试玩 | 试玩 | 试玩
            SUBMIT_RESUME | × | 投递简历 | 投递简历 | 投递简历
            ENTERPRISE_CERTIFICATION | × | 企业认证 | 企业认证 | 企业认证
            VISIT_CLINIC | × | 到诊 | 到诊 | 到诊
            APPLET_PAY | × | × | × | 小程序内付费
            APPLET_ROLE_CREAT | × | × | × | 小程序内创角
            """;

    /** One event: its wire name and its console name per column ({@link #X} where not offered). */
    record Row(String wire, List<String> names) {
        /** Whether {@code line} offers the event. */
        boolean offeredOn(ProductLine line) {
            return !names.get(COLUMNS.indexOf(line)).equals(X);
        }

        /** The console name on {@code line}, or {@link #X}. */
        String nameOn(ProductLine line) {
            return names.get(COLUMNS.indexOf(line));
        }
    }

    static final List<Row> ROWS = parse();

    private Section45() {
    }

    private static List<Row> parse() {
        List<Row> rows = new ArrayList<>();
        for (String line : TABLE.strip().lines().skip(1).toList()) {
            String[] cells = line.split("\\|");
            List<String> names = new ArrayList<>();
            for (int i = 1; i < cells.length; i++) {
                names.add(cells[i].strip());
            }
            rows.add(new Row(cells[0].strip(), List.copyOf(names)));
        }
        return List.copyOf(rows);
    }

    /** Every cell: (wire name, line, offered) — 53 × 4 = 212 arguments. */
    static Stream<Arguments> cells() {
        return ROWS.stream().flatMap(r -> COLUMNS.stream().map(l -> Arguments.of(r.wire(), l, r.offeredOn(l))));
    }

    /** Every row: (wire name, the four console names). */
    static Stream<Arguments> rows() {
        return ROWS.stream().map(r -> Arguments.of(r.wire(), r.names().get(0), r.names().get(1), r.names().get(2),
                r.names().get(3)));
    }
}
