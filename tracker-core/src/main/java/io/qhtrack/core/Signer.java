package io.qhtrack.core;

import java.security.MessageDigest;
import java.util.Objects;

/**
 * 360's App-Sign (section 4.1, FAQ 5.7): the 32-character lower-case hex md5 of the secret's UTF-8 bytes followed
 * directly by the exact bytes of the body. Sign the bytes you send; never re-serialise in between.
 */
public final class Signer {

    private Signer() {
    }

    /** The App-Sign header value for {@code body} under {@code credentials}. */
    public static String appSign(Credentials credentials, byte[] body) {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(body, "body");
        MessageDigest md5 = Md5.newDigest();
        credentials.updateWithSecret(md5);
        md5.update(body);
        return Md5.toHex(md5.digest());
    }
}
