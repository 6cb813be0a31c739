package io.qhtrack.testkit;

import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The 53 conversion types of 360's document, section 4.5 (转化类型参数值), transcribed row by row.
 *
 * <p>Each constant carries the description column and the Chinese conversion name of each product line, in
 * the table's column order (移动推广, PC 搜索, 移动搜索, 展示广告); {@code null} stands for the table's "×": the
 * line does not offer the event. The constant names are 360's wire names, misspellings included
 * ({@code COUSTOMIZE}, {@code ROLE_CREAT}, {@code CONCEM}, {@code APPLET_ROLE_CREAT}).
 *
 * <p>Written independently of tracker-core on purpose: Fake360 exists to catch tracker-core's mistakes.
 */
enum EventType {
    // wire name (转化类型描述, 移动推广, PC 搜索, 移动搜索, 展示广告)
    SUBMIT("成功提交表单内容", "表单提交", "表单提交", "表单提交", "表单提交"),
    CALL("有效电话拨打", "电话拨打", "有效电话拨打", "有效电话拨打", "有效电话拨打"),
    ADVISORY("访客发起一次对话", "咨询", "一句话咨询", "一句话咨询", "一句话咨询"),
    SITEDOWNLOAD("点击页面下载按钮", "页面下载", "下载按钮点击", "下载按钮点击", "下载按钮点击"),
    SUBMIT_BUTTON("点击页面表单按钮", null, "表单按钮点击", "表单按钮点击", "表单按钮点击"),
    ADVISORY_BUTTON("点击页面咨询按钮", null, "咨询按钮点击", "咨询按钮点击", "咨询按钮点击"),
    CALL_BUTTON("点击页面电话按钮", null, "电话按钮点击", "电话按钮点击", "电话按钮点击"),
    SHOP_BUTTON("点击页面购买按钮", null, "购买按钮点击", "购买按钮点击", "购买按钮点击"),
    CART_BUTTON("点击页面加入购物车按钮", null, "加入购物车按钮点击", "加入购物车按钮点击", null),
    ORDER("成功产生一次订单", null, "订单", "订单", "订单转化"),
    REGISTERED("成功产生一次注册", null, "注册", "注册", "注册转化"),
    ROLE_CREAT("成功创建一个游戏角色", null, "创建角色", "创建角色", "创建角色"),
    SITE_VISIT_DEPTH("网民经由广告进入客户推广落地页, 访问深度≥3", null, "深度页面访问", "深度页面访问", "深度页面访问"),
    APP_DOWNLOAD("APP 下载完成", null, null, "APP 下载", null),
    APP_ACTIVATION("APP 激活", null, null, "APP 激活", null),
    APP_RETENTION("APP 次日留存量", null, null, "APP 次留", null),
    APP_PAY("APP 付费", null, null, "APP 付费", null),
    COUSTOMIZE("客户自定义类型", null, "客户自定义", "客户自定义", "客户自定义"),
    MIDDLE_PAGE("扫描 PC 页面二维码进入移动中间页", null, "中间页", "中间页", "中间页"),
    REGISTER_BUTTON("点击页面注册按钮", null, "注册按钮点击", "注册按钮点击", "注册按钮点击"),
    BROWSE_DEPTH("页面浏览完成, 到达指定位置", null, "有效浏览", "有效浏览", "有效浏览"),
    BROWSETIME("用户浏览时长大于等于定义值 时计入一次转化", null, "浏览时长", "浏览时长", "浏览时长"),
    SCAN_BUTTON("点击页面扫码按钮", null, "扫码点击", "扫码点击", "扫码点击"),
    ADVISORY_DEPTH("一次咨询对话中, 用户发出大于等于 3 条内容", null, "三句话咨询", "三句话咨询", "三句话咨询"),
    LOW_PAY("低价订单付费", null, "低价付费", "低价付费", "低价付费"),
    ADD_FANS_WX("微信加粉", null, "微信加粉", "微信加粉", "微信加粉"),
    PAY("正式订单付费", null, "付费", "付费", "付费"),
    SCAN_CODE("用户进行扫码行为", null, "扫码", "扫码", "扫码"),
    APPLET_STARTUP("用户点广告打开微信小程序", null, "小程序调起", "小程序调起", "小程序调起"),
    LOGIN("通过账号, 登录平台", null, "登录", "登录", "登录"),
    ADD_TO_CART("将商品添加到购物车", null, "加购物车", "加购物车", "加购物车"),
    VPPV("深度页面访问", null, "VPPV", "VPPV", "VPPV"),
    INTENTIONAL("用户产生消费意向", null, "有意向", "有意向", "有意向"),
    REAL_NAME("用户实名认证", null, "实名", "实名", "实名"),
    RETENTION("次日留存", null, "次留", null, "次留"),
    PLACE_ORDER("订单提交", null, "订单提交", "订单提交", "订单提交"),
    EFFECTIVE_ADVISORY("产生有效的咨询行为", null, "有效咨询", "有效咨询", "有效咨询"),
    ORDER_VALIDITY("确认为有效的订单", null, "订单有效性", "订单有效性", null),
    ACTIVATION("程序激活", null, "激活", null, null),
    DETAILS_PAGE_ARRIVED("详情页到达", null, "详情页到达", "详情页到达", "详情页到达"),
    PAY_SUCCESS("支付成功", null, "支付成功", "支付成功", "支付成功"),
    STARTUP_APP("调起 APP", null, null, "调起 APP", null),
    CREDIT("用户小额贷款申请通过", null, "授信", "授信", "授信"),
    WX_BUTTON_C("微信复制按钮点击", null, "微信复制按钮点击", "微信复制按钮点击", "微信复制按钮点击"),
    CONCEM("关注", null, "关注", "关注", "关注"),
    LEAVE_CONTACT("留下联系方式", null, "留联", "留联", "留联"),
    RELEASE("发布招聘职位等相关信息", null, "发布", "发布", "发布"),
    TRY_TO_PLAY("进行游戏试玩", null, "试玩", "试玩", "试玩"),
    SUBMIT_RESUME("投递简历", null, "投递简历", "投递简历", "投递简历"),
    ENTERPRISE_CERTIFICATION("企业提交资质进行平台认证", null, "企业认证", "企业认证", "企业认证"),
    VISIT_CLINIC("客户预约后到医院就诊", null, "到诊", "到诊", "到诊"),
    APPLET_PAY("在小程序游戏内充值", null, null, null, "小程序内付费"),
    APPLET_ROLE_CREAT("在小程序游戏内创建角色", null, null, null, "小程序内创角");

