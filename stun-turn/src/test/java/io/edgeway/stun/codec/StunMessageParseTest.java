package io.edgeway.stun.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeway.stun.attr.Fingerprint;
import io.edgeway.stun.attr.MessageIntegrity;
import io.edgeway.stun.attr.MessageIntegritySha256;
import io.edgeway.stun.attr.TextAttribute;
import io.edgeway.stun.codec.StunParseException.Reason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** What {@link StunMessage#wrap} refuses, and what it ignores, per RFC 8489 §6.3 and §14. */
class StunMessageParseTest {

    private static final byte[] KEY = "key".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TRANSACTION_ID = new byte[12];

    private final StunMessage message = new StunMessage();

    private static void assertRefused(Reason reason, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StunParseException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private void assertRefused(byte[] bytes, Reason reason) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            assertRefused(reason, () -> message.wrap(buf, 0, bytes.length));
            assertThat(message.attributeCount()).isZero();
        } finally {
            buf.release();
        }
    }

    private static byte[] header(int type, int length) {
        byte[] h = TestVectors.parseHex("0001000021 12a442 000000000000000000000000".replace(" ", ""));
        h[0] = (byte) (type >> 8);
        h[1] = (byte) type;
        h[2] = (byte) (length >> 8);
        h[3] = (byte) length;
        return h;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @Test
    void refusesShortInput() {
        assertRefused(new byte[19], Reason.TOO_SHORT);
        assertRefused(new byte[0], Reason.TOO_SHORT);
    }

    @Test
    void refusesInputWithoutTheMagicCookie() {
        byte[] bytes = header(StunMessageType.BINDING_REQUEST, 0);
        bytes[4] = 0x22;
        assertRefused(bytes, Reason.NOT_STUN);
    }

    @Test
    void refusesInputWhoseTopBitsAreSet() {
        byte[] bytes = header(StunMessageType.BINDING_REQUEST, 0);
        bytes[0] |= (byte) 0x40;
        assertRefused(bytes, Reason.NOT_STUN);
    }

    @Test
    void refusesALengthFieldThatDisagreesWithThePacket() {
        assertRefused(header(StunMessageType.BINDING_REQUEST, 4), Reason.BAD_LENGTH);
        assertRefused(concat(header(StunMessageType.BINDING_REQUEST, 0), new byte[4]), Reason.BAD_LENGTH);
        // RFC 8489 §6.3: the length is a multiple of four.
        assertRefused(concat(header(StunMessageType.BINDING_REQUEST, 2), new byte[2]), Reason.BAD_LENGTH);
    }

    @Test
    void refusesAnAttributeThatOverrunsTheMessage() {
        byte[] attribute = TestVectors.parseHex("8022 0009 6162636465666768");   // 9 bytes claimed, 8 there
        assertRefused(concat(header(StunMessageType.BINDING_REQUEST, 12), attribute), Reason.BAD_ATTRIBUTE);
    }

    @Test
    void refusesAnAttributeWhosePaddingIsMissing() {
        // 5-byte value: its padding would take it to 8 bytes, but the message ends after 4 + 5.
        byte[] attribute = TestVectors.parseHex("8022 0005 6162636465 000000");
        assertRefused(concat(header(StunMessageType.BINDING_REQUEST, 8), attribute),
                Reason.BAD_LENGTH);
        byte[] unpadded = concat(header(StunMessageType.BINDING_REQUEST, 8), TestVectors.parseHex("8022 0005 61626364"));
        assertRefused(unpadded, Reason.BAD_ATTRIBUTE);
    }

    @Test
    void refusesAnAttributeAfterFingerprint() {
        ByteBuf out = Unpooled.buffer();
        try {
            StunMessageWriter writer = new StunMessageWriter().begin(out, StunMessageType.BINDING_REQUEST, TRANSACTION_ID);
            Fingerprint.addTo(writer);
            TextAttribute.addTo(writer, StunAttributeType.SOFTWARE, "late");
            int length = writer.finish();
            assertRefused(Reason.BAD_ATTRIBUTE, () -> message.wrap(out, 0, length));
        } finally {
            out.release();
        }
    }

    @Test
    void refusesAFingerprintThatDoesNotMatch() {
        ByteBuf out = Unpooled.buffer();
        try {
            StunMessageWriter writer = new StunMessageWriter().begin(out, StunMessageType.BINDING_REQUEST, TRANSACTION_ID);
            TextAttribute.addTo(writer, StunAttributeType.SOFTWARE, "x");
            Fingerprint.addTo(writer);
            int length = writer.finish();
            out.setByte(length - 1, out.getByte(length - 1) ^ 1);
            assertRefused(Reason.BAD_FINGERPRINT, () -> message.wrap(out, 0, length));
            assertThat(message.hasFingerprint()).isFalse();
        } finally {
            out.release();
        }
    }

    @Test
    void refusesFingerprintAndIntegrityOfTheWrongSize() {
        byte[] shortFingerprint = TestVectors.parseHex("8028 0002 0000 0000");
        assertRefused(concat(header(StunMessageType.BINDING_REQUEST, 8), shortFingerprint), Reason.BAD_ATTRIBUTE);
        byte[] shortIntegrity = concat(TestVectors.parseHex("0008 0010"), new byte[16]);
        assertRefused(concat(header(StunMessageType.BINDING_REQUEST, 20), shortIntegrity), Reason.BAD_ATTRIBUTE);
        byte[] oddSha256 = concat(TestVectors.parseHex("001c 0012"), new byte[20]);
        assertRefused(concat(header(StunMessageType.BINDING_REQUEST, 24), oddSha256), Reason.BAD_ATTRIBUTE);
    }

    @Test
    void refusesTooManyAttributes() throws Exception {
        int count = StunMessage.MAX_ATTRIBUTES + 1;
        byte[] body = new byte[4 * count];
        for (int i = 0; i < count; i++) {
            body[4 * i] = (byte) 0x80;
            body[4 * i + 1] = (byte) 0x22;   // empty SOFTWARE
        }
        assertRefused(concat(header(StunMessageType.BINDING_REQUEST, body.length), body), Reason.TOO_MANY_ATTRIBUTES);
        byte[] fits = new byte[4 * StunMessage.MAX_ATTRIBUTES];
        System.arraycopy(body, 0, fits, 0, fits.length);
        ByteBuf buf = Unpooled.wrappedBuffer(concat(header(StunMessageType.BINDING_REQUEST, fits.length), fits));
        try {
            message.wrap(buf, 0, buf.readableBytes());
            assertThat(message.attributeCount()).isEqualTo(StunMessage.MAX_ATTRIBUTES);
        } finally {
            buf.release();
        }
    }

    /** RFC 8489 §14.5: attributes after MESSAGE-INTEGRITY, other than MI-SHA256 and FINGERPRINT, are ignored. */
    @Test
    void ignoresAttributesAfterMessageIntegrity() throws Exception {
        ByteBuf out = Unpooled.buffer();
        try {
            StunMessageWriter writer = new StunMessageWriter().begin(out, StunMessageType.BINDING_REQUEST, TRANSACTION_ID);
            TextAttribute.addTo(writer, StunAttributeType.USERNAME, "user");
            MessageIntegrity.addTo(writer, KEY);
            TextAttribute.addTo(writer, StunAttributeType.SOFTWARE, "ignored");
            writer.putInt(StunAttributeType.LIFETIME, 1);
            MessageIntegritySha256.addTo(writer, KEY);
            TextAttribute.addTo(writer, StunAttributeType.REALM, "also ignored");
            Fingerprint.addTo(writer);
            int length = writer.finish();

            message.wrap(out, 0, length);
            assertThat(message.attributeCount()).isEqualTo(4);
            assertThat(message.attributeType(0)).isEqualTo(StunAttributeType.USERNAME);
            assertThat(message.attributeType(1)).isEqualTo(StunAttributeType.MESSAGE_INTEGRITY);
            assertThat(message.attributeType(2)).isEqualTo(StunAttributeType.MESSAGE_INTEGRITY_SHA256);
            assertThat(message.attributeType(3)).isEqualTo(StunAttributeType.FINGERPRINT);
            assertThat(message.has(StunAttributeType.SOFTWARE)).isFalse();
            assertThat(message.has(StunAttributeType.REALM)).isFalse();
            // MI covers only what precedes it; MI-SHA256 covers the ignored attributes too, as sent.
            assertThat(MessageIntegrity.verify(message, KEY)).isTrue();
            assertThat(MessageIntegritySha256.verify(message, KEY)).isTrue();
        } finally {
            out.release();
        }
    }

    @Test
    void aFailedWrapLeavesNoAttributesBehind() throws Exception {
        ByteBuf good = Unpooled.wrappedBuffer(TestVectors.load(TestVectors.RFC5769_REQUEST));
        byte[] badBytes = TestVectors.load(TestVectors.RFC5769_REQUEST);
        badBytes[badBytes.length - 1] ^= 1;
        ByteBuf bad = Unpooled.wrappedBuffer(badBytes);
        try {
            message.wrap(good, 0, good.readableBytes());
            assertThat(message.attributeCount()).isEqualTo(6);
            assertRefused(Reason.BAD_FINGERPRINT, () -> message.wrap(bad, 0, badBytes.length));
            assertThat(message.attributeCount()).isZero();
            assertThat(message.integrityIndex()).isEqualTo(-1);
            assertThat(message.length()).isZero();
        } finally {
            good.release();
            bad.release();
        }
    }

    @Test
    void looksLikeStunChecksCookieBitsAndLength() {
        ByteBuf buf = Unpooled.wrappedBuffer(TestVectors.load(TestVectors.RFC5769_REQUEST));
        try {
            assertThat(StunMessage.looksLikeStun(buf, 0, buf.readableBytes())).isTrue();
            assertThat(StunMessage.looksLikeStun(buf, 0, 19)).isFalse();
            buf.setByte(3, 0x59);
            assertThat(StunMessage.looksLikeStun(buf, 0, buf.readableBytes())).isFalse();
        } finally {
            buf.release();
        }
    }
}
