package io.qhtrack.filter;

/**
 * IP address literals, parsed by hand: what a request or a forwarding header carries is never given to
 * {@code InetAddress.getByName}, which would look a name up. IPv4 is a dotted quad of decimal numbers without leading
 * zeros; IPv6 is any RFC 4291 form ({@code ::} compression, an embedded IPv4 tail), with an optional zone
 * ({@code %eth0}), which is ignored. An IPv4-mapped IPv6 address ({@code ::ffff:192.0.2.1}) is its IPv4 address.
 * Allocation is one small array per address parsed; nothing here throws on malformed input (it answers
 * {@code null}).
 */
final class IpAddresses {

    private IpAddresses() {
    }

    /** The address {@code s} names, as 4 (IPv4) or 16 (IPv6) bytes, or {@code null} when it is not a literal. */
    static byte[] parse(String s) {
        return s == null ? null : parse(s, 0, s.length());
    }

    /** The address in {@code s[from, to)}, as {@link #parse(String)}. */
    static byte[] parse(String s, int from, int to) {
        if (to - from < 2 || to - from > 64) {
            return null;
        }
        int colon = s.indexOf(':', from);
        if (colon < 0 || colon >= to) {
            return ipv4(s, from, to);
        }
        int percent = s.indexOf('%', from);
        byte[] v6 = ipv6(s, from, percent < 0 || percent >= to ? to : percent);
        return v6 == null ? null : unmapped(v6);
    }

    /**
     * The address of a node as forwarding headers write it: {@code 192.0.2.1}, {@code 192.0.2.1:4711},
     * {@code 2001:db8::1}, {@code [2001:db8::1]} or {@code [2001:db8::1]:4711}, optionally in double quotes (RFC
     * 7239's {@code for="[2001:db8::1]:4711"}), surrounded by spaces; {@code null} for anything else, including
     * RFC 7239's {@code unknown} and obfuscated identifiers ({@code _hidden}).
     */
    static byte[] parseNode(String s) {
        if (s == null) {
            return null;
        }
        int from = 0;
        int to = s.length();
        while (from < to && s.charAt(from) == ' ') {
            from++;
        }
        while (to > from && s.charAt(to - 1) == ' ') {
            to--;
        }
        if (to - from >= 2 && s.charAt(from) == '"' && s.charAt(to - 1) == '"') {
            from++;
            to--;
        }
        if (from < to && s.charAt(from) == '[') {
            int close = s.indexOf(']', from);
            if (close < 0 || close >= to || close + 1 < to && !isPort(s, close + 1, to)) {
                return null;
            }
            int colon = s.indexOf(':', from);
            return colon > from && colon < close ? parse(s, from + 1, close) : null; // brackets hold IPv6 only
        }
        int colon = s.indexOf(':', from);
        if (colon >= 0 && colon < to) {
            int second = s.indexOf(':', colon + 1);
            if (second < 0 || second >= to) {
                return isPort(s, colon, to) ? ipv4(s, from, colon) : null; // IPv4 with a port
            }
        }
        return parse(s, from, to);
    }

    /** Whether {@code s[colon, to)} is a colon and 1 to 5 digits. */
    private static boolean isPort(String s, int colon, int to) {
        if (s.charAt(colon) != ':' || to - colon < 2 || to - colon > 6) {
            return false;
        }
        for (int i = colon + 1; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static byte[] ipv4(String s, int from, int to) {
        byte[] address = new byte[4];
        return ipv4Into(s, from, to, address, 0) ? address : null;
    }

    /** Parses a dotted quad in {@code s[from, to)} into {@code out[at, at + 4)}. */
    private static boolean ipv4Into(String s, int from, int to, byte[] out, int at) {
        int part = 0;
        int i = from;
        while (part < 4) {
            int start = i;
            int value = 0;
            while (i < to && i - start < 4 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || digits > 3 || value > 255 || digits > 1 && s.charAt(start) == '0') {
                return false;
            }
            out[at + part] = (byte) value;
            part++;
            if (part < 4) {
                if (i >= to || s.charAt(i) != '.') {
                    return false;
                }
                i++;
            }
        }
        return i == to;
    }

    private static byte[] ipv6(String s, int from, int to) {
        byte[] address = new byte[16];
        int groups = 0;
        int compressedAt = -1;
        int i = from;
        if (to - from >= 2 && s.charAt(from) == ':' && s.charAt(from + 1) == ':') {
            compressedAt = 0;
            i = from + 2;
            if (i == to) {
                return address; // ::
            }
        } else if (from < to && s.charAt(from) == ':') {
            return null;
        }
        while (i < to) {
            if (groups == 8) {
                return null;
            }
            int start = i;
            int value = 0;
            while (i < to && i - start < 5 && ClickParameters.hex(s.charAt(i)) >= 0) {
                value = value << 4 | ClickParameters.hex(s.charAt(i));
                i++;
            }
            if (i < to && s.charAt(i) == '.') {
                // an IPv4 tail takes the last two groups
                if (groups > 6 || !ipv4Into(s, start, to, address, groups * 2)) {
                    return null;
                }
                groups += 2;
                i = to;
                break;
            }
            if (i == start || i - start > 4) {
                return null;
            }
            address[groups * 2] = (byte) (value >>> 8);
            address[groups * 2 + 1] = (byte) value;
            groups++;
            if (i == to) {
                break;
            }
            if (s.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i < to && s.charAt(i) == ':') {
                if (compressedAt >= 0) {
                    return null;
                }
                compressedAt = groups;
                i++;
            } else if (i == to) {
                return null; // a trailing single colon
            }
        }
        if (compressedAt < 0) {
            return groups == 8 ? address : null;
        }
        if (groups == 8) {
            return null; // :: must stand for at least one group
        }
        int tail = (groups - compressedAt) * 2;
        int shift = 16 - groups * 2;
        System.arraycopy(address, compressedAt * 2, address, compressedAt * 2 + shift, tail);
        for (int k = compressedAt * 2; k < compressedAt * 2 + shift; k++) {
            address[k] = 0;
        }
        return address;
    }

    /** An IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) as its 4 IPv4 bytes; any other address as it is. */
    private static byte[] unmapped(byte[] v6) {
        for (int i = 0; i < 10; i++) {
            if (v6[i] != 0) {
                return v6;
            }
        }
        if (v6[10] != (byte) 0xff || v6[11] != (byte) 0xff) {
            return v6;
        }
        return new byte[] {v6[12], v6[13], v6[14], v6[15]};
    }
}
