package io.edgeway.stun.attr;

import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunMessage;
import io.edgeway.stun.codec.StunMessageWriter;
import io.edgeway.stun.codec.StunParseException;
import java.nio.charset.StandardCharsets;

/**
 * The UTF-8 text attributes of RFC 8489 and their size limits: USERNAME (§14.3, under 513 bytes),
 * REALM (§14.9), NONCE (§14.10), SOFTWARE (§14.14) and ALTERNATE-DOMAIN (§14.16), each under 128
 * characters and so at most 763 bytes.
 */
public final class TextAttribute {

    public static final int MAX_USERNAME_BYTES = 512;
    public static final int MAX_TEXT_BYTES = 763;

    private TextAttribute() {
    }

    /** Reads the text attribute at {@code index}, enforcing its RFC size limit. Allocates the string. */
    public static String read(StunMessage message, int index) throws StunParseException {
        int type = message.attributeType(index);
        int length = message.valueLength(index);
        int limit = type == StunAttributeType.USERNAME ? MAX_USERNAME_BYTES : MAX_TEXT_BYTES;
        if (length > limit) {
            throw new StunParseException(StunParseException.Reason.BAD_ATTRIBUTE,
                    StunAttributeType.name(type) + " longer than the RFC allows");
        }
        return message.buffer().toString(message.valueOffset(index), length, StandardCharsets.UTF_8);
    }

    /** Reads the first attribute of {@code type}, or returns null when absent. */
    public static String readFirst(StunMessage message, int type) throws StunParseException {
        int index = message.indexOf(type);
        return index < 0 ? null : read(message, index);
    }

    public static void addTo(StunMessageWriter writer, int type, String text) {
        writer.putUtf8(type, text);
    }
}
