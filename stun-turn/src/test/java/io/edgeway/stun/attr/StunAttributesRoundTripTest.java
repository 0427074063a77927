package io.edgeway.stun.attr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeway.stun.codec.MessageFixture;
import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunMessage;
import io.edgeway.stun.codec.StunMessageType;
import io.edgeway.stun.codec.StunParseException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Write then read gives back the same value, for every STUN attribute of RFC 8489. */
class StunAttributesRoundTripTest {

    private static InetSocketAddress address(String host, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.1", "255.255.255.255", "0.0.0.0", "2001:db8:1234:5678:11:2233:4455:6677", "::1"})
    void xorAddress(String host) throws Exception {
        InetSocketAddress expected = address(host, 32853);
        int[] types = {StunAttributeType.XOR_MAPPED_ADDRESS, StunAttributeType.XOR_PEER_ADDRESS,
                StunAttributeType.XOR_RELAYED_ADDRESS};
        try (MessageFixture f = MessageFixture.of(w -> {
            for (int type : types) {
                XorAddress.addTo(w, type, expected);
            }
        })) {
            for (int type : types) {
                int index = f.index(type);
                assertThat(XorAddress.read(f.message(), index)).isEqualTo(expected);
                assertThat(XorAddress.port(f.message(), index)).isEqualTo(32853);
                boolean v4 = expected.getAddress().getAddress().length == 4;
                assertThat(XorAddress.family(f.message(), index))
                        .isEqualTo(v4 ? XorAddress.FAMILY_IPV4 : XorAddress.FAMILY_IPV6);
                assertThat(f.message().valueLength(index)).isEqualTo(v4 ? 8 : 20);
                if (v4) {
                    assertThat(XorAddress.ipv4(f.message(), index))
                            .isEqualTo(ByteBuffer.wrap(expected.getAddress().getAddress()).getInt());
                }
            }
        }
    }

    @Test
    void xorAddressPortExtremes() throws Exception {
        for (int port : new int[] {0, 1, 0x2112, 65535}) {
            try (MessageFixture f = MessageFixture.of(
                    w -> XorAddress.addTo(w, StunAttributeType.XOR_PEER_ADDRESS, address("2001:db8::9", port)))) {
                assertThat(XorAddress.read(f.message(), 0)).isEqualTo(address("2001:db8::9", port));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.1", "2001:db8:1234:5678:11:2233:4455:6677"})
    void mappedAddressAndAlternateServer(String host) throws Exception {
        InetSocketAddress mapped = address(host, 40000);
        InetSocketAddress alternate = address(host, 3478);
        try (MessageFixture f = MessageFixture.of(StunMessageType.BINDING_ERROR, w -> {
            MappedAddress.addTo(w, mapped);
            AlternateServer.addTo(w, alternate);
        })) {
            int m = f.index(StunAttributeType.MAPPED_ADDRESS);
            assertThat(MappedAddress.read(f.message(), m)).isEqualTo(mapped);
            assertThat(MappedAddress.port(f.message(), m)).isEqualTo(40000);
            // Plain, not XORed: the address bytes are on the wire as they are.
            byte[] raw = mapped.getAddress().getAddress();
            byte[] wire = new byte[raw.length];
            f.buffer().getBytes(f.message().valueOffset(m) + 4, wire);
            assertThat(wire).isEqualTo(raw);
            if (raw.length == 4) {
                assertThat(MappedAddress.ipv4(f.message(), m)).isEqualTo(0xC0000201);
            }
            assertThat(AlternateServer.read(f.message(), f.index(StunAttributeType.ALTERNATE_SERVER))).isEqualTo(alternate);
        }
    }

    @Test
    void mappedAddressRefusesBadFamilyOrLength() throws Exception {
        try (MessageFixture f = MessageFixture.of(w -> {
            w.putInt(StunAttributeType.MAPPED_ADDRESS, 0x00030001);                       // family 3
            w.putBytes(StunAttributeType.MAPPED_ADDRESS, new byte[] {0, 1, 0, 1, 1, 2});  // v4, 6 bytes
            w.putBytes(StunAttributeType.ALTERNATE_SERVER, new byte[] {0, 2, 0, 1, 1, 2, 3, 4});  // v6, 8 bytes
            w.putEmpty(StunAttributeType.XOR_MAPPED_ADDRESS);
        })) {
            for (int i = 0; i < 4; i++) {
                int index = i;
                assertThatThrownBy(() -> MappedAddress.read(f.message(), index)).isInstanceOf(StunParseException.class);
            }
            assertThatThrownBy(() -> XorAddress.read(f.message(), 3)).isInstanceOf(StunParseException.class);
        }
    }

    /** Regression: an empty address attribute ending an exactly-sized buffer is refused, not read past. */
    @Test
    void emptyAddressAttributeAtTheEndOfTheBufferIsRefused() throws Exception {
        byte[] bytes = io.edgeway.stun.codec.TestVectors.parseHex(
                "0001 0008 2112a442 000000000000000000000000 0020 0000 0001 0000");
        io.netty.buffer.ByteBuf buf = io.netty.buffer.Unpooled.wrappedBuffer(bytes, 0, 24);
        try {
            buf.setShort(2, 4);
            StunMessage m = new StunMessage().wrap(buf, 0, 24);
            assertThatThrownBy(() -> XorAddress.read(m, 0)).isInstanceOf(StunParseException.class);
            buf.setShort(20, StunAttributeType.MAPPED_ADDRESS);
            m.wrap(buf, 0, 24);
            assertThatThrownBy(() -> MappedAddress.read(m, 0)).isInstanceOf(StunParseException.class);
        } finally {
            buf.release();
        }
    }

    @Test
    void errorCode() throws Exception {
        try (MessageFixture f = MessageFixture.of(StunMessageType.BINDING_ERROR, w -> {
            ErrorCode.addTo(w, ErrorCode.STALE_NONCE);
            ErrorCode.addTo(w, StunAttributeType.ERROR_CODE, 699, "");
        })) {
            assertThat(ErrorCode.code(f.message(), 0)).isEqualTo(438);
            assertThat(ErrorCode.reasonPhrase(f.message(), 0)).isEqualTo("Stale Nonce");
            assertThat(ErrorCode.code(f.message(), 1)).isEqualTo(699);
            assertThat(ErrorCode.reasonPhrase(f.message(), 1)).isEmpty();
        }
        assertThatThrownBy(() -> MessageFixture.of(w -> ErrorCode.addTo(w, 200)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errorCodeRefusesShortOrOutOfRangeValues() throws Exception {
        try (MessageFixture f = MessageFixture.of(w -> {
            w.putBytes(StunAttributeType.ERROR_CODE, new byte[] {0, 0, 4});
            w.putInt(StunAttributeType.ERROR_CODE, 0x00000201);   // class 2
            w.putInt(StunAttributeType.ERROR_CODE, 0x00000464);   // number 100
        })) {
            for (int i = 0; i < 3; i++) {
                int index = i;
                assertThatThrownBy(() -> ErrorCode.code(f.message(), index)).isInstanceOf(StunParseException.class);
            }
            assertThat(ErrorCode.reasonPhrase(f.message(), 0)).isEmpty();
        }
    }

    @Test
    void textAttributes() throws Exception {
        String username = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9:user";
        try (MessageFixture f = MessageFixture.of(w -> {
            TextAttribute.addTo(w, StunAttributeType.USERNAME, username);
            TextAttribute.addTo(w, StunAttributeType.REALM, "example.org");
            TextAttribute.addTo(w, StunAttributeType.NONCE, "obMatJos2AAAB");
            TextAttribute.addTo(w, StunAttributeType.SOFTWARE, "");
            TextAttribute.addTo(w, StunAttributeType.ALTERNATE_DOMAIN, "turn.example.org");
        })) {
            StunMessage m = f.message();
            assertThat(TextAttribute.readFirst(m, StunAttributeType.USERNAME)).isEqualTo(username);
            assertThat(TextAttribute.readFirst(m, StunAttributeType.REALM)).isEqualTo("example.org");
            assertThat(TextAttribute.readFirst(m, StunAttributeType.NONCE)).isEqualTo("obMatJos2AAAB");
            assertThat(TextAttribute.readFirst(m, StunAttributeType.SOFTWARE)).isEmpty();
            assertThat(TextAttribute.readFirst(m, StunAttributeType.ALTERNATE_DOMAIN)).isEqualTo("turn.example.org");
            assertThat(TextAttribute.readFirst(m, StunAttributeType.DATA)).isNull();
        }
    }

    @Test
    void textAttributesRefuseValuesOverTheRfcLimit() throws Exception {
        try (MessageFixture f = MessageFixture.of(w -> {
            w.putBytes(StunAttributeType.USERNAME, new byte[TextAttribute.MAX_USERNAME_BYTES + 1]);
            w.putBytes(StunAttributeType.REALM, new byte[TextAttribute.MAX_TEXT_BYTES + 1]);
            w.putBytes(StunAttributeType.NONCE, new byte[TextAttribute.MAX_TEXT_BYTES]);
        })) {
            assertThatThrownBy(() -> TextAttribute.read(f.message(), 0)).isInstanceOf(StunParseException.class);
            assertThatThrownBy(() -> TextAttribute.read(f.message(), 1)).isInstanceOf(StunParseException.class);
            assertThat(TextAttribute.read(f.message(), 2)).hasSize(TextAttribute.MAX_TEXT_BYTES);
        }
    }

    @Test
    void unknownAttributesOddAndEvenCounts() throws Exception {
        int[] odd = {StunAttributeType.CHANNEL_NUMBER, 0x7F00, 0x0003};
        int[] even = {0x0100, 0x0101};
        try (MessageFixture f = MessageFixture.of(StunMessageType.BINDING_ERROR, w -> {
            UnknownAttributes.addTo(w, odd, odd.length);
            UnknownAttributes.addTo(w, even, even.length);
            UnknownAttributes.addTo(w, even, 0);
        })) {
            StunMessage m = f.message();
            int[] out = new int[4];
            assertThat(UnknownAttributes.read(m, 0, out)).isEqualTo(3);
            assertThat(out).startsWith(odd);
            assertThat(m.valueLength(0)).isEqualTo(6);
            assertThat(f.buffer().getUnsignedShort(m.valueOffset(0) + 6)).isZero();   // padding
            assertThat(UnknownAttributes.read(m, 1, out)).isEqualTo(2);
            assertThat(UnknownAttributes.type(m, 1, 1)).isEqualTo(0x0101);
            assertThat(UnknownAttributes.count(m, 2)).isZero();
            int[] small = new int[1];
            assertThat(UnknownAttributes.read(m, 0, small)).isEqualTo(3);
            assertThat(small[0]).isEqualTo(StunAttributeType.CHANNEL_NUMBER);
        }
        try (MessageFixture f = MessageFixture.of(w -> w.putBytes(StunAttributeType.UNKNOWN_ATTRIBUTES, new byte[3]))) {
            assertThatThrownBy(() -> UnknownAttributes.count(f.message(), 0)).isInstanceOf(StunParseException.class);
        }
    }

    @Test
    void passwordAlgorithms() throws Exception {
        int[] algorithms = {PasswordAlgorithms.SHA256, PasswordAlgorithms.MD5};
        try (MessageFixture f = MessageFixture.of(StunMessageType.BINDING_ERROR, w -> {
            PasswordAlgorithms.addTo(w, algorithms, 2);
            PasswordAlgorithm.addTo(w, PasswordAlgorithms.MD5);
        })) {
            StunMessage m = f.message();
            int list = f.index(StunAttributeType.PASSWORD_ALGORITHMS);
            assertThat(m.valueLength(list)).isEqualTo(8);
            assertThat(PasswordAlgorithms.count(m, list)).isEqualTo(2);
            assertThat(PasswordAlgorithms.algorithm(m, list, 0)).isEqualTo(PasswordAlgorithms.SHA256);
            assertThat(PasswordAlgorithms.algorithm(m, list, 1)).isEqualTo(PasswordAlgorithms.MD5);
            assertThat(PasswordAlgorithms.paramsLength(m, list, 1)).isZero();
            assertThat(PasswordAlgorithms.contains(m, list, PasswordAlgorithms.MD5)).isTrue();
            assertThat(PasswordAlgorithms.contains(m, list, 3)).isFalse();
            int[] out = new int[2];
            assertThat(PasswordAlgorithms.read(m, list, out)).isEqualTo(2);
            assertThat(out).containsExactly(algorithms);
            assertThat(PasswordAlgorithms.matches(m, list, algorithms, 2)).isTrue();
            assertThat(PasswordAlgorithms.matches(m, list, new int[] {PasswordAlgorithms.MD5, PasswordAlgorithms.SHA256}, 2))
                    .isFalse();
            assertThat(PasswordAlgorithms.matches(m, list, algorithms, 1)).isFalse();
            assertThatThrownBy(() -> PasswordAlgorithms.algorithm(m, list, 2)).isInstanceOf(StunParseException.class);

            int single = f.index(StunAttributeType.PASSWORD_ALGORITHM);
            assertThat(PasswordAlgorithm.algorithm(m, single)).isEqualTo(PasswordAlgorithms.MD5);
            assertThat(PasswordAlgorithm.paramsLength(m, single)).isZero();
        }
    }

    @Test
    void passwordAlgorithmsWithParametersAreSkippedAndValidated() throws Exception {
        // Algorithm 0x0003 with 3 bytes of parameters (padded to 4), then SHA-256; then a truncated list.
        byte[] list = {0, 3, 0, 3, 9, 9, 9, 0, 0, 2, 0, 0};
        byte[] overrun = {0, 2, 0, 8, 1, 2, 3, 4};
        byte[] twoEntries = {0, 1, 0, 0, 0, 2, 0, 0};
        try (MessageFixture f = MessageFixture.of(w -> {
            w.putBytes(StunAttributeType.PASSWORD_ALGORITHMS, list);
            w.putBytes(StunAttributeType.PASSWORD_ALGORITHMS, overrun);
            w.putBytes(StunAttributeType.PASSWORD_ALGORITHM, twoEntries);
            w.putBytes(StunAttributeType.PASSWORD_ALGORITHM, new byte[] {0, 2, 0, 3, 7, 7, 7});
        })) {
            StunMessage m = f.message();
            assertThat(PasswordAlgorithms.count(m, 0)).isEqualTo(2);
            assertThat(PasswordAlgorithms.paramsLength(m, 0, 0)).isEqualTo(3);
            assertThat(PasswordAlgorithms.algorithm(m, 0, 1)).isEqualTo(PasswordAlgorithms.SHA256);
            assertThatThrownBy(() -> PasswordAlgorithms.count(m, 1)).isInstanceOf(StunParseException.class);
            assertThatThrownBy(() -> PasswordAlgorithm.algorithm(m, 2)).isInstanceOf(StunParseException.class);
            assertThat(PasswordAlgorithm.algorithm(m, 3)).isEqualTo(PasswordAlgorithms.SHA256);
            assertThat(PasswordAlgorithm.paramsLength(m, 3)).isEqualTo(3);
        }
    }

    @Test
    void userHash() throws Exception {
        byte[] hash = UserHash.compute("alice", "example.org");
        try (MessageFixture f = MessageFixture.of(w -> {
            UserHash.addTo(w, hash);
            w.putBytes(StunAttributeType.USERHASH, new byte[31]);
        })) {
            assertThat(UserHash.read(f.message(), 0)).isEqualTo(hash);
            assertThat(UserHash.matches(f.message(), 0, hash)).isTrue();
            assertThat(UserHash.matches(f.message(), 0, new byte[5])).isFalse();
            assertThatThrownBy(() -> UserHash.read(f.message(), 1)).isInstanceOf(StunParseException.class);
        }
        assertThatThrownBy(() -> MessageFixture.of(w -> UserHash.addTo(w, new byte[16])))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void userHashIsSha256OfOpaqueStrings() throws Exception {
        byte[] plain = MessageDigest.getInstance("SHA-256")
                .digest("bob:example.org".getBytes(StandardCharsets.UTF_8));
        assertThat(UserHash.compute("bob", "example.org")).isEqualTo(plain);
        // NFC: a decomposed "e" + combining acute hashes like the precomposed "\u00e9".
        assertThat(UserHash.compute("e\u0301", "r")).isEqualTo(UserHash.compute("\u00e9", "r"));
        // Non-ASCII spaces map to U+0020 (RFC 8265 §4.2.1).
        assertThat(UserHash.compute("a\u00a0b", "r")).isEqualTo(UserHash.compute("a b", "r"));
        assertThat(UserHash.opaqueString("plain")).isEqualTo("plain");
    }

    @Test
    void integrityAttributesRoundTripWithTheSameKey() throws Exception {
        byte[] key = UserHash.compute("k", "k");
        try (MessageFixture f = MessageFixture.of(w -> {
            MessageIntegrity.addTo(w, key);
            MessageIntegritySha256.addTo(w, key);
            Fingerprint.addTo(w);
        })) {
            assertThat(MessageIntegrity.verify(f.message(), key)).isTrue();
            assertThat(MessageIntegritySha256.verify(f.message(), key)).isTrue();
            assertThat(f.message().hasFingerprint()).isTrue();
        }
        try (MessageFixture f = MessageFixture.of(w -> TextAttribute.addTo(w, StunAttributeType.SOFTWARE, "x"))) {
            assertThat(MessageIntegrity.verify(f.message(), key)).isFalse();
            assertThat(MessageIntegritySha256.verify(f.message(), key)).isFalse();
        }
    }
}
