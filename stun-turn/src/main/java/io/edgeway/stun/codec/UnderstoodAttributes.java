package io.edgeway.stun.codec;

import java.util.BitSet;

/**
 * The comprehension-required attribute types (0x0000-0x7FFF) one STUN usage understands, and the check
 * RFC 8489 §6.3.1 asks for before any request is handled: list the ones a message carries that are
 * not understood, to answer 420 with UNKNOWN-ATTRIBUTES (or drop an indication). Each usage — the TURN
 * server, the ICE-lite responder — declares its own set once. Immutable and thread-safe; the check
 * allocates nothing.
 */
public final class UnderstoodAttributes {

    /** What every STUN usage with long-term or short-term credentials understands (RFC 8489). */
    private static final int[] STUN = {
        StunAttributeType.MAPPED_ADDRESS, StunAttributeType.USERNAME, StunAttributeType.MESSAGE_INTEGRITY,
        StunAttributeType.ERROR_CODE, StunAttributeType.UNKNOWN_ATTRIBUTES, StunAttributeType.REALM,
        StunAttributeType.NONCE, StunAttributeType.MESSAGE_INTEGRITY_SHA256, StunAttributeType.PASSWORD_ALGORITHM,
        StunAttributeType.USERHASH, StunAttributeType.XOR_MAPPED_ADDRESS,
    };

    private final BitSet understood = new BitSet(0x8000);

    private UnderstoodAttributes(int[] extra) {
        for (int type : STUN) {
            understood.set(type);
        }
        for (int type : extra) {
            if (!StunAttributeType.isComprehensionRequired(type)) {
                throw new IllegalArgumentException("comprehension-optional type " + StunAttributeType.name(type));
            }
            understood.set(type);
        }
    }

    /** RFC 8489's own attributes plus those of the usage ({@code extra}). */
    public static UnderstoodAttributes stunPlus(int... extra) {
        return new UnderstoodAttributes(extra);
    }

    public boolean isUnderstood(int type) {
        return !StunAttributeType.isComprehensionRequired(type) || understood.get(type);
    }

    /**
     * Writes the comprehension-required types of {@code message} that are not understood into
     * {@code unknown} (sized {@link StunMessage#MAX_ATTRIBUTES}) and returns how many there are.
     */
    public int collectUnknown(StunMessage message, int[] unknown) {
        int count = 0;
        for (int i = 0; i < message.attributeCount(); i++) {
            int type = message.attributeType(i);
            if (!isUnderstood(type)) {
                unknown[count++] = type;
            }
        }
        return count;
    }
}
