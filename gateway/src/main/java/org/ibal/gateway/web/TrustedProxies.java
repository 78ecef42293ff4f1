package org.ibal.gateway.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code IBAL_TRUSTED_PROXIES}: the addresses (IPs or CIDR ranges) whose {@code X-Forwarded-For} and
 * {@code Forwarded} headers are believed. A client's address is the TCP peer, unless the peer is one of these; then
 * it is the right-most forwarded address that is not itself a trusted proxy — the left part of the list is whatever
 * the client wrote, and only what the trusted proxies appended can be relied on.
 *
 * <p>Addresses are parsed as literals only: nothing here ever asks DNS.
 */
public final class TrustedProxies {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /** Comma-separated IPs and CIDRs; blank trusts nobody. */
    public static TrustedProxies parse(String setting) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : setting.split(",")) {
            String trimmed = entry.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            String[] parts = trimmed.split("/", 2);
            InetAddress network = literal(parts[0]);
            if (network == null) {
                throw new IllegalArgumentException("IBAL_TRUSTED_PROXIES: " + trimmed
                        + " is not an IP address or CIDR range" + " (e.g. 172.28.0.10, 10.0.0.0/8, fd00::/8)");
            }
            int bits = network.getAddress().length * 8;
            int prefix = bits;
            if (parts.length == 2) {
                try {
                    prefix = Integer.parseInt(parts[1]);
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException(
                            "IBAL_TRUSTED_PROXIES: " + trimmed + " has a prefix outside 0.." + bits);
                }
            }
            ranges.add(new Range(network.getAddress(), prefix));
        }
        return new TrustedProxies(ranges);
    }

    public static TrustedProxies none() {
        return new TrustedProxies(List.of());
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** True when {@code address} (a literal) is one of the trusted proxies. */
    public boolean trusts(String address) {
        InetAddress parsed = literal(address);
        return parsed != null && ranges.stream().anyMatch(range -> range.contains(parsed.getAddress()));
    }

    /**
     * The client's address.
     *
     * @param peer            the TCP peer (Jetty's remote address)
     * @param xForwardedFor   every {@code X-Forwarded-For} header, in order
     * @param forwarded       every {@code Forwarded} header, in order (read only when there is no X-Forwarded-For)
     */
    public String clientAddress(String peer, List<String> xForwardedFor, List<String> forwarded) {
        if (!trusts(peer)) {
            return canonical(peer);
        }
        List<String> chain = entries(xForwardedFor);
        if (chain.isEmpty()) {
            chain = forwardedFor(forwarded);
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            InetAddress hop = literal(node(chain.get(i)));
            if (hop == null) {
                return canonical(peer); // a proxy we trust wrote something that is no address: believe nothing further
            }
            if (!trusts(hop.getHostAddress())) {
                return hop.getHostAddress();
            }
        }
        // every hop is a trusted proxy: the left-most is where the request came from
        InetAddress first = chain.isEmpty() ? null : literal(node(chain.get(0)));
        return first == null ? canonical(peer) : first.getHostAddress();
    }

    /** {@code X-Forwarded-Proto} as the nearest trusted proxy wrote it, or null when there is none to believe. */
    public String forwardedProto(String peer, String xForwardedProto) {
        if (xForwardedProto == null || !trusts(peer)) {
            return null;
        }
        String[] values = xForwardedProto.split(",");
        String nearest = values[values.length - 1].strip().toLowerCase(Locale.ROOT);
        return nearest.equals("https") || nearest.equals("http") ? nearest : null;
    }

    private static List<String> entries(List<String> headers) {
        List<String> entries = new ArrayList<>();
        for (String header : headers) {
            for (String entry : header.split(",")) {
                if (!entry.isBlank()) {
                    entries.add(entry.strip());
                }
            }
        }
        return entries;
    }

    /** The {@code for=} values of RFC 7239 {@code Forwarded} headers, in order. */
    private static List<String> forwardedFor(List<String> headers) {
        List<String> entries = new ArrayList<>();
        for (String element : entries(headers)) {
            for (String pair : element.split(";")) {
                String[] kv = pair.strip().split("=", 2);
                if (kv.length == 2 && kv[0].strip().equalsIgnoreCase("for")) {
                    entries.add(kv[1].strip());
                }
            }
        }
        return entries;
    }

    /** An address without quotes, brackets or port: {@code "[2001:db8::1]:4711"} → {@code 2001:db8::1}. */
    private static String node(String value) {
        String node = value.strip();
        if (node.length() >= 2 && node.startsWith("\"") && node.endsWith("\"")) {
            node = node.substring(1, node.length() - 1);
        }
        if (node.startsWith("[")) {
            int end = node.indexOf(']');
            return end > 0 ? node.substring(1, end) : node;
        }
        int colon = node.indexOf(':');
        if (colon > 0 && colon == node.lastIndexOf(':')) {
            return node.substring(0, colon); // IPv4 with a port
        }
        return node;
    }

    private static String canonical(String address) {
        InetAddress parsed = literal(address);
        return parsed == null ? address : parsed.getHostAddress();
    }

    /** The address {@code text} spells, or null; only literals are parsed, so no name is ever looked up. */
    static InetAddress literal(String text) {
        if (text == null) {
            return null;
        }
        String candidate = text.strip();
        if (candidate.startsWith("[") && candidate.endsWith("]")) {
            candidate = candidate.substring(1, candidate.length() - 1);
        }
        boolean ipv4 = IPV4.matcher(candidate).matches();
        if (ipv4) {
            for (String octet : candidate.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return null; // else the JDK would take it for a host name and ask DNS
                }
            }
        } else if (!IPV6.matcher(candidate).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(candidate); // a colon makes it an IPv6 literal or an error, never a lookup
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private record Range(byte[] network, int prefix) {
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
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }
}
