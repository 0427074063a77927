package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralsTest {

    @ParameterizedTest
    @CsvSource({
        // RFC 5952 §4: lower case, no leading zeros, longest zero run as ::, first if tied, never for one group.
        "0:0:0:0:0:0:0:1, ::1",
        "0:0:0:0:0:0:0:0, ::",
        "2001:DB8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        "fe80:0:0:0:0:0:0:1, fe80::1",
        "1:0:0:0:0:0:0:0, 1::",
        "192.0.2.1, 192.0.2.1"})
    void formatsCanonically(String in, String expected) {
        assertThat(IpLiterals.format(IpLiterals.parse(in))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "example.com", "1.2.3", "1.2.3.4.5", "256.0.0.1", "::g", "", "1.2.3.4/24"})
    void acceptsLiteralsOnlyAndNeverLooksUpNames(String raw) {
        assertThatThrownBy(() -> IpLiterals.parse(raw)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not an IP address literal");
    }

    @Test
    void acceptsBracketedIpv6() throws Exception {
        assertThat(IpLiterals.parse("[::1]")).isEqualTo(InetAddress.getByName("::1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1", "10.0.0.0/8", "0.0.0.0/0", "::/0", "fd00::/8", "10.0.0.1-10.0.0.1", "::1-::ff"})
    void acceptsCoturnPeerRanges(String raw) {
        assertThat(IpLiterals.checkRange(raw)).isEqualTo(raw);
    }
}
