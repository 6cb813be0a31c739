package io.qhtrack.platform.qihoo360;

import io.qhtrack.core.Event;
import io.qhtrack.core.spi.EventCatalog;
import io.qhtrack.core.spi.Line;
import io.qhtrack.core.spi.PlatformEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The 53 conversion types of section 4.5, with the product lines that offer each and the name 360's console shows for
 * it on each line. This enum <em>is</em> that table: validation, payload building, the CLI and the docs all read it
 * from here (and the testkit's independent copy is checked against it cell by cell).
 *
 * <p>qhtrack's common conversions ({@link Event}) are 360's events, one for one: each constant has the name of its
 * {@code Event}. The wire name is what is sent; it differs where 360 misspells: {@code COUSTOMIZE} ({@code CUSTOMIZE}),
 * {@code ROLE_CREAT} ({@code ROLE_CREATE}), {@code CONCEM} ({@code CONCERN}) and {@code APPLET_ROLE_CREAT}
 * ({@code APPLET_ROLE_CREATE}).
 */
enum Qihoo360Events {
    //                    wire name                  description (转化类型描述)            移动推广    PC 搜索      移动搜索      展示广告
    SUBMIT("SUBMIT", "成功提交表单内容", "表单提交", "表单提交", "表单提交", "表单提交"),
    CALL("CALL", "有效电话拨打", "电话拨打", "有效电话拨打", "有效电话拨打", "有效电话拨打"),
    ADVISORY("ADVISORY", "访客发起一次对话", "咨询", "一句话咨询", "一句话咨询", "一句话咨询"),
    SITEDOWNLOAD("SITEDOWNLOAD", "点击页面下载按钮", "页面下载", "下载按钮点击", "下载按钮点击", "下载按钮点击"),
    SUBMIT_BUTTON("SUBMIT_BUTTON", "点击页面表单按钮", Qihoo360Events.X, "表单按钮点击", "表单按钮点击", "表单按钮点击"),
    ADVISORY_BUTTON("ADVISORY_BUTTON", "点击页面咨询按钮", Qihoo360Events.X, "咨询按钮点击", "咨询按钮点击", "咨询按钮点击"),
    CALL_BUTTON("CALL_BUTTON", "点击页面电话按钮", Qihoo360Events.X, "电话按钮点击", "电话按钮点击", "电话按钮点击"),
    SHOP_BUTTON("SHOP_BUTTON", "点击页面购买按钮", Qihoo360Events.X, "购买按钮点击", "购买按钮点击", "购买按钮点击"),
    CART_BUTTON("CART_BUTTON", "点击页面加入购物车按钮", Qihoo360Events.X, "加入购物车按钮点击", "加入购物车按钮点击", Qihoo360Events.X),
    ORDER("ORDER", "成功产生一次订单", Qihoo360Events.X, "订单", "订单", "订单转化"),
    REGISTERED("REGISTERED", "成功产生一次注册", Qihoo360Events.X, "注册", "注册", "注册转化"),
    ROLE_CREATE("ROLE_CREAT", "成功创建一个游戏角色", Qihoo360Events.X, "创建角色", "创建角色", "创建角色"),
    SITE_VISIT_DEPTH("SITE_VISIT_DEPTH", "网民经由广告进入客户推广落地页, 访问深度≥3", Qihoo360Events.X, "深度页面访问", "深度页面访问", "深度页面访问"),
    APP_DOWNLOAD("APP_DOWNLOAD", "APP 下载完成", Qihoo360Events.X, Qihoo360Events.X, "APP 下载", Qihoo360Events.X),
    APP_ACTIVATION("APP_ACTIVATION", "APP 激活", Qihoo360Events.X, Qihoo360Events.X, "APP 激活", Qihoo360Events.X),
    APP_RETENTION("APP_RETENTION", "APP 次日留存量", Qihoo360Events.X, Qihoo360Events.X, "APP 次留", Qihoo360Events.X),
    APP_PAY("APP_PAY", "APP 付费", Qihoo360Events.X, Qihoo360Events.X, "APP 付费", Qihoo360Events.X),
    CUSTOMIZE("COUSTOMIZE", "客户自定义类型", Qihoo360Events.X, "客户自定义", "客户自定义", "客户自定义"),
    MIDDLE_PAGE("MIDDLE_PAGE", "扫描 PC 页面二维码进入移动中间页", Qihoo360Events.X, "中间页", "中间页", "中间页"),
    REGISTER_BUTTON("REGISTER_BUTTON", "点击页面注册按钮", Qihoo360Events.X, "注册按钮点击", "注册按钮点击", "注册按钮点击"),
    BROWSE_DEPTH("BROWSE_DEPTH", "页面浏览完成, 到达指定位置", Qihoo360Events.X, "有效浏览", "有效浏览", "有效浏览"),
    BROWSETIME("BROWSETIME", "用户浏览时长大于等于定义值时计入一次转化", Qihoo360Events.X, "浏览时长", "浏览时长", "浏览时长"),
    SCAN_BUTTON("SCAN_BUTTON", "点击页面扫码按钮", Qihoo360Events.X, "扫码点击", "扫码点击", "扫码点击"),
    ADVISORY_DEPTH("ADVISORY_DEPTH", "一次咨询对话中, 用户发出大于等于 3 条内容", Qihoo360Events.X, "三句话咨询", "三句话咨询", "三句话咨询"),
    LOW_PAY("LOW_PAY", "低价订单付费", Qihoo360Events.X, "低价付费", "低价付费", "低价付费"),
    ADD_FANS_WX("ADD_FANS_WX", "微信加粉", Qihoo360Events.X, "微信加粉", "微信加粉", "微信加粉"),
    PAY("PAY", "正式订单付费", Qihoo360Events.X, "付费", "付费", "付费"),
    SCAN_CODE("SCAN_CODE", "用户进行扫码行为", Qihoo360Events.X, "扫码", "扫码", "扫码"),
    APPLET_STARTUP("APPLET_STARTUP", "用户点广告打开微信小程序", Qihoo360Events.X, "小程序调起", "小程序调起", "小程序调起"),
    LOGIN("LOGIN", "通过账号, 登录平台", Qihoo360Events.X, "登录", "登录", "登录"),
    ADD_TO_CART("ADD_TO_CART", "将商品添加到购物车", Qihoo360Events.X, "加购物车", "加购物车", "加购物车"),
    VPPV("VPPV", "深度页面访问", Qihoo360Events.X, "VPPV", "VPPV", "VPPV"),
    INTENTIONAL("INTENTIONAL", "用户产生消费意向", Qihoo360Events.X, "有意向", "有意向", "有意向"),
    REAL_NAME("REAL_NAME", "用户实名认证", Qihoo360Events.X, "实名", "实名", "实名"),
    RETENTION("RETENTION", "次日留存", Qihoo360Events.X, "次留", Qihoo360Events.X, "次留"),
    PLACE_ORDER("PLACE_ORDER", "订单提交", Qihoo360Events.X, "订单提交", "订单提交", "订单提交"),
    EFFECTIVE_ADVISORY("EFFECTIVE_ADVISORY", "产生有效的咨询行为", Qihoo360Events.X, "有效咨询", "有效咨询", "有效咨询"),
    ORDER_VALIDITY("ORDER_VALIDITY", "确认为有效的订单", Qihoo360Events.X, "订单有效性", "订单有效性", Qihoo360Events.X),
    ACTIVATION("ACTIVATION", "程序激活", Qihoo360Events.X, "激活", Qihoo360Events.X, Qihoo360Events.X),
    DETAILS_PAGE_ARRIVED("DETAILS_PAGE_ARRIVED", "详情页到达", Qihoo360Events.X, "详情页到达", "详情页到达", "详情页到达"),
    PAY_SUCCESS("PAY_SUCCESS", "支付成功", Qihoo360Events.X, "支付成功", "支付成功", "支付成功"),
    STARTUP_APP("STARTUP_APP", "调起 APP", Qihoo360Events.X, Qihoo360Events.X, "调起 APP", Qihoo360Events.X),
    CREDIT("CREDIT", "用户小额贷款申请通过", Qihoo360Events.X, "授信", "授信", "授信"),
    WX_BUTTON_C("WX_BUTTON_C", "微信复制按钮点击", Qihoo360Events.X, "微信复制按钮点击", "微信复制按钮点击", "微信复制按钮点击"),
    CONCERN("CONCEM", "关注", Qihoo360Events.X, "关注", "关注", "关注"),
    LEAVE_CONTACT("LEAVE_CONTACT", "留下联系方式", Qihoo360Events.X, "留联", "留联", "留联"),
    RELEASE("RELEASE", "发布招聘职位等相关信息", Qihoo360Events.X, "发布", "发布", "发布"),
    TRY_TO_PLAY("TRY_TO_PLAY", "进行游戏试玩", Qihoo360Events.X, "试玩", "试玩", "试玩"),
    SUBMIT_RESUME("SUBMIT_RESUME", "投递简历", Qihoo360Events.X, "投递简历", "投递简历", "投递简历"),
    ENTERPRISE_CERTIFICATION("ENTERPRISE_CERTIFICATION", "企业提交资质进行平台认证", Qihoo360Events.X, "企业认证", "企业认证", "企业认证"),
    VISIT_CLINIC("VISIT_CLINIC", "客户预约后到医院就诊", Qihoo360Events.X, "到诊", "到诊", "到诊"),
    APPLET_PAY("APPLET_PAY", "在小程序游戏内充值", Qihoo360Events.X, Qihoo360Events.X, Qihoo360Events.X, "小程序内付费"),
    APPLET_ROLE_CREATE("APPLET_ROLE_CREAT", "在小程序游戏内创建角色", Qihoo360Events.X, Qihoo360Events.X, Qihoo360Events.X, "小程序内创角");

    /** A cell of section 4.5 that holds ×: the line does not offer the event. */
    private static final String X = "×";

    private static final Map<String, Qihoo360Events> BY_NAME = new HashMap<>();
    private static final Map<Event, Qihoo360Events> BY_EVENT = new EnumMap<>(Event.class);

    static {
        for (Qihoo360Events e : values()) {
            BY_NAME.put(e.wireName, e);
            BY_NAME.put(e.name(), e);
            BY_EVENT.put(e.event, e);
        }
    }

    /** The catalogue the engine reads: every event, and qhtrack's events mapped one for one where a line offers them. */
    static final EventCatalog CATALOGUE = new Catalogue();

    private final Event event;
    private final String wireName;
    private final String description;
    private final Map<Qihoo360Line, String> consoleNames;
    private final PlatformEvent platformEvent;

    Qihoo360Events(String wireName, String description, String web, String ps, String ms, String zs) {
        this.event = Event.valueOf(name());
        this.wireName = wireName;
        this.description = description;
        Map<Qihoo360Line, String> names = new EnumMap<>(Qihoo360Line.class);
        putIfOffered(names, Qihoo360Line.WEB, web);
        putIfOffered(names, Qihoo360Line.PS, ps);
        putIfOffered(names, Qihoo360Line.MS, ms);
        putIfOffered(names, Qihoo360Line.ZS, zs);
        this.consoleNames = Collections.unmodifiableMap(names);
        Map<String, String> byLineId = new LinkedHashMap<>();
        for (Map.Entry<Qihoo360Line, String> n : names.entrySet()) {
            byLineId.put(n.getKey().line().id(), n.getValue());
        }
        this.platformEvent = PlatformEvent.of(wireName, description, byLineId);
    }

    private static void putIfOffered(Map<Qihoo360Line, String> names, Qihoo360Line line, String name) {
        if (!X.equals(name)) {
            names.put(line, name);
        }
    }

    /** qhtrack's name for it. */
    Event event() {
        return event;
    }

    /** The value of {@code data_detail.event}, spelled exactly as 360 does. */
    String wireName() {
        return wireName;
    }

    /** 360's description of the event (转化类型描述). */
    String description() {
        return description;
    }

    /** Whether the line offers this event (a name in its column of section 4.5 rather than ×). */
    boolean isOfferedOn(Qihoo360Line line) {
        return consoleNames.containsKey(line);
    }

    /** The lines that offer it, in the table's order. */
    List<Qihoo360Line> lines() {
        return new ArrayList<>(consoleNames.keySet());
    }

    /** The event as the engine sees it. */
    PlatformEvent platformEvent() {
        return platformEvent;
    }

    /** The 360 event of one of qhtrack's events. */
    static Qihoo360Events of(Event event) {
        return BY_EVENT.get(event);
    }

    /**
     * Finds an event by its wire name ({@code COUSTOMIZE}) or Java name ({@code CUSTOMIZE}), ignoring case and
     * surrounding white space.
     */
    static Optional<Qihoo360Events> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_NAME.get(name.trim().toUpperCase(Locale.ROOT)));
    }

    /** The catalogue: qhtrack's events are 360's, so the mapping is the identity, line by line. */
    private static final class Catalogue implements EventCatalog {
        private final List<PlatformEvent> all;

        Catalogue() {
            List<PlatformEvent> events = new ArrayList<>();
            for (Qihoo360Events e : values()) {
                events.add(e.platformEvent);
            }
            this.all = Collections.unmodifiableList(events);
        }

        @Override
        public List<PlatformEvent> events() {
            return all;
        }

        @Override
        public Optional<PlatformEvent> map(Event event, Line line) {
            Qihoo360Events e = BY_EVENT.get(event);
            return e != null && e.platformEvent.isOfferedOn(line) ? Optional.of(e.platformEvent)
                    : Optional.<PlatformEvent>empty();
        }

        /** By wire name or qhtrack's name, ignoring case: {@code COUSTOMIZE} and {@code CUSTOMIZE} alike. */
        @Override
        public Optional<PlatformEvent> find(String wireName) {
            return Qihoo360Events.find(wireName).map(Qihoo360Events::platformEvent);
        }

        @Override
        public String toString() {
            return "360's 53 events (section 4.5)";
        }
    }
}
