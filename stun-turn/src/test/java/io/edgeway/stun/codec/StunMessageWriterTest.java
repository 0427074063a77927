package io.edgeway.stun.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeway.stun.attr.Fingerprint;
import io.edgeway.stun.attr.MessageIntegrity;
import io.edgeway.stun.attr.MessageIntegritySha256;
import io.edgeway.stun.attr.PasswordAlgorithm;
import io.edgeway.stun.attr.PasswordAlgorithms;
import io.edgeway.stun.attr.TextAttribute;
import io.edgeway.stun.attr.UserHash;
import io.edgeway.stun.attr.XorAddress;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StunMessageWriterTest {

    private static final byte[] TRANSACTION_ID = TestVectors.parseHex("78ad3433c6ad72c029da412e");

    private final StunMessageWriter writer = new StunMessageWriter();
    private final StunMessage message = new StunMessage();

    /** The writer reproduces RFC 5769 §2.4 byte for byte (its padding is zeros, as the writer's is). */
    @Test
    void reproducesTheRfc5769LongTermRequestExactly() {
        byte[] expected = TestVectors.load(TestVectors.RFC5769_LONG_TERM_REQUEST);
        ByteBuf out = Unpooled.buffer();
        try {
            writer.begin(out, StunMessageType.BINDING_REQUEST, TRANSACTION_ID);
            TextAttribute.addTo(writer, StunAttributeType.USERNAME, TestVectors.USERNAME);
            TextAttribute.addTo(writer, StunAttributeType.NONCE, "f//499k954d6OL34oL9FSTvy64sA");
            TextAttribute.addTo(writer, StunAttributeType.REALM, TestVectors.REALM);
            MessageIntegrity.addTo(writer,
                    TestVectors.longTermKey("MD5", TestVectors.USERNAME, TestVectors.REALM, TestVectors.PASSWORD));
            assertThat(writer.finish()).isEqualTo(expected.length);
            assertThat(ByteBufUtil.hexDump(out)).isEqualTo(ByteBufUtil.hexDump(expected));
        } finally {
            out.release();
        }
    }

    /** The writer reproduces RFC 8489 B.1 (errata 6268) byte for byte, USERHASH and MI-SHA256 included. */
    @Test
    void reproducesTheRfc8489Sha256RequestExactly() {
        byte[] expected = TestVectors.load(TestVectors.RFC8489_B1_REQUEST);
        ByteBuf out = Unpooled.buffer();
        try {
            writer.begin(out, StunMessageType.BINDING_REQUEST, TRANSACTION_ID);
            UserHash.addTo(writer, UserHash.compute(TestVectors.USERNAME, TestVectors.REALM));
            TextAttribute.addTo(writer, StunAttributeType.NONCE, "obMatJos2AAACf//499k954d6OL34oL9FSTvy64sA");
            TextAttribute.addTo(writer, StunAttributeType.REALM, TestVectors.REALM);
            PasswordAlgorithm.addTo(writer, PasswordAlgorithms.SHA256);
            MessageIntegritySha256.addTo(writer,
                    TestVectors.longTermKey("SHA-256", TestVectors.USERNAME, TestVectors.REALM, TestVectors.PASSWORD));
            assertThat(writer.finish()).isEqualTo(expected.length);
            assertThat(ByteBufUtil.hexDump(out)).isEqualTo(ByteBufUtil.hexDump(expected));
        } finally {
            out.release();
        }
    }

    @Test
    void integrityAndFingerprintVerifyAfterReparse() throws Exception {
        byte[] key = "secret".getBytes(StandardCharsets.UTF_8);
        ByteBuf out = Unpooled.directBuffer();
        try {
            writer.begin(out, StunMessageType.BINDING_SUCCESS, TRANSACTION_ID);
            XorAddress.addTo(writer, StunAttributeType.XOR_MAPPED_ADDRESS,
                    new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 3478));
            TextAttribute.addTo(writer, StunAttributeType.SOFTWARE, "edgeway");
            MessageIntegrity.addTo(writer, key);
            MessageIntegritySha256.addTo(writer, key);
            Fingerprint.addTo(writer);
            int length = writer.finish();

            message.wrap(out, 0, length);
            assertThat(message.attributeCount()).isEqualTo(5);
            assertThat(message.transactionIdEquals(TRANSACTION_ID)).isTrue();
            assertThat(message.hasFingerprint()).isTrue();
            assertThat(MessageIntegrity.verify(message, key)).isTrue();
            assertThat(MessageIntegritySha256.verify(message, key)).isTrue();
            assertThat(MessageIntegrity.verify(message, "other".getBytes(StandardCharsets.UTF_8))).isFalse();
            assertThat(XorAddress.read(message, 0))
                    .isEqualTo(new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 3478));
        } finally {
            out.release();
        }
    }

    /** Header, attribute headers, values and zero padding land exactly where RFC 8489 §5 and §14 put them. */
    @Test
    void layoutAndPaddingAreByteExact() {
        ByteBuf out = Unpooled.buffer();
        try {
            out.writeBytes(new byte[] {(byte) 0xEE, (byte) 0xEE, (byte) 0xEE});
            writer.begin(out, StunMessageType.ALLOCATE_REQUEST, TRANSACTION_ID);
            assertThat(writer.start()).isEqualTo(3);
            TextAttribute.addTo(writer, StunAttributeType.USERNAME, "abcde");
            writer.putEmpty(StunAttributeType.DONT_FRAGMENT);
            writer.putInt(StunAttributeType.LIFETIME, 600);
            int length = writer.finish();

            String expected = "eeeeee"
                    + "0003" + "0018" + "2112a442" + "78ad3433c6ad72c029da412e"   // header: Allocate, 24-byte body
                    + "0006" + "0005" + "6162636465" + "000000"                     // USERNAME + 3 pad
                    + "001a" + "0000"                                               // DONT-FRAGMENT, empty
                    + "000d" + "0004" + "00000258";                                 // LIFETIME 600
            assertThat(length).isEqualTo(20 + 24);
            assertThat(ByteBufUtil.hexDump(out)).isEqualTo(expected);
        } finally {
            out.release();
        }
    }

    @Test
    void fingerprintCoversTheLengthIncludingItself() throws Exception {
        ByteBuf out = Unpooled.buffer();
        try {
            writer.begin(out, StunMessageType.BINDING_REQUEST, TRANSACTION_ID);
            Fingerprint.addTo(writer);
            int length = writer.finish();
            assertThat(length).isEqualTo(28);
            assertThat(out.getUnsignedShort(2)).isEqualTo(8);
            message.wrap(out, 0, length);
            assertThat(message.fingerprintIndex()).isZero();
            // The CRC is computed over the header with the final length, then XORed with "STUN".
            int crc = StunMessage.crc32(out, 0, 20);
            assertThat(out.getInt(24)).isEqualTo(crc ^ StunMessage.FINGERPRINT_XOR);
        } finally {
            out.release();
        }
    }

    @Test
    void beginCopiesTheTransactionIdOfARequest() throws Exception {
        ByteBuf request = Unpooled.wrappedBuffer(TestVectors.load(TestVectors.RFC5769_REQUEST));
        ByteBuf out = Unpooled.buffer();
        try {
            message.wrap(request, 0, request.readableBytes());
            writer.begin(out, StunMessageType.response(message.messageType(), true), message);
            int length = writer.finish();
            StunMessage response = new StunMessage().wrap(out, 0, length);
            assertThat(response.messageType()).isEqualTo(StunMessageType.BINDING_SUCCESS);
            assertThat(response.transactionIdEquals(message.transactionId())).isTrue();
        } finally {
            out.release();
            request.release();
        }
    }

    @Test
    void refusesAValueLongerThanTheLengthFieldCanSay() {
        ByteBuf out = Unpooled.buffer();
        try {
            writer.begin(out, StunMessageType.BINDING_REQUEST, TRANSACTION_ID);
            assertThatThrownBy(() -> writer.putBytes(StunAttributeType.DATA, new byte[70_000]))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> writer.begin(out, StunMessageType.BINDING_REQUEST, new byte[11]))
                    .isInstanceOf(IllegalArgumentException.class);
        } finally {
            out.release();
        }
    }
}
