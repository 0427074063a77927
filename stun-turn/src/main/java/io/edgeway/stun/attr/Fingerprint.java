package io.edgeway.stun.attr;

import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunMessage;
import io.edgeway.stun.codec.StunMessageWriter;

/**
 * FINGERPRINT (RFC 8489 §14.7): CRC-32 of the message up to the attribute, XORed with 0x5354554E so
 * that a STUN message inside another protocol's CRC-protected frame cannot pass for it. Always the last
 * attribute. {@link StunMessage#wrap} verifies it on receipt.
 */
public final class Fingerprint {

    public static final int LENGTH = 4;

    private Fingerprint() {
    }

    public static void addTo(StunMessageWriter writer) {
        int covered = writer.size();
        writer.messageLength(covered - StunMessage.HEADER_LENGTH + 4 + LENGTH);
        int crc = StunMessage.crc32(writer.buffer(), writer.start(), covered);
        writer.putInt(StunAttributeType.FINGERPRINT, crc ^ StunMessage.FINGERPRINT_XOR);
    }
}
