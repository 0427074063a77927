package io.edgeway.turn.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeway.turn.config.TurnServerConfig;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PeerPolicyTest {

    private static final int MIN_PORT = 49152;
    private static final int MAX_PORT = 65535;

    private static final PeerPolicy DEFAULTS = PeerPolicy.of(List.of(), List.of(), List.of(), MIN_PORT, MAX_PORT);

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A true Inet6Address even for ::ffff:a.b.c.d, which InetAddress.getByName would unmap itself. */
    static Inet6Address ip6(String literal) {
        try {
            byte[] bytes = new byte[16];
            byte[] parsed = InetAddress.getByName(literal).getAddress();
            if (parsed.length == 4) {
                bytes[10] = (byte) 0xFF;
                bytes[11] = (byte) 0xFF;
                System.arraycopy(parsed, 0, bytes, 12, 4);
            } else {
                bytes = parsed;
            }
            return Inet6Address.getByAddress(null, bytes, -1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0} is denied as {1}")
    @CsvSource({
            "0.0.0.0, this-network",
            "0.1.2.3, this-network",
            "::, this-network",
            "127.0.0.1, loopback",
            "127.255.255.254, loopback",
            "::1, loopback",
            "10.1.2.3, private",
            "172.16.0.1, private",
            "172.31.255.255, private",
            "192.168.1.1, private",
            "100.64.0.1, cgnat",
            "100.127.255.255, cgnat",
            "169.254.1.1, link-local",
            "169.254.169.254, metadata",
            "168.63.129.16, metadata",
            "100.100.100.200, metadata",
            "fd00:ec2::254, metadata",
            "fe80::1, link-local",
            "224.0.0.1, multicast",
            "239.255.255.250, multicast",
            "ff02::1, multicast",
            "192.0.0.8, reserved",
            "192.88.99.1, reserved",
            "240.0.0.1, reserved",
            "255.255.255.255, broadcast",
            "192.0.2.1, documentation",
            "198.51.100.1, documentation",
            "203.0.113.1, documentation",
            "2001:db8::1, documentation",
            "3fff::1, documentation",
            "198.18.0.1, benchmarking",
            "198.19.255.255, benchmarking",
            "2001:2::1, benchmarking",
            "100::1, discard",
            "2001::1, teredo",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2, teredo",
            "2001:10::1, reserved",
            "fc00::1, unique-local",
            "fd12:3456::1, unique-local",
            "fec0::1, site-local",
            "64:ff9b:1::a00:1, nat64-local",
            // Embedded IPv4 is judged as the IPv4 address it reaches.
            "::ffff:127.0.0.1, loopback",
            "::ffff:10.0.0.1, private",
            "::ffff:169.254.169.254, metadata",
            "::7f00:1, loopback",
            "::ffff:0:7f00:1, loopback",
            "64:ff9b::7f00:1, loopback",
            "64:ff9b::a9fe:a9fe, metadata",
            "2002:7f00:1::1, 6to4-loopback",
            "2002:a00:1::1, 6to4-private",
            "2002:a9fe:a9fe::1, 6to4-metadata"
    })
    void everyDefaultClassIsDenied(String literal, String className) {
        InetAddress peer = ip(literal);

        assertThat(DEFAULTS.permitsAddress(peer)).isFalse();
        assertThat(DEFAULTS.permits(peer, 50000)).isFalse();
        assertThat(DEFAULTS.permits(peer, 3478)).isFalse();
        assertThat(DEFAULTS.describe(peer)).isEqualTo(className);
    }

    @ParameterizedTest
    @ValueSource(strings = {"::ffff:127.0.0.1", "::ffff:0.0.0.0", "::ffff:192.168.0.1", "::ffff:100.64.0.1"})
    void mappedAddressesAreDeniedEvenAsGenuineInet6Address(String literal) {
        Inet6Address mapped = ip6(literal);

        assertThat(mapped).isInstanceOf(Inet6Address.class);
        assertThat(DEFAULTS.permitsAddress(mapped)).isFalse();
        assertThat(DEFAULTS.permits(mapped, 50000)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "93.184.216.34", "172.32.0.1", "100.128.0.1", "2606:4700::1111",
            "2a00:1450:4001:80b::200e", "64:ff9b::808:808", "2002:808:808::1", "::ffff:8.8.4.4"})
    void publicAddressesAreAllowed(String literal) {
        InetAddress peer = ip(literal);

        assertThat(DEFAULTS.permitsAddress(peer)).isTrue();
        assertThat(DEFAULTS.permits(peer, 53)).isTrue();
        assertThat(DEFAULTS.permits(peer, 50000)).isTrue();
        assertThat(DEFAULTS.describe(peer)).isEqualTo("global");
    }

    @Test
    void canonicalizeUnmapsEmbeddedIpv4() {
        assertThat(PeerPolicy.canonicalize(ip6("::ffff:127.0.0.1"))).isEqualTo(ip("127.0.0.1"))
                .isInstanceOf(Inet4Address.class);
        assertThat(PeerPolicy.canonicalize(ip("::7f00:1"))).isEqualTo(ip("127.0.0.1"));
        assertThat(PeerPolicy.canonicalize(ip("::ffff:0:a00:1"))).isEqualTo(ip("10.0.0.1"));
        assertThat(PeerPolicy.canonicalize(ip("64:ff9b::a00:1"))).isEqualTo(ip("10.0.0.1"));
    }

    @Test
    void canonicalizeKeepsOtherAddresses() {
        InetAddress v6 = ip("2606:4700::1111");
        InetAddress v4 = ip("8.8.8.8");

        assertThat(PeerPolicy.canonicalize(v6)).isSameAs(v6);
        assertThat(PeerPolicy.canonicalize(v4)).isSameAs(v4);
        assertThat(PeerPolicy.canonicalize(ip("::1"))).isEqualTo(ip("::1")).isInstanceOf(Inet6Address.class);
        assertThat(PeerPolicy.canonicalize(ip("::"))).isInstanceOf(Inet6Address.class);
        assertThat(PeerPolicy.canonicalize(ip("64:ff9b:1::a00:1"))).isInstanceOf(Inet6Address.class);
        assertThat(PeerPolicy.canonicalize(ip("2002:7f00:1::1"))).isInstanceOf(Inet6Address.class);
    }

    @Test
    void anAllowListOpensLoopbackAsTheServerTestsDo() {
        PeerPolicy policy = PeerPolicy.of(List.of("127.0.0.0/8"), List.of(), List.of(), MIN_PORT, MAX_PORT);

        assertThat(policy.permits(ip("127.0.0.1"), 40000)).isTrue();
        assertThat(policy.permitsAddress(ip("127.0.0.2"))).isTrue();
        assertThat(policy.permits(ip6("::ffff:127.0.0.1"), 40000)).isTrue();
        assertThat(policy.describe(ip("127.0.0.1"))).isEqualTo("allowed 127.0.0.0/8");
        assertThat(policy.permitsAddress(ip("::1"))).as("the IPv4 range does not open IPv6 loopback").isFalse();
        assertThat(policy.permitsAddress(ip("10.0.0.1"))).isFalse();
        assertThat(policy.permitsAddress(ip("169.254.169.254"))).isFalse();
    }

    @Test
    void anAllowListCanOpenIpv6Loopback() {
        PeerPolicy policy = PeerPolicy.of(List.of("::1/128"), List.of(), List.of(), MIN_PORT, MAX_PORT);

        assertThat(policy.permits(ip("::1"), 40000)).isTrue();
        assertThat(policy.permitsAddress(ip("127.0.0.1"))).isFalse();
    }

    @Test
    void theDenyListBeatsTheAllowList() {
        PeerPolicy policy = PeerPolicy.of(List.of("10.0.0.0/8"), List.of("10.1.0.0/16"), List.of(), MIN_PORT, MAX_PORT);

        assertThat(policy.permitsAddress(ip("10.1.2.3"))).isFalse();
        assertThat(policy.describe(ip("10.1.2.3"))).isEqualTo("denied 10.1.0.0/16");
        assertThat(policy.permitsAddress(ip("10.2.0.1"))).isTrue();
    }

    @Test
    void theDenyListClosesPublicAddressesIncludingThroughEmbeddings() {
        PeerPolicy policy = PeerPolicy.of(List.of(), List.of("8.8.8.0/24", "2606:4700::/32"), List.of(),
                MIN_PORT, MAX_PORT);

        assertThat(policy.permitsAddress(ip("8.8.8.8"))).isFalse();
        assertThat(policy.permitsAddress(ip6("::ffff:8.8.8.8"))).isFalse();
        assertThat(policy.permitsAddress(ip("64:ff9b::808:808"))).isFalse();
        assertThat(policy.permitsAddress(ip("2002:808:808::1"))).as("6to4 of a denied address").isFalse();
        assertThat(policy.permitsAddress(ip("2606:4700::1111"))).isFalse();
        assertThat(policy.permitsAddress(ip("8.8.4.4"))).isTrue();
    }

    @Test
    void rangeAndSingleAddressSyntaxesWork() {
        PeerPolicy policy = PeerPolicy.of(List.of("10.0.0.1-10.0.0.9", "192.168.7.7", " 172.16.0.0/12 ",
                "fd00::1-fd00::ff"), List.of(), List.of(), MIN_PORT, MAX_PORT);

        assertThat(policy.permitsAddress(ip("10.0.0.1"))).isTrue();
        assertThat(policy.permitsAddress(ip("10.0.0.9"))).isTrue();
        assertThat(policy.permitsAddress(ip("10.0.0.10"))).isFalse();
        assertThat(policy.permitsAddress(ip("10.0.0.0"))).isFalse();
        assertThat(policy.permitsAddress(ip("192.168.7.7"))).isTrue();
        assertThat(policy.permitsAddress(ip("192.168.7.8"))).isFalse();
        assertThat(policy.permitsAddress(ip("172.20.1.1"))).isTrue();
        assertThat(policy.permitsAddress(ip("fd00::80"))).isTrue();
        assertThat(policy.permitsAddress(ip("fd00::100"))).isFalse();
    }

    @Test
    void cidrHostBitsAreIgnoredAndZeroPrefixCoversAFamily() {
        PeerPolicy hostBits = PeerPolicy.of(List.of("192.168.1.77/24"), List.of(), List.of(), MIN_PORT, MAX_PORT);
        PeerPolicy everything = PeerPolicy.of(List.of(), List.of("0.0.0.0/0"), List.of(), MIN_PORT, MAX_PORT);

        assertThat(hostBits.permitsAddress(ip("192.168.1.0"))).isTrue();
        assertThat(hostBits.permitsAddress(ip("192.168.1.255"))).isTrue();
        assertThat(hostBits.permitsAddress(ip("192.168.2.1"))).isFalse();
        assertThat(everything.permitsAddress(ip("8.8.8.8"))).isFalse();
        assertThat(everything.permitsAddress(ip("2606:4700::1111"))).as("an IPv4 range leaves IPv6 alone").isTrue();
    }

    @Test
    void selfRelayIsAllowedOnlyOnLiveRelayPorts() {
        InetAddress own = ip("10.0.0.5");
        LiveRelayPorts live = new LiveRelayPorts();
        PeerPolicy policy = PeerPolicy.of(List.of(), List.of(), List.of(own), MIN_PORT, MAX_PORT)
                .withLiveRelayPorts(live);
        live.bound(false, MIN_PORT);
        live.bound(false, 50000);
        live.bound(false, MAX_PORT);

        assertThat(policy.permitsAddress(own)).as("permission: ports are checked on ChannelBind/Send").isTrue();
        assertThat(policy.permits(own, MIN_PORT)).isTrue();
        assertThat(policy.permits(own, 50000)).isTrue();
        assertThat(policy.permits(own, MAX_PORT)).isTrue();
        assertThat(policy.permits(own, 50001)).as("inside the range, but no relay socket holds it").isFalse();
        assertThat(policy.permits(own, MIN_PORT - 1)).isFalse();
        assertThat(policy.permits(own, 3478)).isFalse();
        assertThat(policy.permits(own, 22)).isFalse();
        assertThat(policy.permits(ip6("::ffff:10.0.0.5"), 50000)).isTrue();
        assertThat(policy.permits(ip6("::ffff:10.0.0.5"), 3478)).isFalse();
        assertThat(policy.describe(own)).isEqualTo("self-relay");
        assertThat(policy.permitsAddress(ip("10.0.0.6"))).as("neighbours stay private").isFalse();

        live.closed(false, 50000);
        assertThat(policy.permits(own, 50000)).as("closed with its allocation").isFalse();
        assertThat(policy.permitsIpv4(0x0A000005, MIN_PORT)).isTrue();
        assertThat(policy.permitsIpv4(0x0A000005, 50000)).isFalse();
    }

    @Test
    void withoutALiveRelayRegistryNoOwnRelayPortIsOpen() {
        InetAddress own = ip("10.0.0.5");
        PeerPolicy policy = PeerPolicy.of(List.of(), List.of(), List.of(own), MIN_PORT, MAX_PORT);

        assertThat(policy.permitsAddress(own)).isTrue();
        assertThat(policy.permits(own, 50000)).isFalse();
    }

    @Test
    void aPortBoundOnTheOtherFamilyDoesNotOpenThisOne() {
        InetAddress own = ip("93.184.216.34");
        InetAddress ownV6 = ip("2606:4700::5");
        LiveRelayPorts live = new LiveRelayPorts();
        PeerPolicy policy = PeerPolicy.of(List.of(), List.of(), List.of(own, ownV6), 50000, 50100)
                .withLiveRelayPorts(live);
        live.bound(true, 50050);

        assertThat(policy.permits(ownV6, 50050)).isTrue();
        assertThat(policy.permits(own, 50050)).isFalse();
    }

    @Test
    void ownMediaPortIsAllowedOnItsPortOnly() {
        InetAddress loopback = ip("127.0.0.1");
        InetAddress mediaV6 = ip("2606:4700::7");
        PeerPolicy policy = PeerPolicy.of(List.of(), List.of(), List.of(ip("10.0.0.5")), MIN_PORT, MAX_PORT)
                .withMediaEndpoints(List.of(new InetSocketAddress(loopback, 10000),
                        new InetSocketAddress(mediaV6, 10000)));

        assertThat(policy.permitsAddress(loopback)).as("permission: the port is checked on ChannelBind/Send").isTrue();
        assertThat(policy.permits(loopback, 10000)).isTrue();
        assertThat(policy.permits(ip6("::ffff:127.0.0.1"), 10000)).as("canonicalised first").isTrue();
        assertThat(policy.permits(loopback, 10001)).as("the rest of the host stays closed").isFalse();
        assertThat(policy.permits(loopback, 3478)).isFalse();
        assertThat(policy.permitsIpv4(0x7F000001, 10000)).isTrue();
        assertThat(policy.permitsIpv4(0x7F000001, 8080)).isFalse();
        assertThat(policy.permits(ip("127.0.0.2"), 10000)).isFalse();
        assertThat(policy.permits(mediaV6, 10000)).isTrue();
        assertThat(policy.permits(mediaV6, 443)).as("a global address was a peer before, on any port")
                .isTrue();
        assertThat(policy.describe(loopback)).isEqualTo("media-port");
        assertThat(policy.mediaEndpoints()).hasSize(2);
        // the relay rule is unchanged next to it: no live relay port, no way in
        assertThat(policy.permits(ip("10.0.0.5"), MIN_PORT)).isFalse();
        assertThat(policy.permits(ip("10.0.0.5"), 10000)).isFalse();
    }

    @Test
    void deniedListWinsOverTheMediaPortAndEmptyEndpointsCloseItAgain() {
        InetSocketAddress media = new InetSocketAddress(ip("127.0.0.1"), 10000);
        PeerPolicy denied = PeerPolicy.of(List.of(), List.of("127.0.0.0/8"), List.of(), MIN_PORT, MAX_PORT)
                .withMediaEndpoints(List.of(media));
        assertThat(denied.permits(media.getAddress(), 10000)).isFalse();

        PeerPolicy open = PeerPolicy.of(List.of(), List.of(), List.of(), MIN_PORT, MAX_PORT)
                .withMediaEndpoints(List.of(media));
        assertThat(open.withMediaEndpoints(List.of()).permits(media.getAddress(), 10000)).isFalse();
        assertThatThrownBy(() -> open.withMediaEndpoints(List.of(new InetSocketAddress(ip("0.0.0.0"), 10000))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> open.withMediaEndpoints(List.of(new InetSocketAddress(ip("127.0.0.1"), 0))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void selfRelayRestrictsAPublicRelayAddressToRelayPorts() {
        InetAddress own = ip("93.184.216.34");
        InetAddress ownV6 = ip("2606:4700::5");
        LiveRelayPorts live = new LiveRelayPorts();
        PeerPolicy policy = PeerPolicy.of(List.of(), List.of(), List.of(own, ownV6), 50000, 50100)
                .withLiveRelayPorts(live);
        live.bound(false, 50050);
        live.bound(false, 443);
        live.bound(true, 50100);
        live.bound(true, 50101);

        assertThat(policy.permits(own, 50050)).isTrue();
        assertThat(policy.permits(own, 443)).as("nobody reaches the box's other services").isFalse();
        assertThat(policy.permits(ownV6, 50100)).isTrue();
        assertThat(policy.permits(ownV6, 50101)).isFalse();
        assertThat(policy.permitsAddress(ownV6)).isTrue();
        assertThat(policy.permits(ip("93.184.216.35"), 443)).isTrue();
    }

    @Test
    void anAllowListCoveringTheServerOpensAllItsPorts() {
        InetAddress own = ip("127.0.0.1");
        PeerPolicy policy = PeerPolicy.of(List.of("127.0.0.0/8"), List.of(), List.of(own), MIN_PORT, MAX_PORT);

        assertThat(policy.permits(own, 3478)).isTrue();
    }

    @Test
    void theDenyListAlsoBeatsSelfRelay() {
        InetAddress own = ip("93.184.216.34");
        LiveRelayPorts live = new LiveRelayPorts();
        PeerPolicy policy = PeerPolicy.of(List.of(), List.of("93.184.216.0/24"), List.of(own), MIN_PORT, MAX_PORT)
                .withLiveRelayPorts(live);
        live.bound(false, 50000);

        assertThat(policy.permits(own, 50000)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/x", "10.0.0", "10.0.0.0.1", "300.1.1.1",
            "010.0.0.1", "example.com", "localhost", "10.0.0.9-10.0.0.1", "10.0.0.1-::1", "10.0.0.1-", "fe80::1%eth0",
            "[::1]", "gggg::1", "::ffff:10.0.0.0/104", "10.0.0.0/8-10.0.0.9", " ", ""})
    void badRangeSyntaxNamesTheEntry(String entry) {
        assertThatThrownBy(() -> PeerPolicy.of(List.of(entry), List.of(), List.of(), MIN_PORT, MAX_PORT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad peer address range '" + entry + "'");
        assertThatThrownBy(() -> PeerPolicy.of(List.of(), List.of(entry), List.of(), MIN_PORT, MAX_PORT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + entry + "'");
    }

    @Test
    void wildcardRelayAddressesAndBadPortRangesAreRefused() {
        assertThatThrownBy(() -> PeerPolicy.of(List.of(), List.of(), List.of(ip("0.0.0.0")), MIN_PORT, MAX_PORT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wildcard");
        assertThatThrownBy(() -> PeerPolicy.of(List.of(), List.of(), List.of(ip("::")), MIN_PORT, MAX_PORT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wildcard");
        assertThatThrownBy(() -> PeerPolicy.of(List.of(), List.of(), List.of(), 60000, 50000))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PeerPolicy.of(List.of(), List.of(), List.of(), 1, 65536))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theConfigurationSuppliesListsAndPorts() {
        TurnServerConfig config = TurnServerConfig.builder()
                .allowedPeerRanges(List.of("127.0.0.0/8"))
                .deniedPeerRanges(List.of("8.8.8.8"))
                .minPort(50000).maxPort(50010)
                .build();
        InetAddress own = ip("198.51.100.9");

        LiveRelayPorts live = new LiveRelayPorts();
        PeerPolicy policy = PeerPolicy.of(config, List.of(own)).withLiveRelayPorts(live);
        live.bound(false, 50010);
        live.bound(false, 50011);

        assertThat(policy.permitsAddress(ip("127.0.0.1"))).isTrue();
        assertThat(policy.permitsAddress(ip("8.8.8.8"))).isFalse();
        assertThat(policy.permits(own, 50010)).isTrue();
        assertThat(policy.permits(own, 50011)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "127.0.0.1", "10.0.0.5", "0.0.0.0", "::1", "::", "2606:4700::1111",
            "64:ff9b::7f00:1", "2002:7f00:1::1", "fe80::1", "::ffff:0:a00:5", "2606:4700::5"})
    void primitiveFormsAgreeWithTheAddressForms(String literal) {
        InetAddress own = ip("10.0.0.5");
        PeerPolicy policy = PeerPolicy.of(List.of("fe80::/64"), List.of("8.8.8.0/24"), List.of(own, ip("2606:4700::5")),
                MIN_PORT, MAX_PORT);
        InetAddress peer = ip(literal);
        byte[] b = peer.getAddress();

        for (int port : new int[] {22, 50000}) {
            boolean expected = policy.permits(peer, port);
            if (b.length == 4) {
                assertThat(policy.permitsIpv4(AddressRanges.toInt(b, 0), port)).isEqualTo(expected);
            } else {
                assertThat(policy.permitsIpv6(AddressRanges.toLong(b, 0), AddressRanges.toLong(b, 8), port))
                        .isEqualTo(expected);
            }
        }
        boolean permission = policy.permitsAddress(peer);
        if (b.length == 4) {
            assertThat(policy.permitsIpv4(AddressRanges.toInt(b, 0), PeerPolicy.ANY_PORT)).isEqualTo(permission);
        } else {
            assertThat(policy.permitsIpv6(AddressRanges.toLong(b, 0), AddressRanges.toLong(b, 8), PeerPolicy.ANY_PORT))
                    .isEqualTo(permission);
        }
    }

    @Test
    void permitsAllocatesNothingOnTheSendPath() {
        PeerPolicy policy = PeerPolicy.of(List.of("127.0.0.0/8"), List.of("8.8.4.0/24"),
                List.of(ip("10.0.0.5")), MIN_PORT, MAX_PORT);
        InetAddress[] peers = {ip("8.8.8.8"), ip("127.0.0.1"), ip("10.0.0.5"), ip("192.168.1.1"), ip("8.8.4.4")};
        long v6High = AddressRanges.toLong(ip("2606:4700::1111").getAddress(), 0);
        long v6Low = AddressRanges.toLong(ip("2606:4700::1111").getAddress(), 8);
        long[] sink = new long[1];

        long allocated = AllocationCounter.allocatedBy(() -> {
            for (int i = 0; i < 20_000; i++) {
                InetAddress peer = peers[i % peers.length];
                if (policy.permits(peer, 50000 + (i & 7))) {
                    sink[0]++;
                }
                if (policy.permitsAddress(peer)) {
                    sink[0]++;
                }
                if (policy.permitsIpv6(v6High, v6Low + i, 50000)) {
                    sink[0]++;
                }
            }
        });

        assertThat(allocated).as("bytes allocated by 60,000 calls").isLessThan(20_000);
        assertThat(sink[0]).isPositive();
    }
}
