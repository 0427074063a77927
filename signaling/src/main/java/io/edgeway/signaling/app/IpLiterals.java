package io.edgeway.signaling.app;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IP address literals and coturn's peer ranges, parsed without ever consulting DNS: a configuration
 * that names hosts would make the server's start depend on a resolver. Stateless.
 */
final class IpLiterals {
    private static final Pattern V4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]+(%[0-9A-Za-z._-]+)?");

    private IpLiterals() {
    }

    /** Parses a dotted-quad IPv4 or an IPv6 literal (brackets allowed). */
    static InetAddress parse(String raw) {
        String v = raw.startsWith("[") && raw.endsWith("]") ? raw.substring(1, raw.length() - 1) : raw;
        Matcher m = V4.matcher(v);
        if (m.matches()) {
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(m.group(i + 1));
                if (octet > 255) {
                    throw notIp(raw);
                }
                b[i] = (byte) octet;
            }
            return byAddress(b, raw);
        }
        // The JDK parses a string containing ':' as an IPv6 literal and never looks it up.
        if (v.indexOf(':') >= 0 && V6.matcher(v).matches()) {
            try {
                return InetAddress.getByName(v);
            } catch (UnknownHostException e) {
                throw notIp(raw);
            }
        }
        throw notIp(raw);
    }

    /** The address as text: dotted quad, or RFC 5952 canonical IPv6 ({@code ::1}, not {@code 0:0:0:0:0:0:0:1}). */
    static String format(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length == 4) {
            return a.getHostAddress();
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        // RFC 5952 §4.2: "::" replaces the longest run of two or more zero groups, the first if tied.
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        if (a instanceof Inet6Address && ((Inet6Address) a).getScopeId() != 0) {
            Inet6Address scoped = (Inet6Address) a;
            sb.append('%').append(scoped.getScopedInterface() != null
                    ? scoped.getScopedInterface().getName() : String.valueOf(scoped.getScopeId()));
        }
        return sb.toString();
    }

    /** Checks coturn's peer range forms (one address, {@code a-b}, or CIDR) and returns the text. */
    static String checkRange(String raw) {
        int dash = raw.indexOf('-');
        int slash = raw.indexOf('/');
        if (dash >= 0) {
            InetAddress from = parse(raw.substring(0, dash).trim());
            InetAddress to = parse(raw.substring(dash + 1).trim());
            if (from.getAddress().length != to.getAddress().length) {
                throw new IllegalArgumentException("range ends must be the same family (\"" + raw + "\")");
            }
            if (compare(from.getAddress(), to.getAddress()) > 0) {
                throw new IllegalArgumentException("range start is after its end (\"" + raw + "\")");
            }
        } else if (slash >= 0) {
            InetAddress base = parse(raw.substring(0, slash).trim());
            int bits = base.getAddress().length * 8;
            int prefix;
            try {
                prefix = Integer.parseInt(raw.substring(slash + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("prefix length is not a number (\"" + raw + "\")");
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("prefix length must be between 0 and " + bits + " (\"" + raw + "\")");
            }
        } else {
            parse(raw);
        }
        return raw;
    }

    private static int compare(byte[] a, byte[] b) {
        for (int i = 0; i < a.length; i++) {
            int c = Integer.compare(a[i] & 0xff, b[i] & 0xff);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static InetAddress byAddress(byte[] b, String raw) {
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw notIp(raw);
        }
    }

    private static IllegalArgumentException notIp(String raw) {
        return new IllegalArgumentException("not an IP address literal (\"" + raw + "\")");
    }
}
