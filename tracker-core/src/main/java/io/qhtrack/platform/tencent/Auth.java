package io.qhtrack.platform.tencent;

/**
 * Where the {@code access_token} goes ({@code qhtrack.tencent.auth}; the spec's open question 1). Tencent's developer
 * guide and official Java SDK put it in the query; curl examples on other pages send it as a header, spelled
 * {@code access_token} on one and {@code access-token} on another. {@code timestamp} and {@code nonce} stay in the
 * query in every mode.
 */
enum Auth {
    /** {@code ?access_token=…&timestamp=…&nonce=…}: the guide's and the SDK's form, and the default. */
    QUERY("query", null),
    /** An {@code access_token} header. */
    HEADER("header", "access_token"),
    /** An {@code access-token} header ("注意：这里是中划线"). */
    HEADER_HYPHEN("header-hyphen", "access-token");

    private final String value;
    private final String headerName;

    Auth(String value, String headerName) {
        this.value = value;
        this.headerName = headerName;
    }

    /** The setting's value for it. */
    String value() {
        return value;
    }

    /** The header that carries the token, or {@code null} when it goes in the query. */
    String headerName() {
        return headerName;
    }
}
