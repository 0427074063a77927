package io.edgeway.stun.attr;

import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunMessage;
import io.edgeway.stun.codec.StunMessageWriter;
import javax.crypto.Mac;

/**
 * MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6): HMAC-SHA256 over the message up to the attribute. The
 * value may be truncated to as little as 16 bytes (a multiple of 4); this server always sends 32 and
 * verifies whatever length the peer chose, as the RFC allows. With long-term credentials the key is
 * {@code SHA-256(username ":" realm ":" password)} (RFC 8489 §9.2.2, PASSWORD-ALGORITHM SHA-256).
 */
public final class MessageIntegritySha256 {

    public static final int LENGTH = 32;

    private MessageIntegritySha256() {
    }

    public static void addTo(StunMessageWriter writer, byte[] key) {
        int covered = writer.size();
        writer.messageLength(covered - StunMessage.HEADER_LENGTH + 4 + LENGTH);
        Mac mac = Hmacs.sha256(key);
        Hmacs.update(mac, writer.buffer(), writer.start(), covered);
        writer.putBytes(StunAttributeType.MESSAGE_INTEGRITY_SHA256, mac.doFinal());
    }

    public static boolean verify(StunMessage message, byte[] key) {
        int index = message.integritySha256Index();
        if (index < 0) {
            return false;
        }
        byte[] expected = MessageIntegrity.compute(Hmacs.sha256(key), message, index);
        return Hmacs.equalsConstantTime(expected, message.buffer(), message.valueOffset(index),
                message.valueLength(index));
    }
}
