package io.qhtrack.platform.qihoo360;

/**
 * Tells a mobile browser from a desktop one by its User-Agent, to decide at capture time whether a
 * {@code qhclickid} click came from PC search or mobile search (the click id itself does not say, FAQ 5.1). Tablets
 * count as mobile. Sites that are mobile-only or PC-only fix the answer with {@code qhtrack.search.device}.
 */
final class Qihoo360Devices {

    /**
     * Tokens of mobile User-Agents: {@code Mobi} (Mobile Safari, Chrome and Firefox on phones, HarmonyOS phones,
     * most Chinese browsers), Android (tablets too), Apple's handhelds, and older platforms.
     */
    private static final String[] MOBILE_TOKENS = {
        "Mobi", "Android", "iPhone", "iPad", "iPod", "Windows Phone", "BlackBerry", "Opera Mini", "Symbian",
    };

    private Qihoo360Devices() {
    }

    /** Whether {@code userAgent} is a phone or tablet browser; {@code false} when absent. */
    static boolean isMobile(String userAgent) {
        if (userAgent == null) {
            return false;
        }
        for (String token : MOBILE_TOKENS) {
            if (userAgent.contains(token)) {
                return true;
            }
        }
        return false;
    }
}
