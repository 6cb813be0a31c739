package io.qhtrack.filter;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Setting;
import io.qhtrack.core.internal.Printable;
import jakarta.servlet.http.HttpServletRequest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

/**
 * The reverse proxies the application declares trusted ({@code qhtrack.trusted-proxies}: addresses and CIDR blocks),
 * and what a request says once they are taken into account: the client's address, the site's public host, whether
 * the visitor used https.
 *
 * <p>A request's peer is {@code getRemoteAddr()}. Only when the peer is a trusted proxy do {@code Forwarded} (RFC
 * 7239, preferred when present), {@code X-Forwarded-For}, {@code X-Forwarded-Host} and {@code X-Forwarded-Proto}
 * count: the client is the right-most forwarded address that is not itself a trusted proxy (each proxy appends the
 * address it received the request from, so everything left of the first untrusted hop was written by the client and
 * is worth nothing), and a malformed or obfuscated hop ends the walk at the last trusted one. The public host and the
 * scheme are the first {@code host=}/{@code proto=} (or {@code X-Forwarded-Host}/{@code X-Forwarded-Proto}) value,
 * as Spring's {@code ForwardedHeaderFilter} reads them. From any other peer those headers change nothing.
 *
 * <p>A request the container or Spring Boot already rewrote ({@code server.forward-headers-strategy}: Tomcat's
 * {@code RemoteIpValve}, Spring's {@code ForwardedHeaderFilter}, Jetty's {@code ForwardedRequestCustomizer}) is taken
 * as it is: they rewrite {@code getRemoteAddr()}, {@code getServerName()}, {@code getServerPort()} and
 * {@code getScheme()}, which qhtrack reads. {@code qhtrack.trust-forwarded-proto=true}, the older setting, believes
 * {@code X-Forwarded-Proto} from any peer. Immutable.
 */
final class TrustedProxies {

    /** The value of {@code qhtrack.trusted-proxies} that names no proxy, as its default is documented. */
    static final String NONE = "none";

    /** One address block: a network and a prefix length. */
    private static final class Block {
        final byte[] network;
        final int prefix;

        Block(byte[] network, int prefix) {
            this.network = network;
            this.prefix = prefix;
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            return rest == 0 || ((address[full] ^ network[full]) & 0xff & (0xff << (8 - rest))) == 0;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            if (network.length == 4) {
                for (int i = 0; i < 4; i++) {
                    sb.append(i == 0 ? "" : ".").append(network[i] & 0xff);
                }
            } else {
                for (int i = 0; i < 16; i += 2) {
                    sb.append(i == 0 ? "" : ":").append(Integer.toHexString((network[i] & 0xff) << 8 | network[i + 1] & 0xff));
                }
            }
            return sb.append('/').append(prefix).toString();
        }
    }

    private final List<Block> blocks;
    private final boolean protoFromAnyPeer;

    private TrustedProxies(List<Block> blocks, boolean protoFromAnyPeer) {
        this.blocks = blocks;
        this.protoFromAnyPeer = protoFromAnyPeer;
    }

    /**
     * The proxies {@code value} lists ({@code qhtrack.trusted-proxies}: addresses and CIDR blocks separated by commas;
     * {@code null} or {@value #NONE} for none); {@code protoFromAnyPeer} is {@code qhtrack.trust-forwarded-proto}.
     *
     * @throws ConfigurationException naming the setting and the entry it cannot use
     */
    static TrustedProxies of(String value, boolean protoFromAnyPeer) {
        List<Block> blocks = new ArrayList<>();
        if (value != null && !NONE.equalsIgnoreCase(value.trim())) {
            for (String part : value.split(",", -1)) {
                blocks.add(block(part.trim(), value));
            }
        }
        return new TrustedProxies(Collections.unmodifiableList(blocks), protoFromAnyPeer);
    }

