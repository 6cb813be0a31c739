package io.qhtrack.core.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Lower-case hex md5, as 360 wants it for App-Sign and as the document suggests for trans_id. */
public final class Md5 {
    private static final MessageDigest PROTOTYPE;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    static {
        try {
            PROTOTYPE = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Md5() {
    }

    /** A fresh md5 digest (cloning a prototype is cheaper than a provider lookup). */
    public static MessageDigest newDigest() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            try {
                return MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }

    /** The lower-case hex md5 of {@code data}. */
    public static String hex(byte[] data) {
        MessageDigest md = newDigest();
        return toHex(md.digest(data));
    }

    /** A digest as lower-case hex. */
    public static String toHex(byte[] digest) {
        char[] out = new char[digest.length * 2];
        for (int i = 0; i < digest.length; i++) {
            out[2 * i] = HEX[(digest[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[digest[i] & 0xf];
        }
        return new String(out);
    }
}
