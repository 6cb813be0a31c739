package io.qhtrack.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Optional;

/**
 * The codes of Tencent's v3.0 error table ({@code developers.e.qq.com/v3.0/docs/errors}) that FakeTencent
 * answers, with the table's English and Chinese texts; each {@code {PARAM}} stands for a parameter's name or a
 * limit.
 *
 * <p>Which code a body error gets is FakeTencent's reading of that table (the upload's own page lists none):
 * missing parameter 18001, wrong type 18002, too large 18003, too small 18004, not one of the values 18009, too
 * few values 18012, too many values 64022, other invalid parameters 34109. A client must treat every code but
 * the credential and rate-limit ones as a refusal of the request's actions, whatever the number.
 */
enum TencentCode {
    OK(0, "", ""),
    TOKEN_EXPIRED(11000, "Access token is expired.", "您的 access_token 已过期，请通过 oauth/token 接口获取最新 token"),
    TOKEN_INVALID(11002, "Access token is invalid.", "您的 access_token 无效，请通过 oauth/authorize 接口获取 token。"),
    TOKEN_MALFORMED(11004, "Access token is malformed.", "您的 access_token 格式不正确，请通过 oauth/authorize 接口获取 token"),
    TOKEN_EMPTY(11005, "Access token is empty.", "access_token 为必填字段，请传入正确的 access_token"),
    LIMIT_PER_SECOND(11016, "Application has reached the request limit per second.",
            "应用程序已达到每秒的请求限制，请稍后再试"),
    LIMIT_PER_MINUTE(11017, "Application has reached the request limit per minute.",
            "应用请求已达分钟频次上限，请登陆开发者后台查看当前接口对应分配的频次，并在要求范围内请求接口。"),
    LIMIT_PER_DAY(11018, "Application has reached the request limit per day.",
            "应用请求已达天频次上限，请 1 天后重试，或在官网提交工单申请开通更多频次配额。"),
    TOO_FREQUENT(11019, "Your request is much too frequent.", "您的请求过于频繁或主体/开发者的频控已达到上限"),
    MISSING_AUTH(12000, "Your request is missing a required parameter which is one of access_token, timestamp and "
            + "nonce.", "您的请求缺少必须参数：access_token,timestamp,nonce"),
    JSON_MALFORMED(12003, "JSON string is malformed.", "JSON 字符串格式错误，请调整参数后重试"),
    UNKNOWN_API(12007, "The API you requested is unknown. Please check your URL and http method.",
            "您请求未知的接口，请检查您的 URL 和 HTTP 方法。"),
    NONCE_USED(12100, "The nonce has been used before.", "nonce 已被使用，请更换 nonce"),
    TIMESTAMP_EXPIRED(12101, "The timestamp is expired.", "时间戳过期，请确认发起请求时的 timestamp 字段赋值逻辑"),
    ACCOUNT_ID_INVALID(12201, "Parameter 'account_id' is invalid.",
            "account_id 参数无效，请校验当前 token 是否具有操作当前 account_id 的权限。"),
    MISSING_PARAMETER(18001, "Your request is missing a required parameter. The required parameter is '{PARAM}'.",
            "缺失必填参数{PARAM}，请传入必填参数"),
    WRONG_TYPE(18002, "Parameter '{PARAM}' must be {PARAM} .", "参数{PARAM}必须是{PARAM}类型"),
    TOO_LARGE(18003, "The value you specified for '{PARAM}' is invalid. Valid values must be not greater than {PARAM}.",
            "参数{PARAM}无效，取值需不大于{PARAM}"),
    TOO_SMALL(18004, "The value you specified for '{PARAM}' is invalid. Valid values must be not less than {PARAM} .",
            "参数{PARAM}无效，取值需不小于{PARAM}"),
    NOT_ONE_OF(18009, "Parameter '{PARAM}' must be one of the following values: [{PARAM}].",
            "参数{PARAM} 的取值需在[{PARAM}]中"),
    TOO_FEW_VALUES(18012, "Your request contains too few values for '{PARAM}'.This parameter must have a minimum of "
            + "{PARAM} value(s).", "您的请求包含的{PARAM}值太少，此参数最少可包含{PARAM}值"),
    TOO_MANY_VALUES(64022, "Your request contains too many values for {PARAM}. This parameter can have a maximum of "
            + "{PARAM} value(s).", "您的请求包含的{PARAM}值太多，此参数最多可包含{PARAM}值"),
    PARAMETER_INVALID(34109, "Parameter {PARAM} is invalid", "参数{PARAM}无效");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int code;
    private final String message;
    private final String messageCn;

    TencentCode(int code, String message, String messageCn) {
        this.code = code;
        this.message = message;
        this.messageCn = messageCn;
    }

    int code() {
        return code;
    }

    /** Whether the code says the credentials or the auth parameters are wrong: park, alert, no retries. */
    boolean isCredentials() {
        return this == TOKEN_EXPIRED || this == TOKEN_INVALID || this == TOKEN_MALFORMED || this == TOKEN_EMPTY
                || this == MISSING_AUTH;
    }

    /** The English message, each {@code {PARAM}} replaced by the next of {@code parameters} ({@code ?} past them). */
    String message(String... parameters) {
        return fill(message, parameters);
    }

    /** The Chinese message, each {@code {PARAM}} replaced by the next of {@code parameters}. */
    String messageCn(String... parameters) {
        return fill(messageCn, parameters);
    }

    private static String fill(String template, String... parameters) {
        StringBuilder filled = new StringBuilder(template.length() + 32);
        int from = 0;
        int next = 0;
        for (int at; (at = template.indexOf("{PARAM}", from)) >= 0; from = at + "{PARAM}".length()) {
            filled.append(template, from, at).append(next < parameters.length ? parameters[next++] : "?");
        }
        return filled.append(template, from, template.length()).toString();
    }

    static Optional<TencentCode> of(int code) {
        return Arrays.stream(values()).filter(each -> each.code == code).findFirst();
    }

    /**
     * The answer to a request whatever it was, for {@link Fault#tencentCode(int)}: the table's texts for a
     * known code, a generic text otherwise; {@code data} for code 0.
     */
    static String json(int code) {
        Optional<TencentCode> known = of(code);
        ObjectNode answer = JSON.createObjectNode();
        answer.put("code", code);
        answer.put("message", known.map(TencentCode::message).orElse("Error " + code + " (FakeTencent fault)"));
        answer.put("message_cn", known.map(TencentCode::messageCn).orElse("错误 " + code + "（FakeTencent 故障）"));
        if (code == 0) {
            answer.putObject("data");
        }
        try {
            return JSON.writeValueAsString(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }
}
