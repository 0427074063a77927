package io.edgeway.core.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CandidateTest {

    @Test
    void sfuHostCandidates() {
        Candidate udp = Candidate.udpHost("1", Candidate.priority(126, 65535, 1), "127.0.0.1", 10000);
        assertThat(udp.toAttribute()).isEqualTo("candidate:1 1 udp 2130706431 127.0.0.1 10000 typ host");
        Candidate tcp = Candidate.tcpPassiveHost("2", Candidate.priority(90, (4 << 13) | 8191, 1), "127.0.0.1", 4443);
        assertThat(tcp.toValue()).isEqualTo("2 1 tcp 1520435199 127.0.0.1 4443 typ host tcptype passive");
        assertThat(Candidate.parse(tcp.toAttribute())).isEqualTo(tcp);
        assertThat(Candidate.parse("a=" + udp.toAttribute())).isEqualTo(udp);
        assertThat(Candidate.parse(udp.toValue())).isEqualTo(udp);
    }

    @Test
    void priorityFormulaOfRfc8445() {
        // RFC 8445 §5.1.2.1: (2^24)*(type preference) + (2^8)*(local preference) + (256 - component ID)
        assertThat(Candidate.priority(126, 65535, 1)).isEqualTo(2130706431L);
        assertThat(Candidate.priority(0, 0, 256)).isZero();
        assertThat(Candidate.priority(100, 1, 2)).isEqualTo(100L * (1 << 24) + 256 + 254);
        assertThatThrownBy(() -> Candidate.priority(127, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void chromiumTrickleStringsRoundTrip() {
        for (String s : List.of(
                "candidate:1837696763 1 udp 2122194687 192.0.2.2 48592 typ host generation 0 network-id 1",
                "candidate:2468598383 1 tcp 1518214911 192.0.2.2 9 typ host tcptype active generation 0 network-id 1",
                "candidate:842163049 1 udp 1677729535 198.51.100.7 61234 typ srflx raddr 192.0.2.2 rport 48592"
                        + " generation 0 ufrag /5AP network-cost 999",
                "candidate:3 1 UDP 41885439 203.0.113.9 50000 typ relay raddr 0.0.0.0 rport 0",
                "candidate:4 1 udp 2122260223 0f1e2d3c-aaaa-bbbb-cccc-111122223333.local 54321 typ host")) {
            Candidate c = Candidate.parse(s);
            assertThat(c.toAttribute()).isEqualTo(s);
        }
        Candidate srflx = Candidate.parse("candidate:842163049 1 udp 1677729535 198.51.100.7 61234 typ srflx"
                + " raddr 192.0.2.2 rport 48592 generation 0 ufrag /5AP network-cost 999");
        assertThat(srflx.type()).isEqualTo("srflx");
        assertThat(srflx.relatedAddress()).isEqualTo("192.0.2.2");
        assertThat(srflx.relatedPort()).isEqualTo(48592);
        assertThat(srflx.extensions()).containsExactly(new Candidate.Extension("generation", "0"),
                new Candidate.Extension("ufrag", "/5AP"), new Candidate.Extension("network-cost", "999"));
        assertThat(Candidate.parse("candidate:3 1 UDP 41885439 203.0.113.9 50000 typ relay raddr 0.0.0.0 rport 0")
                .isUdp()).isTrue();
    }

    @Test
    void invalidValuesAreRefusedOnConstruction() {
        assertThatThrownBy(() -> Candidate.udpHost("has space", 1, "127.0.0.1", 1))
                .hasMessageContaining("foundation");
        assertThatThrownBy(() -> Candidate.udpHost("x".repeat(33), 1, "127.0.0.1", 1))
                .hasMessageContaining("foundation");
        assertThatThrownBy(() -> Candidate.udpHost("1", 1, "127.0.0.1\r\na=evil", 1))
                .hasMessageContaining("line break");
        assertThatThrownBy(() -> Candidate.udpHost("1", 1L << 31, "127.0.0.1", 1)).hasMessageContaining("priority");
        assertThatThrownBy(() -> new Candidate("1", 1, "udp", 1, "127.0.0.1", 1, "host", "10.0.0.1", -1, null,
                List.of())).hasMessageContaining("raddr and rport");
    }
}
