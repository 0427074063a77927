package io.edgeway.stun.attr;

import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunMessage;
import io.edgeway.stun.codec.StunMessageWriter;
import io.netty.buffer.ByteBuf;
import javax.crypto.Mac;

/**
 * MESSAGE-INTEGRITY (RFC 8489 §14.5): HMAC-SHA1 over the message up to the attribute, computed with the
 * header's length field set as if the attribute were the last one. The key is the long-term key
 * ({@code MD5(username ":" realm ":" password)}) or the short-term password.
 *
 * <p>Cost: one HMAC-SHA1 over the message (benchmarked in bench's {@code StunIntegrityBench}).
 */
public final class MessageIntegrity {

    public static final int LENGTH = 20;

    private MessageIntegrity() {
    }

    /** Appends MESSAGE-INTEGRITY; call after every attribute it must cover and before FINGERPRINT. */
    public static void addTo(StunMessageWriter writer, byte[] key) {
        ByteBuf out = writer.buffer();
        int covered = writer.size();
        // The length field must count the MESSAGE-INTEGRITY attribute itself while hashing.
        writer.messageLength(covered - StunMessage.HEADER_LENGTH + 4 + LENGTH);
        Mac mac = Hmacs.sha1(key);
        Hmacs.update(mac, out, writer.start(), covered);
        byte[] hmac = mac.doFinal();
        writer.putBytes(StunAttributeType.MESSAGE_INTEGRITY, hmac);
    }

    /** Whether the message carries a MESSAGE-INTEGRITY that verifies with {@code key}. */
    public static boolean verify(StunMessage message, byte[] key) {
        int index = message.integrityIndex();
        if (index < 0) {
            return false;
        }
        byte[] expected = compute(Hmacs.sha1(key), message, index);
        return Hmacs.equalsConstantTime(expected, message.buffer(), message.valueOffset(index), LENGTH);
    }

    /**
     * HMAC over the message up to the integrity attribute at {@code index}, with the length field
     * adjusted to end just after that attribute (shared with MESSAGE-INTEGRITY-SHA256).
     */
    static byte[] compute(Mac mac, StunMessage message, int index) {
        ByteBuf buf = message.buffer();
        int start = message.offset();
        int attributeStart = message.valueOffset(index) - 4;
        int adjustedLength = attributeStart + 4 + message.valueLength(index) - start - StunMessage.HEADER_LENGTH;
        Hmacs.update(mac, buf, start, 2);
        mac.update((byte) (adjustedLength >>> 8));
        mac.update((byte) adjustedLength);
        Hmacs.update(mac, buf, start + 4, attributeStart - start - 4);
        return mac.doFinal();
    }
}
