package io.qhtrack.platform.baidu;

import java.util.Optional;

/**
 * Baidu's conversion types for landing pages ({@code newType}), as the spec page ({@code spec/baidu-ocpc.md}) lists
 * them, with the name Baidu's console shows for each, and whether the type carries an amount ({@code convertValue},
 * in fen): the orders and payments; and whether a conversion of the type must carry a key ({@code outerEventId}):
 * the lead forms, orders and payments, which a visitor can submit twice (Tencent's rule too).
 *
 * <p>Type 4 is not here, so that nothing is ever sent as it: Baidu's SDK calls it "APP激活" and a blog post calls it
 * "购买成功" (open question 1), and an explicit mapping to it is refused at start-up ({@link Baidu#configure}).
 */
enum NewType {
    CONSULT_BUTTON(1, "咨询按钮点击", false, false),
    PHONE_BUTTON(2, "电话按钮点击", false, false),
    FORM_SUBMITTED(3, "表单提交成功", false, true),
    FORM_BUTTON(5, "表单按钮点击", false, false),
    PURCHASE(10, "购买成功", true, true),
    ORDER_PLACED(14, "订单提交成功", true, true),
    THREE_SENTENCE_CONSULTATION(17, "三句话咨询", false, false),
    LEAD_LEFT(18, "留线索", false, true),
    ONE_SENTENCE_CONSULTATION(19, "一句话咨询", false, false),
    DEEP_PAGE_VIEW(20, "深度页面访问", false, false),
    PAID(26, "付费", true, true),
    CALL_CONNECTED(30, "电话拨通", false, false),
    WECHAT_COPY(35, "微信复制按钮点击", false, false),
    GOODS_ORDERED(45, "商品下单成功", true, true),
    WECHAT_FOLLOWER_ADDED(79, "微信加粉成功", false, false);

    /** The type whose meaning is disputed, which qhtrack never sends. */
    static final int DISPUTED = 4;

    private final int code;
    private final String consoleName;
    private final boolean takesValue;
    private final boolean needsKey;

    NewType(int code, String consoleName, boolean takesValue, boolean needsKey) {
        this.code = code;
        this.consoleName = consoleName;
        this.takesValue = takesValue;
        this.needsKey = needsKey;
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

    /**
     * Whether a conversion of this type must carry {@code outerEventId}: a lead form, an order or a payment, which a
     * visitor can submit twice and which must count once.
     */
    boolean needsKey() {
        return needsKey;
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
