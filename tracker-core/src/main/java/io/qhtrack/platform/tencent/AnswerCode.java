package io.qhtrack.platform.tencent;

import java.time.Duration;
import java.util.Optional;

/**
 * The answer codes of Tencent's error table ({@code developers.e.qq.com/v3.0/docs/errors}) that mean something other
 * than "the request's actions are refused": the credentials are wrong (park), a limit was reached (wait, then send
 * again), or the attempt itself failed (send again). Every other non-zero code refuses the request's actions.
 */
enum AnswerCode {
    /** "We are unable to process your request at this time. Please retry your request." */
    BUSY(10000, Kind.RETRY, null, "Tencent is busy and asks to retry"),
    TOKEN_EXPIRED(11000, Kind.PARK, null, "the access token has expired: set a new one in "
            + TencentSettings.ACCESS_TOKEN.key() + " (a DataNexus key does not expire; an OAuth token must be "
            + "refreshed)"),
    TOKEN_INVALID(11002, Kind.PARK, null, "the access token is not valid: copy it again from DataNexus (数据源 → 查看密钥) "
            + "into " + TencentSettings.ACCESS_TOKEN.key()),
    TOKEN_MALFORMED(11004, Kind.PARK, null, "the access token is malformed: check " + TencentSettings.ACCESS_TOKEN.key()
            + " for a truncated or extra part"),
    TOKEN_EMPTY(11005, Kind.PARK, null, "Tencent found no access token where it looked: check "
            + TencentSettings.AUTH.key() + " (query, header or header-hyphen)"),
    /** "The client_id is invalid … 请检查 access_token 正确性" (the developer app behind an OAuth token). */
    CLIENT_INVALID(11007, Kind.PARK, null, "the token's developer app is not valid: check "
            + TencentSettings.ACCESS_TOKEN.key()),
    /** "该应用的请求次数已达限制,请稍后重试". */
    APP_LIMIT(11008, Kind.WAIT, Duration.ofMinutes(1), "the app's request limit is reached"),
    /** "您请求的接口超出了授权范围": the token may not call user_actions/add. */
    OUT_OF_SCOPE(11014, Kind.PARK, null, "the access token is not authorised for user_actions/add: use a DataNexus key "
            + "of this data source, or authorise the app for 数据上报"),
    LIMIT_PER_SECOND(11016, Kind.WAIT, Duration.ofSeconds(1), "the per-second limit is reached"),
    LIMIT_PER_MINUTE(11017, Kind.WAIT, Duration.ofMinutes(1), "the per-minute limit is reached (default 4000 a "
            + "minute per token; lower " + TencentSettings.RATE.key() + " when several nodes share the token)"),
    /**
     * The day's quota is spent. The answer does not say when it renews, so qhtrack tries again hourly (one request an
     * hour) rather than give up the day's conversions; Tencent raises quotas on request.
     */
    LIMIT_PER_DAY(11018, Kind.WAIT, Duration.ofHours(1), "the per-day limit is reached: ask Tencent to raise the "
            + "token's quota"),
    TOO_FREQUENT(11019, Kind.WAIT, Duration.ofMinutes(1), "requests are too frequent for the advertiser or developer"),
    MISSING_AUTH(12000, Kind.PARK, null, "Tencent misses access_token, timestamp or nonce: check "
            + TencentSettings.AUTH.key() + " (query, header or header-hyphen) and that no proxy strips them"),
    /** The attempt's nonce was seen before; the next attempt has a fresh one. */
    NONCE_USED(12100, Kind.RETRY_ALERT, null, "Tencent saw this nonce before: a proxy may be replaying requests"),
    /** The attempt's timestamp is more than 300 s from Tencent's clock: this server's clock is off. */
    TIMESTAMP_EXPIRED(12101, Kind.RETRY_ALERT, null, "Tencent says the timestamp is expired: this server's clock "
            + "differs from Tencent's by more than 300 s; synchronise it (NTP)");

    /** What the code means for the request's conversions. */
    enum Kind {
        /** Send again after the engine's backoff. */
        RETRY,
        /** Send again after the engine's backoff, and raise a configuration alert. */
        RETRY_ALERT,
        /** Send nothing with these credentials for a while, then send again. */
        WAIT,
        /** Park and alert: the credentials or the account's set-up are wrong. */
        PARK
    }

    private final int code;
    private final Kind kind;
    private final Duration pause;
    private final String meaning;

    AnswerCode(int code, Kind kind, Duration pause, String meaning) {
        this.code = code;
        this.kind = kind;
        this.pause = pause;
        this.meaning = meaning;
    }

    int code() {
        return code;
    }

    Kind kind() {
        return kind;
    }

    /** For {@link Kind#WAIT}: how long to send nothing with these credentials. */
    Duration pause() {
        return pause;
    }

    /** What it means, and what to fix. */
    String meaning() {
        return meaning;
    }

    static Optional<AnswerCode> of(long code) {
        for (AnswerCode c : values()) {
            if (c.code == code) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
