package io.qhtrack.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A response body of any length, streamed from one small shared buffer and never held in memory: the
 * platform's success answer with a padding, e.g. 360's {@code {"errno":0,"error":"Success","padding":"xxx…x"}},
 * exactly {@link #length()} bytes long, sent with a {@code Content-Length} or with chunked transfer coding.
 *
 * <p>It is the platform's success answer made huge on purpose: a client that reads a whole answer whatever its
 * size (and survives the memory it takes) would call the upload delivered, so a test sees the missing bound in
 * the outcome, not only in the heap.
 */
final class HugeBody {
    /** The shortest body of Fake360: its success answer without padding. */
    static final long MIN_LENGTH = Platform.QIHOO_360.minHugeBody();

    private static final int CHUNK_BYTES = 64 * 1024;
    private static final byte[] FILLER = filler(CHUNK_BYTES);
    private static final byte[] FULL_CHUNK = chunk(FILLER, CHUNK_BYTES);
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final long length;
    private final boolean chunked;
    private final byte[] prefix;

    /** 360's success answer, padded to {@code length} bytes. */
    HugeBody(long length, boolean chunked) {
        this(length, chunked, Platform.QIHOO_360);
    }

    /** The platform's success answer, padded to {@code length} bytes. */
    HugeBody(long length, boolean chunked, Platform platform) {
        if (length < platform.minHugeBody()) {
            throw new IllegalArgumentException("a huge body of " + platform.fakeName() + " needs at least "
                    + platform.minHugeBody() + " bytes but was " + length);
        }
        this.length = length;
        this.chunked = chunked;
        this.prefix = platform.hugeBodyPrefix();
    }

    /** The body's length in bytes (without chunk framing). */
    long length() {
        return length;
    }

    /** Whether it is sent with {@code Transfer-Encoding: chunked} instead of a {@code Content-Length}. */
    boolean chunked() {
        return chunked;
    }

    /**
     * Writes the body in writes of at most 64 KiB (plus framing), with chunk framing if {@code chunkFraming}
     * (as {@link #chunked()} asks, unless the client speaks HTTP/1.0).
     */
    void writeTo(OutputStream out, boolean chunkFraming) throws IOException {
        write(out, prefix, prefix.length, chunkFraming);
        long padding = length - prefix.length - Platform.HUGE_BODY_SUFFIX.length;
        while (padding > 0) {
            int n = (int) Math.min(CHUNK_BYTES, padding);
            if (chunkFraming && n == CHUNK_BYTES) {
                out.write(FULL_CHUNK);
            } else {
                write(out, FILLER, n, chunkFraming);
            }
            padding -= n;
        }
        write(out, Platform.HUGE_BODY_SUFFIX, Platform.HUGE_BODY_SUFFIX.length, chunkFraming);
        if (chunkFraming) {
            out.write(LAST_CHUNK);
        }
        out.flush();
    }

    private static void write(OutputStream out, byte[] bytes, int count, boolean chunkFraming) throws IOException {
        if (chunkFraming) {
            out.write(chunk(bytes, count));
        } else {
            out.write(bytes, 0, count);
        }
    }

    /** One chunk: its size in hex, CRLF, the first {@code count} bytes, CRLF. */
    private static byte[] chunk(byte[] bytes, int count) {
        byte[] size = (Integer.toHexString(count) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] chunk = new byte[size.length + count + 2];
        System.arraycopy(size, 0, chunk, 0, size.length);
        System.arraycopy(bytes, 0, chunk, size.length, count);
        chunk[chunk.length - 2] = '\r';
        chunk[chunk.length - 1] = '\n';
        return chunk;
    }

    private static byte[] filler(int count) {
        byte[] bytes = new byte[count];
        Arrays.fill(bytes, (byte) 'x');
        return bytes;
    }
}
