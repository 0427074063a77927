package io.edgeway.stun.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.stun.attr.MessageIntegrity;
import io.edgeway.stun.attr.TextAttribute;
import io.edgeway.stun.attr.XorAddress;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The four test vectors of RFC 5769, parsed from the hex kept in {@code vectors/}. */
class Rfc5769VectorsTest {

    private static final byte[] SHORT_TERM_KEY = TestVectors.SHORT_TERM_PASSWORD.getBytes(StandardCharsets.UTF_8);
    private static final byte[] LONG_TERM_KEY =
            TestVectors.longTermKey("MD5", TestVectors.USERNAME, TestVectors.REALM, TestVectors.PASSWORD);

    private final StunMessage message = new StunMessage();

    @Test
    void sampleRequest() throws Exception {
        ByteBuf buf = Unpooled.wrappedBuffer(TestVectors.load(TestVectors.RFC5769_REQUEST));
        try {
            message.wrap(buf, 0, buf.readableBytes());
            assertThat(message.messageType()).isEqualTo(StunMessageType.BINDING_REQUEST);
            assertThat(message.isRequest()).isTrue();
            assertThat(message.attributeCount()).isEqualTo(6);
            assertThat(TextAttribute.readFirst(message, StunAttributeType.SOFTWARE)).isEqualTo("STUN test client");
            assertThat(TextAttribute.readFirst(message, StunAttributeType.USERNAME)).isEqualTo("evtj:h6vY");
            int priority = message.indexOf(StunAttributeType.PRIORITY);
            assertThat(buf.getInt(message.valueOffset(priority))).isEqualTo(0x6e0001ff);
            int controlled = message.indexOf(StunAttributeType.ICE_CONTROLLED);
            assertThat(buf.getLong(message.valueOffset(controlled))).isEqualTo(0x932ff9b151263b36L);
            assertThat(message.hasFingerprint()).isTrue();
            assertThat(MessageIntegrity.verify(message, SHORT_TERM_KEY)).isTrue();
            assertThat(MessageIntegrity.verify(message, "wrong".getBytes(StandardCharsets.UTF_8))).isFalse();
        } finally {
            buf.release();
        }
    }

    @Test
    void sampleIpv4Response() throws Exception {
        ByteBuf buf = Unpooled.wrappedBuffer(TestVectors.load(TestVectors.RFC5769_IPV4_RESPONSE));
        try {
            message.wrap(buf, 0, buf.readableBytes());
            assertThat(message.messageType()).isEqualTo(StunMessageType.BINDING_SUCCESS);
            assertThat(TextAttribute.readFirst(message, StunAttributeType.SOFTWARE)).isEqualTo("test vector");
            int index = message.indexOf(StunAttributeType.XOR_MAPPED_ADDRESS);
            assertThat(XorAddress.family(message, index)).isEqualTo(XorAddress.FAMILY_IPV4);
            assertThat(XorAddress.read(message, index))
                    .isEqualTo(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853));
            assertThat(XorAddress.port(message, index)).isEqualTo(32853);
            assertThat(XorAddress.ipv4(message, index)).isEqualTo(0xC0000201);
            assertThat(message.hasFingerprint()).isTrue();
            assertThat(MessageIntegrity.verify(message, SHORT_TERM_KEY)).isTrue();
        } finally {
            buf.release();
        }
    }

    @Test
    void sampleIpv6Response() throws Exception {
        ByteBuf buf = Unpooled.wrappedBuffer(TestVectors.load(TestVectors.RFC5769_IPV6_RESPONSE));
        try {
            message.wrap(buf, 0, buf.readableBytes());
            assertThat(message.messageType()).isEqualTo(StunMessageType.BINDING_SUCCESS);
            assertThat(TextAttribute.readFirst(message, StunAttributeType.SOFTWARE)).isEqualTo("test vector");
            int index = message.indexOf(StunAttributeType.XOR_MAPPED_ADDRESS);
            assertThat(XorAddress.family(message, index)).isEqualTo(XorAddress.FAMILY_IPV6);
            assertThat(XorAddress.read(message, index)).isEqualTo(new InetSocketAddress(
                    InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853));
            assertThat(message.hasFingerprint()).isTrue();
            assertThat(MessageIntegrity.verify(message, SHORT_TERM_KEY)).isTrue();
        } finally {
            buf.release();
        }
    }

    @Test
    void sampleRequestWithLongTermAuthentication() throws Exception {
        ByteBuf buf = Unpooled.wrappedBuffer(TestVectors.load(TestVectors.RFC5769_LONG_TERM_REQUEST));
        try {
            message.wrap(buf, 0, buf.readableBytes());
            assertThat(message.messageType()).isEqualTo(StunMessageType.BINDING_REQUEST);
            assertThat(TextAttribute.readFirst(message, StunAttributeType.USERNAME)).isEqualTo(TestVectors.USERNAME);
            assertThat(TextAttribute.readFirst(message, StunAttributeType.NONCE))
                    .isEqualTo("f//499k954d6OL34oL9FSTvy64sA");
            assertThat(TextAttribute.readFirst(message, StunAttributeType.REALM)).isEqualTo(TestVectors.REALM);
            assertThat(message.hasFingerprint()).isFalse();
            assertThat(MessageIntegrity.verify(message, LONG_TERM_KEY)).isTrue();
            assertThat(MessageIntegrity.verify(message, SHORT_TERM_KEY)).isFalse();
        } finally {
            buf.release();
        }
    }

    /** The vectors parse the same wherever they sit in a buffer, heap or direct. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void parsesAtAnOffsetInHeapAndDirectBuffers(boolean direct) throws Exception {
        byte[] vector = TestVectors.load(TestVectors.RFC5769_IPV6_RESPONSE);
        ByteBuf buf = direct ? Unpooled.directBuffer(vector.length + 7) : Unpooled.buffer(vector.length + 7);
        try {
            buf.writeZero(7).writeBytes(vector);
            message.wrap(buf, 7, vector.length);
            assertThat(MessageIntegrity.verify(message, SHORT_TERM_KEY)).isTrue();
            assertThat(XorAddress.port(message, message.indexOf(StunAttributeType.XOR_MAPPED_ADDRESS))).isEqualTo(32853);
        } finally {
            buf.release();
        }
    }

    /**
     * Every byte after the header up to FINGERPRINT is covered by MESSAGE-INTEGRITY, and the FINGERPRINT
     * value covers it all. (A flip in FINGERPRINT's own type turns it into an unknown attribute after
     * MESSAGE-INTEGRITY, which RFC 8489 §14.5 says to ignore, so those two bytes are left out.)
     */
    @Test
    void flippingAnyCoveredBitBreaksFingerprintOrIntegrity() throws Exception {
        byte[] vector = TestVectors.load(TestVectors.RFC5769_REQUEST);
        int fingerprintType = vector.length - 8;
        for (int i = 20; i < vector.length; i++) {
            if (i == fingerprintType || i == fingerprintType + 1) {
                continue;
            }
            byte[] copy = vector.clone();
            copy[i] ^= 0x01;
            ByteBuf buf = Unpooled.wrappedBuffer(copy);
            try {
                boolean accepted;
                try {
                    message.wrap(buf, 0, copy.length);
                    accepted = MessageIntegrity.verify(message, SHORT_TERM_KEY);
                } catch (StunParseException e) {
                    accepted = false;
                }
                assertThat(accepted).as("bit flip at byte %d", i).isFalse();
            } finally {
                buf.release();
            }
        }
    }
}
