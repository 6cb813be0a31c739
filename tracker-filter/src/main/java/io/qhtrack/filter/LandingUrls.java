package io.qhtrack.filter;

import java.util.Objects;

/**
 * What 360 does to an advertiser's landing URL when a visitor clicks an ad: it appends the click parameter by the
 * four rules of section 1 of 360's document. Use it to preview where the id will land, and in tests to produce every
 * URL shape a landing page can receive.
 *
 * <table>
 *   <caption>360's append rules</caption>
 *   <tr><th>URL has</th><th>360 appends</th></tr>
 *   <tr><td>{@code ?}, no {@code #}</td><td>{@code &name=value} at the end</td></tr>
 *   <tr><td>{@code ?} and {@code #}</td><td>{@code &name=value} after the last {@code ?}, before the first
 *       {@code #} that follows it</td></tr>
 *   <tr><td>no {@code ?}, {@code #}</td><td>{@code ?name=value} before the first {@code #}</td></tr>
 *   <tr><td>neither</td><td>{@code ?name=value} at the end</td></tr>
 * </table>
 *
 * <p>When the last {@code ?} is inside the fragment, as in hash-routed single-page apps
 * ({@code /app#/form?x=1}), the id lands in the fragment, which browsers never send to the server: only the
 * filter's browser script can hand it over ({@link #reachesServer(String, String)} tells which case a URL is).
 */
public final class LandingUrls {

    private LandingUrls() {
    }

    /**
     * The URL the visitor's browser opens when 360 appends {@code parameter=value} to {@code landingUrl}. The value
     * is appended verbatim, as 360 does: pass it already percent-encoded if it needs to be.
     *
     * @param landingUrl the advertiser's landing URL, absolute or relative
     * @param parameter  {@code qhclickid} (search), {@code sourceid} (display) or {@code impression_id} (mobile
     *                   promotion, where the advertiser adds the parameter and 360 fills in the macro)
     * @param value      the click id
     */
    public static String append360ClickId(String landingUrl, String parameter, String value) {
        Objects.requireNonNull(landingUrl, "landingUrl");
        Objects.requireNonNull(parameter, "parameter");
        Objects.requireNonNull(value, "value");
        int lastQuestion = landingUrl.lastIndexOf('?');
        if (lastQuestion >= 0) {
            int hash = landingUrl.indexOf('#', lastQuestion + 1);
            int at = hash < 0 ? landingUrl.length() : hash;
            return landingUrl.substring(0, at) + '&' + parameter + '=' + value + landingUrl.substring(at);
        }
        int hash = landingUrl.indexOf('#');
        int at = hash < 0 ? landingUrl.length() : hash;
        return landingUrl.substring(0, at) + '?' + parameter + '=' + value + landingUrl.substring(at);
    }

    /**
     * Whether {@code parameter} appears in the part of {@code url} a browser sends to the server (before the first
     * {@code #}), as opposed to only in the fragment.
     */
    public static boolean reachesServer(String url, String parameter) {
        int hash = url.indexOf('#');
        String sent = hash < 0 ? url : url.substring(0, hash);
        int question = sent.indexOf('?');
        if (question < 0) {
            return false;
        }
        for (String pair : sent.substring(question + 1).split("&", -1)) {
            if (pair.equals(parameter) || pair.startsWith(parameter + "=")) {
                return true;
            }
        }
        return false;
    }
}
