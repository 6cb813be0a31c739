package io.qhtrack.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Section 4.5, written out again here from 360's document (not from {@link Event}): which lines offer each of the
 * 53 events, and the name 360's console shows on each line.
 */
class EventTableTest {

    /** One row per event of section 4.5: wire name, then Y/N for 移动推广 (web), PC 搜索 (ps), 移动搜索 (ms), 展示广告 (zs). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.TYPE})
    @CsvSource({
        "SUBMIT, Y, Y, Y, Y",
        "CALL, Y, Y, Y, Y",
        "ADVISORY, Y, Y, Y, Y",
        "SITEDOWNLOAD, Y, Y, Y, Y",
        "SUBMIT_BUTTON, N, Y, Y, Y",
        "ADVISORY_BUTTON, N, Y, Y, Y",
        "CALL_BUTTON, N, Y, Y, Y",
        "SHOP_BUTTON, N, Y, Y, Y",
        "CART_BUTTON, N, Y, Y, N",
        "ORDER, N, Y, Y, Y",
        "REGISTERED, N, Y, Y, Y",
        "ROLE_CREAT, N, Y, Y, Y",
        "SITE_VISIT_DEPTH, N, Y, Y, Y",
        "APP_DOWNLOAD, N, N, Y, N",
        "APP_ACTIVATION, N, N, Y, N",
        "APP_RETENTION, N, N, Y, N",
        "APP_PAY, N, N, Y, N",
        "COUSTOMIZE, N, Y, Y, Y",
        "MIDDLE_PAGE, N, Y, Y, Y",
        "REGISTER_BUTTON, N, Y, Y, Y",
        "BROWSE_DEPTH, N, Y, Y, Y",
        "BROWSETIME, N, Y, Y, Y",
        "SCAN_BUTTON, N, Y, Y, Y",
        "ADVISORY_DEPTH, N, Y, Y, Y",
        "LOW_PAY, N, Y, Y, Y",
        "ADD_FANS_WX, N, Y, Y, Y",
        "PAY, N, Y, Y, Y",
        "SCAN_CODE, N, Y, Y, Y",
        "APPLET_STARTUP, N, Y, Y, Y",
        "LOGIN, N, Y, Y, Y",
        "ADD_TO_CART, N, Y, Y, Y",
        "VPPV, N, Y, Y, Y",
        "INTENTIONAL, N, Y, Y, Y",
        "REAL_NAME, N, Y, Y, Y",
        "RETENTION, N, Y, N, Y",
        "PLACE_ORDER, N, Y, Y, Y",
        "EFFECTIVE_ADVISORY, N, Y, Y, Y",
        "ORDER_VALIDITY, N, Y, Y, N",
        "ACTIVATION, N, Y, N, N",
        "DETAILS_PAGE_ARRIVED, N, Y, Y, Y",
        "PAY_SUCCESS, N, Y, Y, Y",
        "STARTUP_APP, N, N, Y, N",
        "CREDIT, N, Y, Y, Y",
        "WX_BUTTON_C, N, Y, Y, Y",
        "CONCEM, N, Y, Y, Y",
        "LEAVE_CONTACT, N, Y, Y, Y",
        "RELEASE, N, Y, Y, Y",
        "TRY_TO_PLAY, N, Y, Y, Y",
        "SUBMIT_RESUME, N, Y, Y, Y",
        "ENTERPRISE_CERTIFICATION, N, Y, Y, Y",
        "VISIT_CLINIC, N, Y, Y, Y",
        "APPLET_PAY, N, N, N, Y",
        "APPLET_ROLE_CREAT, N, N, N, Y"
    })
    @interface Section45Matrix {
    }

    private static final List<ProductLine> COLUMNS = List.of(ProductLine.MOBILE_PROMOTION, ProductLine.PC_SEARCH,
            ProductLine.MOBILE_SEARCH, ProductLine.DISPLAY);

    /** Every cell of the matrix: (wire name, line, offered). */
    static Stream<Arguments> cells() {
        return Arrays.stream(Section45Matrix.class.getAnnotation(CsvSource.class).value()).flatMap(row -> {
            String[] c = row.split(",\\s*");
            return Stream.of(0, 1, 2, 3).map(i -> Arguments.of(c[0], COLUMNS.get(i), c[i + 1].equals("Y")));
        });
    }

    @Test
    void thereAreExactly53Events() {
        assertThat(Event.values()).hasSize(53);
        assertThat(Section45Matrix.class.getAnnotation(CsvSource.class).value()).hasSize(53);
    }

    @Test
    void everyEventOfTheEnumIsARowOfSection45() {
        Set<String> documented = Arrays.stream(Section45Matrix.class.getAnnotation(CsvSource.class).value())
                .map(row -> row.split(",")[0].trim()).collect(Collectors.toSet());
        Set<String> wireNames = Arrays.stream(Event.values()).map(Event::wireName).collect(Collectors.toSet());
        assertThat(wireNames).isEqualTo(documented);
    }