    /** Events whose {@code event_param.value} (order amount in fen) the document allows (section 4.4). */
    static final Set<EventType> VALUE_EVENTS = EnumSet.of(ORDER, LOW_PAY, APP_PAY, PAY_SUCCESS, PAY);

    /** Events whose {@code event_param.urtime} (user registration time) the document allows (section 4.4). */
    static final Set<EventType> URTIME_EVENTS = EnumSet.of(ORDER, COUSTOMIZE);

    /** Events for which web, PC search and mobile search require a {@code trans_id} (section 4.4). */
    static final Set<EventType> TRANS_ID_EVENTS = EnumSet.of(SUBMIT, ORDER);

    private static final Map<String, EventType> BY_WIRE_NAME = byWireName();

    /** Spellings a careful programmer "fixes" by mistake, mapped to the wire name 360 actually uses. */
    private static final Map<String, EventType> CORRECTED_SPELLINGS = correctedSpellings();

    private final String description;
    private final String[] namesByLine;

    EventType(String description, String web, String ps, String ms, String zs) {
        this.description = description;
        this.namesByLine = new String[] {web, ps, ms, zs};
    }

    private static Map<String, EventType> byWireName() {
        Map<String, EventType> map = new HashMap<>();
        for (EventType event : values()) {
            map.put(event.name(), event);
        }
        return Collections.unmodifiableMap(map);
    }

    private static Map<String, EventType> correctedSpellings() {
        Map<String, EventType> map = new HashMap<>();
        map.put("CUSTOMIZE", COUSTOMIZE);
        map.put("ROLE_CREATE", ROLE_CREAT);
        map.put("CONCERN", CONCEM);
        map.put("APPLET_ROLE_CREATE", APPLET_ROLE_CREAT);
        return Collections.unmodifiableMap(map);
    }

    /** Whether the line offers this event: its cell in section 4.5 is not "×". */
    boolean offeredOn(Line line) {
        return namesByLine[line.ordinal()] != null;
    }

    /** The lines that offer this event, in table order. */
    Set<Line> lines() {
        Set<Line> lines = EnumSet.noneOf(Line.class);
        for (Line line : Line.values()) {
            if (offeredOn(line)) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** The wire name and its description, e.g. {@code CART_BUTTON (点击页面加入购物车按钮)}. */
    String describe() {
        return name() + " (" + description + ")";
    }

    /** The event whose wire name is exactly {@code name} (case-sensitive, as 360 compares it). */
    static Optional<EventType> ofWireName(String name) {
        return Optional.ofNullable(BY_WIRE_NAME.get(name));
    }

    /**
     * A hint for a name that is not a wire name but looks like one: a different case, or a spelling
     * corrected away from 360's.
     */
    static Optional<String> hintFor(String name) {
        EventType corrected = CORRECTED_SPELLINGS.get(name.toUpperCase(Locale.ROOT));
        if (corrected != null) {
            return Optional.of("360 spells it " + corrected.name());
        }
        EventType sameLetters = BY_WIRE_NAME.get(name.toUpperCase(Locale.ROOT));
        if (sameLetters != null) {
            return Optional.of("event names are case-sensitive: did you mean " + sameLetters.name() + "?");
        }
        return Optional.empty();
    }
}
