package io.edgeway.ice;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunMessage;
import io.edgeway.turn.core.ReceivedMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Test fixture: checks an answer's FINGERPRINT and MESSAGE-INTEGRITY from its bytes with the JDK's CRC32
 * and HmacSHA1 directly (RFC 8489 §14.5, §14.7), independently of the codec under test.
 */
final class AnswerChecks {

    private AnswerChecks() {
    }

    /** FINGERPRINT is the last attribute and equals CRC-32 of everything before it XOR 0x5354554E. */
    static void assertFingerprinted(ReceivedMessage answer) {
        byte[] bytes = answer.bytes();
        assertThat(answer.attributeTypes()).last().isEqualTo(StunAttributeType.FINGERPRINT);
        int attributeStart = bytes.length - 8;
        assertThat(ByteBuffer.wrap(bytes, attributeStart, 4).getInt())
                .isEqualTo(StunAttributeType.FINGERPRINT << 16 | 4);
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, attributeStart);
        assertThat(ByteBuffer.wrap(bytes, attributeStart + 4, 4).getInt())
                .as("FINGERPRINT value").isEqualTo((int) crc.getValue() ^ 0x5354554E);
    }

    /**
     * Whether MESSAGE-INTEGRITY is HMAC-SHA1 keyed with {@code password} over the message up to the
     * attribute, with the header length counting up to the attribute's end.
     */
    static boolean integrityVerifies(ReceivedMessage answer, String password) {
        StunMessage stun = answer.stun();
        int index = stun.integrityIndex();
        if (index < 0) {
            return false;
        }
        byte[] bytes = answer.bytes();
        int attributeStart = stun.valueOffset(index) - 4;
        byte[] covered = Arrays.copyOf(bytes, attributeStart);
        int adjustedLength = attributeStart + 4 + 20 - StunMessage.HEADER_LENGTH;
        covered[2] = (byte) (adjustedLength >>> 8);
        covered[3] = (byte) adjustedLength;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.US_ASCII), "HmacSHA1"));
            byte[] expected = mac.doFinal(covered);
            return Arrays.equals(expected, Arrays.copyOfRange(bytes, attributeStart + 4, attributeStart + 24));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