    @Test
    void wireNamesAreUnique() {
        Set<String> seen = new HashSet<>();
        for (Event e : Event.values()) {
            assertThat(seen.add(e.wireName())).as(e.wireName()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}: web={1} ps={2} ms={3} zs={4}")
    @Section45Matrix
    void isOfferedOnFollowsSection45(String wire, char web, char ps, char ms, char zs) {
        Event event = Event.find(wire).orElseThrow();
        assertThat(event.wireName()).isEqualTo(wire);
        assertThat(event.isOfferedOn(ProductLine.MOBILE_PROMOTION)).as("web").isEqualTo(web == 'Y');
        assertThat(event.isOfferedOn(ProductLine.PC_SEARCH)).as("ps").isEqualTo(ps == 'Y');
        assertThat(event.isOfferedOn(ProductLine.MOBILE_SEARCH)).as("ms").isEqualTo(ms == 'Y');
        assertThat(event.isOfferedOn(ProductLine.DISPLAY)).as("zs").isEqualTo(zs == 'Y');
    }

    @ParameterizedTest(name = "{0}: web={1} ps={2} ms={3} zs={4}")
    @Section45Matrix
    void linesListsExactlyTheOfferingLines(String wire, char web, char ps, char ms, char zs) {
        Set<ProductLine> expected = EnumSet.noneOf(ProductLine.class);
        char[] flags = {web, ps, ms, zs};
        for (int i = 0; i < 4; i++) {
            if (flags[i] == 'Y') {
                expected.add(COLUMNS.get(i));
            }
        }
        assertThat(Event.find(wire).orElseThrow().lines()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} on {1}: offered={2}")
    @MethodSource("cells")
    void prepareIsReadyExactlyWhereTheLineOffersTheEvent(String wire, ProductLine line, boolean offered) {
        Conversion conversion = Conversion.builder(Event.find(wire).orElseThrow()).transId("t-0001").build();

        Preparation p = Fixtures.prepare(line, conversion);

        if (offered) {
            assertThat(Fixtures.detail(Fixtures.ready(p).upload()).path("event").asText()).isEqualTo(wire);
        } else {
            Preparation r = Fixtures.rejected(p);
            assertThat(r.rejection()).isEqualTo(TrackOutcome.Status.EVENT_NOT_OFFERED);
            assertThat(r.message()).contains(wire, line.wireName());
        }
    }

    @ParameterizedTest(name = "{0}: {1} | {2} | {3} | {4}")
    @CsvSource(delimiter = '|', textBlock = """
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
            """)
    void consoleNamesAreThoseOfSection45(String wire, String web, String ps, String ms, String zs) {
        Event event = Event.find(wire).orElseThrow();
        String[] expected = {web, ps, ms, zs};
        for (int i = 0; i < 4; i++) {
            ProductLine line = COLUMNS.get(i);
            if (expected[i].equals("×")) {
                assertThat(event.consoleName(line)).as(line.shortName()).isEmpty();
            } else {
                assertThat(event.consoleName(line)).as(line.shortName()).contains(expected[i]);
            }
        }
    }

    @ParameterizedTest(name = "{0} on {1} is {2}")
    @CsvSource({
        "ORDER,        zs,  订单转化",
        "ORDER,        ps,  订单",
        "CALL,         web, 电话拨打",
        "CALL,         ms,  有效电话拨打",
        "ADVISORY,     ps,  一句话咨询",
        "ADVISORY,     web, 咨询",
        "REGISTERED,   zs,  注册转化",
        "APPLET_PAY,   zs,  小程序内付费",
        "COUSTOMIZE,   ms,  客户自定义",
        "STARTUP_APP,  ms,  调起 APP",
    })
    void consoleNameSpotChecks(String wire, String line, String name) {
        assertThat(Event.find(wire).orElseThrow().consoleName(Fixtures.line(line))).contains(name);
    }

    @ParameterizedTest(name = "{0} is sent as {1}")
    @CsvSource({
        "CUSTOMIZE,          COUSTOMIZE",
        "ROLE_CREATE,        ROLE_CREAT",
        "CONCERN,            CONCEM",
        "APPLET_ROLE_CREATE, APPLET_ROLE_CREAT",
    })
    void misspelledWireNamesAreKept(Event event, String wire) {
        assertThat(event.wireName()).isEqualTo(wire);
    }

    @ParameterizedTest(name = "find(\"{0}\") = {1}")
    @CsvSource({
        "COUSTOMIZE,         CUSTOMIZE",
        "CUSTOMIZE,          CUSTOMIZE",
        "ROLE_CREAT,         ROLE_CREATE",
        "ROLE_CREATE,        ROLE_CREATE",
        "CONCEM,             CONCERN",
        "CONCERN,            CONCERN",
        "APPLET_ROLE_CREAT,  APPLET_ROLE_CREATE",
        "APPLET_ROLE_CREATE, APPLET_ROLE_CREATE",
        "SUBMIT,             SUBMIT",
        "submit,             SUBMIT",
        "'  order ',         ORDER",
        "coustomize,         CUSTOMIZE",
    })
    void findAcceptsWireAndJavaNames(String name, Event expected) {
        assertThat(Event.find(name)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "SUBMITT", "表单提交", "ORDER,PAY", "UNKNOWN"})
    void findRefusesOtherNames(String name) {
        assertThat(Event.find(name)).isEmpty();
    }

    @Test
    void findOfNullIsEmpty() {
        assertThat(Event.find(null)).isEmpty();
    }

    @Test
    void aMisspelledEventIsSentUnderItsWireName() {
        Upload upload = Fixtures.upload(ProductLine.PC_SEARCH, Conversion.builder(Event.CUSTOMIZE).build());

        assertThat(Fixtures.detail(upload).path("event").asText()).isEqualTo("COUSTOMIZE");
    }
}
