package io.qhtrack.core;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The 53 conversion types of section 4.5, with the product lines that offer each and the name 360's console shows
 * for it on each line. This enum <em>is</em> that table: validation, payload building, the CLI and the docs all
 * read it from here.
 *
 * <p>Java names are 360's wire names except where 360 misspells: {@link #CUSTOMIZE} ({@code COUSTOMIZE}),
 * {@link #ROLE_CREATE} ({@code ROLE_CREAT}), {@link #CONCERN} ({@code CONCEM}) and {@link #APPLET_ROLE_CREATE}
 * ({@code APPLET_ROLE_CREAT}). The wire name is always what is sent; {@link #find(String)} accepts both.
 */
public enum Event {
    //                    wire name                  description (转化类型描述)            移动推广    PC 搜索      移动搜索      展示广告
    SUBMIT("SUBMIT", "成功提交表单内容", "表单提交", "表单提交", "表单提交", "表单提交"),
    CALL("CALL", "有效电话拨打", "电话拨打", "有效电话拨打", "有效电话拨打", "有效电话拨打"),
    ADVISORY("ADVISORY", "访客发起一次对话", "咨询", "一句话咨询", "一句话咨询", "一句话咨询"),
    SITEDOWNLOAD("SITEDOWNLOAD", "点击页面下载按钮", "页面下载", "下载按钮点击", "下载按钮点击", "下载按钮点击"),
    SUBMIT_BUTTON("SUBMIT_BUTTON", "点击页面表单按钮", Event.X, "表单按钮点击", "表单按钮点击", "表单按钮点击"),
    ADVISORY_BUTTON("ADVISORY_BUTTON", "点击页面咨询按钮", Event.X, "咨询按钮点击", "咨询按钮点击", "咨询按钮点击"),
    CALL_BUTTON("CALL_BUTTON", "点击页面电话按钮", Event.X, "电话按钮点击", "电话按钮点击", "电话按钮点击"),
    SHOP_BUTTON("SHOP_BUTTON", "点击页面购买按钮", Event.X, "购买按钮点击", "购买按钮点击", "购买按钮点击"),
    CART_BUTTON("CART_BUTTON", "点击页面加入购物车按钮", Event.X, "加入购物车按钮点击", "加入购物车按钮点击", Event.X),
    ORDER("ORDER", "成功产生一次订单", Event.X, "订单", "订单", "订单转化"),
    REGISTERED("REGISTERED", "成功产生一次注册", Event.X, "注册", "注册", "注册转化"),
    ROLE_CREATE("ROLE_CREAT", "成功创建一个游戏角色", Event.X, "创建角色", "创建角色", "创建角色"),
    SITE_VISIT_DEPTH("SITE_VISIT_DEPTH", "网民经由广告进入客户推广落地页, 访问深度≥3", Event.X, "深度页面访问", "深度页面访问", "深度页面访问"),
    APP_DOWNLOAD("APP_DOWNLOAD", "APP 下载完成", Event.X, Event.X, "APP 下载", Event.X),
    APP_ACTIVATION("APP_ACTIVATION", "APP 激活", Event.X, Event.X, "APP 激活", Event.X),
    APP_RETENTION("APP_RETENTION", "APP 次日留存量", Event.X, Event.X, "APP 次留", Event.X),
    APP_PAY("APP_PAY", "APP 付费", Event.X, Event.X, "APP 付费", Event.X),
    CUSTOMIZE("COUSTOMIZE", "客户自定义类型", Event.X, "客户自定义", "客户自定义", "客户自定义"),
    MIDDLE_PAGE("MIDDLE_PAGE", "扫描 PC 页面二维码进入移动中间页", Event.X, "中间页", "中间页", "中间页"),
    REGISTER_BUTTON("REGISTER_BUTTON", "点击页面注册按钮", Event.X, "注册按钮点击", "注册按钮点击", "注册按钮点击"),
    BROWSE_DEPTH("BROWSE_DEPTH", "页面浏览完成, 到达指定位置", Event.X, "有效浏览", "有效浏览", "有效浏览"),
    BROWSETIME("BROWSETIME", "用户浏览时长大于等于定义值时计入一次转化", Event.X, "浏览时长", "浏览时长", "浏览时长"),
    SCAN_BUTTON("SCAN_BUTTON", "点击页面扫码按钮", Event.X, "扫码点击", "扫码点击", "扫码点击"),
    ADVISORY_DEPTH("ADVISORY_DEPTH", "一次咨询对话中, 用户发出大于等于 3 条内容", Event.X, "三句话咨询", "三句话咨询", "三句话咨询"),
    LOW_PAY("LOW_PAY", "低价订单付费", Event.X, "低价付费", "低价付费", "低价付费"),
    ADD_FANS_WX("ADD_FANS_WX", "微信加粉", Event.X, "微信加粉", "微信加粉", "微信加粉"),
    PAY("PAY", "正式订单付费", Event.X, "付费", "付费", "付费"),
    SCAN_CODE("SCAN_CODE", "用户进行扫码行为", Event.X, "扫码", "扫码", "扫码"),
    APPLET_STARTUP("APPLET_STARTUP", "用户点广告打开微信小程序", Event.X, "小程序调起", "小程序调起", "小程序调起"),
    LOGIN("LOGIN", "通过账号, 登录平台", Event.X, "登录", "登录", "登录"),
    ADD_TO_CART("ADD_TO_CART", "将商品添加到购物车", Event.X, "加购物车", "加购物车", "加购物车"),
    VPPV("VPPV", "深度页面访问", Event.X, "VPPV", "VPPV", "VPPV"),
    INTENTIONAL("INTENTIONAL", "用户产生消费意向", Event.X, "有意向", "有意向", "有意向"),
    REAL_NAME("REAL_NAME", "用户实名认证", Event.X, "实名", "实名", "实名"),
    RETENTION("RETENTION", "次日留存", Event.X, "次留", Event.X, "次留"),
    PLACE_ORDER("PLACE_ORDER", "订单提交", Event.X, "订单提交", "订单提交", "订单提交"),
    EFFECTIVE_ADVISORY("EFFECTIVE_ADVISORY", "产生有效的咨询行为", Event.X, "有效咨询", "有效咨询", "有效咨询"),
    ORDER_VALIDITY("ORDER_VALIDITY", "确认为有效的订单", Event.X, "订单有效性", "订单有效性", Event.X),
    ACTIVATION("ACTIVATION", "程序激活", Event.X, "激活", Event.X, Event.X),
    DETAILS_PAGE_ARRIVED("DETAILS_PAGE_ARRIVED", "详情页到达", Event.X, "详情页到达", "详情页到达", "详情页到达"),
    PAY_SUCCESS("PAY_SUCCESS", "支付成功", Event.X, "支付成功", "支付成功", "支付成功"),
    STARTUP_APP("STARTUP_APP", "调起 APP", Event.X, Event.X, "调起 APP", Event.X),
    CREDIT("CREDIT", "用户小额贷款申请通过", Event.X, "授信", "授信", "授信"),
    WX_BUTTON_C("WX_BUTTON_C", "微信复制按钮点击", Event.X, "微信复制按钮点击", "微信复制按钮点击", "微信复制按钮点击"),
    CONCERN("CONCEM", "关注", Event.X, "关注", "关注", "关注"),
    LEAVE_CONTACT("LEAVE_CONTACT", "留下联系方式", Event.X, "留联", "留联", "留联"),
    RELEASE("RELEASE", "发布招聘职位等相关信息", Event.X, "发布", "发布", "发布"),
    TRY_TO_PLAY("TRY_TO_PLAY", "进行游戏试玩", Event.X, "试玩", "试玩", "试玩"),
    SUBMIT_RESUME("SUBMIT_RESUME", "投递简历", Event.X, "投递简历", "投递简历", "投递简历"),
    ENTERPRISE_CERTIFICATION("ENTERPRISE_CERTIFICATION", "企业提交资质进行平台认证", Event.X, "企业认证", "企业认证", "企业认证"),
    VISIT_CLINIC("VISIT_CLINIC", "客户预约后到医院就诊", Event.X, "到诊", "到诊", "到诊"),
    APPLET_PAY("APPLET_PAY", "在小程序游戏内充值", Event.X, Event.X, Event.X, "小程序内付费"),
    APPLET_ROLE_CREATE("APPLET_ROLE_CREAT", "在小程序游戏内创建角色", Event.X, Event.X, Event.X, "小程序内创角");

    /** A cell of section 4.5 that holds ×: the line does not offer the event. */
    private static final String X = "×";

    private static final Map<String, Event> BY_NAME = new HashMap<>();

    static {
        for (Event e : values()) {
            BY_NAME.put(e.wireName, e);
            BY_NAME.put(e.name(), e);
        }
    }

    private final String wireName;
    private final String description;
    private final Map<ProductLine, String> consoleNames;

    Event(String wireName, String description, String web, String ps, String ms, String zs) {
        this.wireName = wireName;
        this.description = description;
        Map<ProductLine, String> names = new EnumMap<>(ProductLine.class);
        putIfOffered(names, ProductLine.MOBILE_PROMOTION, web);
        putIfOffered(names, ProductLine.PC_SEARCH, ps);
        putIfOffered(names, ProductLine.MOBILE_SEARCH, ms);
        putIfOffered(names, ProductLine.DISPLAY, zs);
        this.consoleNames = Collections.unmodifiableMap(names);
    }

    private static void putIfOffered(Map<ProductLine, String> names, ProductLine line, String name) {
        if (!X.equals(name)) {
            names.put(line, name);
        }
    }

    /** The value of {@code data_detail.event}, spelled exactly as 360 does. */
    public String wireName() {
        return wireName;
    }

    /** 360's description of the event (转化类型描述). */
    public String description() {
        return description;
    }

    /** Whether the line offers this event (a name in its column of section 4.5 rather than ×). */
    public boolean isOfferedOn(ProductLine line) {
        return consoleNames.containsKey(line);
    }

    /** The lines that offer this event. */
    public Set<ProductLine> lines() {
        return consoleNames.isEmpty() ? EnumSet.noneOf(ProductLine.class) : EnumSet.copyOf(consoleNames.keySet());
    }

    /** The conversion name 360's console shows for this event on the line, e.g. 订单转化 for ORDER on display. */
    public Optional<String> consoleName(ProductLine line) {
        return Optional.ofNullable(consoleNames.get(line));
    }

    /**
     * Finds an event by its wire name ({@code COUSTOMIZE}) or Java name ({@code CUSTOMIZE}), ignoring case and
     * surrounding white space.
     */
    public static Optional<Event> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_NAME.get(name.trim().toUpperCase(Locale.ROOT)));
    }
}
