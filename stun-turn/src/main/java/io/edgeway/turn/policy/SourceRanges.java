package io.edgeway.turn.policy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.function.Predicate;

/**
 * A set of source address ranges written as for the peer lists (CIDR, single address, or coturn's
 * {@code first-last}), as a predicate: which TCP peers are load balancers whose PROXY protocol headers are
 * believed ({@code proxy-protocol-from}). Addresses are canonicalised first, so an IPv4-mapped IPv6 peer
 * matches its IPv4 range. Immutable and thread-safe; matching allocates nothing.
 */
public final class SourceRanges implements Predicate<InetAddress> {

    private final AddressRanges ranges;

    private SourceRanges(AddressRanges ranges) {
        this.ranges = ranges;
    }

    /** @throws IllegalArgumentException naming the entry whose syntax is wrong */
    public static SourceRanges of(List<String> entries) {
        AddressRanges.Builder builder = AddressRanges.builder();
        for (String entry : entries) {
            builder.add(entry, entry == null ? null : entry.trim());
        }
        return new SourceRanges(builder.build());
    }

    /** Whether no range is given: nothing matches. */
    public boolean isEmpty() {
        return ranges.size() == 0;
    }

    @Override
    public boolean test(InetAddress source) {
        InetAddress address = PeerPolicy.canonicalize(source);
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return ranges.matchV4(AddressRanges.toInt(b, 0)) >= 0;
        }
        return ranges.matchV6(AddressRanges.toLong(b, 0), AddressRanges.toLong(b, 8)) >= 0;
    }

    @Override
    public String toString() {
        return ranges.toString();
    }
}
