package io.edgeway.turn.policy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An ordered list of IPv4 and IPv6 address ranges, each with a name, flattened into primitive arrays so
 * that matching allocates nothing and follows no pointers beyond the arrays.
 *
 * <p>IPv4 bounds are stored with the sign bit flipped, and IPv6 bounds as two longs (high and low 64
 * bits) with the sign bits flipped, so that signed comparison gives unsigned address order. Matching is
 * a linear scan returning the first range that contains the address: lists are short (a default table
 * of about 30 entries plus the operator's few), and a scan over a few cache lines beats a tree here.
 *
 * <p>Immutable and thread-safe once built.
 */
final class AddressRanges {

    private final int[] v4Start;
    private final int[] v4End;
    private final String[] v4Names;
    private final long[] v6StartHigh;
    private final long[] v6StartLow;
    private final long[] v6EndHigh;
    private final long[] v6EndLow;
    private final String[] v6Names;

    private AddressRanges(Builder b) {
        int n4 = b.v4Names.size();
        v4Start = new int[n4];
        v4End = new int[n4];
        v4Names = b.v4Names.toArray(new String[0]);
        for (int i = 0; i < n4; i++) {
            v4Start[i] = b.v4Bounds.get(2 * i) ^ Integer.MIN_VALUE;
            v4End[i] = b.v4Bounds.get(2 * i + 1) ^ Integer.MIN_VALUE;
        }
        int n6 = b.v6Names.size();
        v6StartHigh = new long[n6];
        v6StartLow = new long[n6];
        v6EndHigh = new long[n6];
        v6EndLow = new long[n6];
        v6Names = b.v6Names.toArray(new String[0]);
        for (int i = 0; i < n6; i++) {
            v6StartHigh[i] = b.v6Bounds.get(4 * i) ^ Long.MIN_VALUE;
            v6StartLow[i] = b.v6Bounds.get(4 * i + 1) ^ Long.MIN_VALUE;
            v6EndHigh[i] = b.v6Bounds.get(4 * i + 2) ^ Long.MIN_VALUE;
            v6EndLow[i] = b.v6Bounds.get(4 * i + 3) ^ Long.MIN_VALUE;
        }
    }

    /** Index of the first IPv4 range containing {@code address} (big-endian int), or -1. */
    int matchV4(int address) {
        int a = address ^ Integer.MIN_VALUE;
        int[] start = v4Start;
        int[] end = v4End;
        for (int i = 0; i < start.length; i++) {
            if (a >= start[i] && a <= end[i]) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the first IPv6 range containing the address {@code high:low}, or -1. */
    int matchV6(long high, long low) {
        long h = high ^ Long.MIN_VALUE;
        long l = low ^ Long.MIN_VALUE;
        for (int i = 0; i < v6StartHigh.length; i++) {
            long sh = v6StartHigh[i];
            long eh = v6EndHigh[i];
            boolean aboveStart = h > sh || h == sh && l >= v6StartLow[i];
            boolean belowEnd = h < eh || h == eh && l <= v6EndLow[i];
            if (aboveStart && belowEnd) {
                return i;
            }
        }
        return -1;
    }

    String v4Name(int index) {
        return v4Names[index];
    }

    String v6Name(int index) {
        return v6Names[index];
    }

    int size() {
        return v4Names.length + v6Names.length;
    }

    @Override
    public String toString() {
        return "AddressRanges{v4=" + Arrays.toString(v4Names) + ", v6=" + Arrays.toString(v6Names) + "}";
    }

    static Builder builder() {
        return new Builder();
    }

    /** Collects ranges; not thread-safe. */
    static final class Builder {
        private final List<Integer> v4Bounds = new ArrayList<>();
        private final List<String> v4Names = new ArrayList<>();
        private final List<Long> v6Bounds = new ArrayList<>();
        private final List<String> v6Names = new ArrayList<>();

        /**
         * Adds a range written as CIDR ({@code 10.0.0.0/8}, {@code fc00::/7}; host bits are ignored), a
         * single address, or coturn's inclusive {@code first-last} form. Only numeric literals are
         * accepted, so parsing never resolves a host name.
         *
         * @throws IllegalArgumentException naming {@code entry} when the syntax is wrong
         */
        Builder add(String entry, String name) {
            if (entry == null) {
                throw new IllegalArgumentException("peer address range is missing (null entry)");
            }
            String text = entry.trim();
            if (text.isEmpty()) {
                throw bad(entry, "empty");
            }
            int slash = text.indexOf('/');
            int dash = text.indexOf('-');
            if (slash >= 0 && dash >= 0) {
                throw bad(entry, "use either CIDR (a/n) or a range (a-b), not both");
            }
            if (slash >= 0) {
                byte[] address = literal(text.substring(0, slash), entry);
                int prefix = prefixLength(text.substring(slash + 1), address.length * 8, entry);
                return addPrefix(address, prefix, name);
            }
            if (dash >= 0) {
                byte[] first = literal(text.substring(0, dash), entry);
                byte[] last = literal(text.substring(dash + 1), entry);
                if (first.length != last.length) {
                    throw bad(entry, "both ends of a range must be the same address family");
                }
                if (Arrays.compareUnsigned(first, last) > 0) {
                    throw bad(entry, "the first address is above the last");
                }
                return addBounds(first, last, name);
            }
            byte[] single = literal(text, entry);
            return addBounds(single, single, name);
        }

        private Builder addPrefix(byte[] address, int prefix, String name) {
            byte[] first = address.clone();
            byte[] last = address.clone();
            for (int bit = prefix; bit < address.length * 8; bit++) {
                int mask = 0x80 >>> (bit & 7);
                first[bit >>> 3] &= (byte) ~mask;
                last[bit >>> 3] |= (byte) mask;
            }
            return addBounds(first, last, name);
        }

        private Builder addBounds(byte[] first, byte[] last, String name) {
            if (first.length == 4) {
                v4Bounds.add(toInt(first, 0));
                v4Bounds.add(toInt(last, 0));
                v4Names.add(name);
            } else {
                v6Bounds.add(toLong(first, 0));
                v6Bounds.add(toLong(first, 8));
                v6Bounds.add(toLong(last, 0));
                v6Bounds.add(toLong(last, 8));
                v6Names.add(name);
            }
            return this;
        }

        AddressRanges build() {
            return new AddressRanges(this);
        }

        private static int prefixLength(String text, int max, String entry) {
            if (text.isEmpty() || text.length() > 3) {
                throw bad(entry, "prefix length must be 0 to " + max);
            }
            int value = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    throw bad(entry, "prefix length must be 0 to " + max);
                }
                value = value * 10 + (c - '0');
            }
            if (value > max) {
                throw bad(entry, "prefix length must be 0 to " + max);
            }
            return value;
        }

        /** The bytes of a numeric address literal: 4 for dotted-quad IPv4, 16 for IPv6. */
        private static byte[] literal(String text, String entry) {
            if (text.isEmpty()) {
                throw bad(entry, "missing address");
            }
            if (text.indexOf(':') < 0) {
                return dottedQuad(text, entry);
            }
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
                    throw bad(entry, "'" + text + "' is not an IPv6 address (no zone ids or brackets)");
                }
            }
            InetAddress address;
            try {
                // A string containing ':' is parsed as an IPv6 literal and never looked up in DNS.
                address = InetAddress.getByName(text);
            } catch (UnknownHostException e) {
                throw bad(entry, "'" + text + "' is not an IPv6 address");
            }
            if (address instanceof Inet4Address) {
                throw bad(entry, "IPv4-mapped addresses are unmapped before matching: write the IPv4 form");
            }
            return address.getAddress();
        }

        private static byte[] dottedQuad(String text, String entry) {
            byte[] out = new byte[4];
            int part = 0;
            int value = -1;
            int digits = 0;
            for (int i = 0; i <= text.length(); i++) {
                char c = i == text.length() ? '.' : text.charAt(i);
                if (c == '.') {
                    if (digits == 0 || part == 4) {
                        throw bad(entry, "'" + text + "' is not a dotted-quad IPv4 address");
                    }
                    out[part++] = (byte) value;
                    value = -1;
                    digits = 0;
                } else if (c >= '0' && c <= '9' && digits == 1 && value == 0) {
                    // inet_aton reads "010" as octal 8: refuse rather than guess.
                    throw bad(entry, "'" + text + "' has an octet with a leading zero");
                } else if (c >= '0' && c <= '9' && digits < 3) {
                    value = (value < 0 ? 0 : value * 10) + (c - '0');
                    digits++;
                    if (value > 255) {
                        throw bad(entry, "'" + text + "' has an octet above 255");
                    }
                } else {
                    throw bad(entry, "'" + text + "' is not a dotted-quad IPv4 address");
                }
            }
            if (part != 4) {
                throw bad(entry, "'" + text + "' is not a dotted-quad IPv4 address");
            }
            return out;
        }

        private static IllegalArgumentException bad(String entry, String why) {
            return new IllegalArgumentException("bad peer address range '" + entry + "': " + why
                    + " (accepted: 10.0.0.0/8, fc00::/7, 192.0.2.1, 10.0.0.1-10.0.0.9)");
        }
    }

    static int toInt(byte[] b, int offset) {
        return (b[offset] & 0xFF) << 24 | (b[offset + 1] & 0xFF) << 16 | (b[offset + 2] & 0xFF) << 8
                | b[offset + 3] & 0xFF;
    }

    static long toLong(byte[] b, int offset) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (b[offset + i] & 0xFF);
        }
        return v;
    }
}
