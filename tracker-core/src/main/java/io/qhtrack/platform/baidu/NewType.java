package io.qhtrack.platform.baidu;

import java.util.Optional;

/**
 * Baidu's conversion types for landing pages ({@code newType}), as the spec page ({@code spec/baidu-ocpc.md}) lists
 * them, with the name Baidu's console shows for each, and whether the type carries an amount ({@code convertValue},
 * in fen): the orders and payments.
 *
 * <p>{@link #DISPUTED_4} is here only so that a deployment may map an event to it explicitly (with a warning at
 * start-up): Baidu's SDK calls type 4 "APP激活" and a blog post calls it "购买成功" (open question 1), so no default
 * maps to it.
 */
enum NewType {
    CONSULT_BUTTON(1, "咨询按钮点击", false),
    PHONE_BUTTON(2, "电话按钮点击", false),
    FORM_SUBMITTED(3, "表单提交成功", false),
    /** Disputed: takes an amount, because one reading of it is a purchase. */
    DISPUTED_4(4, "APP激活 / 购买成功 (有争议)", true),
    FORM_BUTTON(5, "表单按钮点击", false),
    PURCHASE(10, "购买成功", true),
    ORDER_PLACED(14, "订单提交成功", true),
    THREE_SENTENCE_CONSULTATION(17, "三句话咨询", false),
    LEAD_LEFT(18, "留线索", false),
    ONE_SENTENCE_CONSULTATION(19, "一句话咨询", false),
    DEEP_PAGE_VIEW(20, "深度页面访问", false),
    PAID(26, "付费", true),
    CALL_CONNECTED(30, "电话拨通", false),
    WECHAT_COPY(35, "微信复制按钮点击", false),
    GOODS_ORDERED(45, "商品下单成功", true),
    WECHAT_FOLLOWER_ADDED(79, "微信加粉成功", false);

    private final int code;
    private final String consoleName;
    private final boolean takesValue;

    NewType(int code, String consoleName, boolean takesValue) {
        this.code = code;
        this.consoleName = consoleName;
        this.takesValue = takesValue;
    }

    /** The number sent as {@code newType}. */
    int code() {
        return code;
    }

    /** The wire name of the platform event: the number as text. */
    String wireName() {
        return Integer.toString(code);
    }

    /** Its name in Baidu's console. */
    String consoleName() {
        return consoleName;
    }

    /** Whether a conversion of this type may carry {@code convertValue}. */
    boolean takesValue() {
        return takesValue;
    }

    /** {@code 3 (表单提交成功)}: for messages. */
    String describe() {
        return code + " (" + consoleName + ")";
    }

    /** The type with this code, if the spec page lists it. */
    static Optional<NewType> of(long code) {
        for (NewType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The type whose wire name is {@code wireName}, if any. */
    static Optional<NewType> ofWireName(String wireName) {
        for (NewType t : values()) {
            if (t.wireName().equals(wireName)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
