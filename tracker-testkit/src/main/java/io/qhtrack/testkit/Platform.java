package io.qhtrack.testkit;

import java.nio.charset.StandardCharsets;

/**
 * The ad platforms this module fakes, and the little each fake's shared machinery must know about its
 * platform: its name (in thread names, the {@code Server} header, messages), the start of its success answer
 * (for {@link Fault#hugeBody(long)}) and the wording of its HTTP view.
 */
enum Platform {
    QIHOO_360("Fake360", "360's upload endpoint", "{\"errno\":0,\"error\":\"Success\",\"padding\":\""),
    BAIDU("FakeBaidu", "Baidu oCPC's uploadConvertData",
            "{\"header\":{\"status\":0,\"desc\":\"success\"},\"padding\":\""),
    TENCENT("FakeTencent", "Tencent Ads' user_actions/add",
            "{\"code\":0,\"message\":\"\",\"message_cn\":\"\",\"data\":{},\"padding\":\"");

    /** What every huge body ends with, after its padding. */
    static final byte[] HUGE_BODY_SUFFIX = "\"}".getBytes(StandardCharsets.US_ASCII);

    private final String fakeName;
    private final String endpointName;
    private final byte[] hugeBodyPrefix;

    Platform(String fakeName, String endpointName, String hugeBodyPrefix) {
        this.fakeName = fakeName;
        this.endpointName = endpointName;
        this.hugeBodyPrefix = hugeBodyPrefix.getBytes(StandardCharsets.US_ASCII);
    }

    /** The fake's class name, e.g. {@code FakeBaidu}. */
    String fakeName() {
        return fakeName;
    }

    /** The platform's endpoint in a few words, e.g. {@code Baidu oCPC's uploadConvertData}. */
    String endpointName() {
        return endpointName;
    }

    /** The platform's success answer up to the padding of a huge body (not a copy: do not modify). */
    byte[] hugeBodyPrefix() {
        return hugeBodyPrefix;
    }

    /** The shortest huge body this platform's fake can send: its success answer with an empty padding. */
    long minHugeBody() {
        return hugeBodyPrefix.length + HUGE_BODY_SUFFIX.length;
    }
}