    private static Block block(String entry, String value) {
        int slash = entry.indexOf('/');
        byte[] address = IpAddresses.parse(slash < 0 ? entry : entry.substring(0, slash));
        int bits = address == null ? 0 : address.length * 8;
        int prefix = bits;
        if (address != null && slash >= 0) {
            String length = entry.substring(slash + 1);
            prefix = length.matches("[0-9]{1,3}") ? Integer.parseInt(length) : -1;
            if (address.length == 4 && entry.indexOf(':') >= 0) {
                prefix -= 96; // an IPv4-mapped IPv6 block, ::ffff:10.0.0.0/104, is the IPv4 block 10.0.0.0/8
            }
        }
        if (address == null || prefix < 0 || prefix > bits) {
            throw new ConfigurationException(Setting.TRUSTED_PROXIES, Printable.quoted(entry, 60) + " in "
                    + Printable.quoted(value, 200) + " is not an IP address or a CIDR block such as 10.0.0.0/8, "
                    + "192.168.1.10 or 2001:db8::/32 (no host names: they are never looked up)");
        }
        for (int i = 0; i < address.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - 8 * i));
            address[i] &= (byte) (0xff << (8 - keep));
        }
        return new Block(address, prefix);
    }

    /** Whether any proxy is trusted. */
    boolean isEmpty() {
        return blocks.isEmpty();
    }

    /** Whether {@code address} (4 or 16 bytes) is a trusted proxy. */
    boolean trusts(byte[] address) {
        for (Block block : blocks) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the request came straight from a trusted proxy. */
    boolean trustsPeer(HttpServletRequest request) {
        if (blocks.isEmpty()) {
            return false;
        }
        byte[] peer = IpAddresses.parseNode(request.getRemoteAddr());
        return peer != null && trusts(peer);
    }

    /**
     * The client's address, 4 or 16 bytes: the peer's, or behind trusted proxies the right-most forwarded address
     * that is not a trusted proxy; {@code null} when the peer's address is not an IP address (a Unix socket).
     */
    byte[] clientAddress(HttpServletRequest request) {
        byte[] client = IpAddresses.parseNode(request.getRemoteAddr()); // some containers bracket IPv6
        if (client == null || blocks.isEmpty() || !trusts(client)) {
            return client;
        }
        List<String> hops = hasHeader(request, "Forwarded") ? forwardedValues(request, "for", false)
                : commaSeparated(request, "X-Forwarded-For");
        for (int i = hops.size() - 1; i >= 0; i--) {
            byte[] hop = IpAddresses.parseNode(hops.get(i));
            if (hop == null) {
                break; // unknown, obfuscated or malformed: the last trusted hop answers for it
            }
            client = hop;
            if (!trusts(hop)) {
                break;
            }
        }
        return client;
    }

    /**
     * The host (and port) the visitor addressed, as the trusted proxy forwarded it ({@code Forwarded: host=}, else
     * {@code X-Forwarded-Host}); {@code null} when the peer is not trusted or forwarded none.
     */
    String forwardedHost(HttpServletRequest request) {
        if (!trustsPeer(request)) {
            return null;
        }
        String host = hasHeader(request, "Forwarded") ? first(forwardedValues(request, "host", true)) : null;
        return host != null ? host : first(commaSeparated(request, "X-Forwarded-Host"));
    }

    /**
     * Whether the visitor used https by what the trusted proxy forwarded ({@code Forwarded: proto=}, else
     * {@code X-Forwarded-Proto}), or, with {@code qhtrack.trust-forwarded-proto}, by {@code X-Forwarded-Proto} from
     * any peer.
     */
    boolean forwardedHttps(HttpServletRequest request) {
        if (protoFromAnyPeer && "https".equalsIgnoreCase(first(commaSeparated(request, "X-Forwarded-Proto")))) {
            return true;
        }
        if (!trustsPeer(request)) {
            return false;
        }
        String proto = hasHeader(request, "Forwarded") ? first(forwardedValues(request, "proto", true)) : null;
        return "https".equalsIgnoreCase(proto != null ? proto : first(commaSeparated(request, "X-Forwarded-Proto")));
    }

    private static boolean hasHeader(HttpServletRequest request, String name) {
        return request.getHeader(name) != null;
    }

    private static String first(List<String> values) {
        return values.isEmpty() ? null : values.get(0);
    }

    /** The comma-separated values of every header {@code name}, in order, trimmed; empty ones left out. */
    private static List<String> commaSeparated(HttpServletRequest request, String name) {
        List<String> values = new ArrayList<>(4);
        Enumeration<String> headers = request.getHeaders(name);
        while (headers != null && headers.hasMoreElements()) {
            for (String value : headers.nextElement().split(",", -1)) {
                String v = value.trim();
                if (!v.isEmpty()) {
                    values.add(v);
                }
            }
        }
        return values;
    }

    /**
     * The value of parameter {@code name} in each element of every {@code Forwarded} header, in order, unquoted:
     * {@code null} for an element without it (or, with {@code skipMissing}, nothing).
     */
    private static List<String> forwardedValues(HttpServletRequest request, String name, boolean skipMissing) {
        List<String> values = new ArrayList<>(4);
        Enumeration<String> headers = request.getHeaders("Forwarded");
        while (headers != null && headers.hasMoreElements()) {
            String header = headers.nextElement();
            int i = 0;
            while (i <= header.length()) {
                int end = elementEnd(header, i);
                String value = parameter(header, i, end, name);
                if (value != null || !skipMissing) {
                    values.add(value);
                }
                i = end + 1;
            }
        }
        return values;
    }

    /** Where the element starting at {@code from} ends: the next comma outside a quoted string, or the end. */
    private static int elementEnd(String header, int from) {
        boolean quoted = false;
        for (int i = from; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted) {
                i++;
            } else if (c == ',' && !quoted) {
                return i;
            }
        }
        return header.length();
    }

    /** The value of {@code name=} among the {@code ;}-separated pairs of {@code header[from, to)}, unquoted. */
    private static String parameter(String header, int from, int to, String name) {
        for (String pair : header.substring(from, to).split(";", -1)) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals(name)) {
                String value = pair.substring(eq + 1).trim();
                if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
                    value = value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
                }
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    /** For the start-up log. */
    String describe() {
        return (blocks.isEmpty() ? "trusted proxies none" : "trusted proxies " + blocks)
                + (protoFromAnyPeer ? ", X-Forwarded-Proto from any peer" : "");
    }
}
