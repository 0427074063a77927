package io.edgeway.stun.codec;

import io.netty.buffer.ByteBuf;
import java.util.zip.CRC32;

/**
 * A reusable, read-in-place view of one STUN message (RFC 8489 §5, §14).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |0 0|     STUN Message Type     |         Message Length        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         Magic Cookie                          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     Transaction ID (96 bits)                  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         Type                  |            Length             |  attributes,
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+  each padded
 *  |                         Value (variable)                ....     to 4 bytes
 * </pre>
 *
 * <p>{@link #wrap} validates the framing and builds an index of the attributes (type, value offset,
 * value length) in preallocated arrays, so decoding allocates nothing. Values are read straight from
 * the wrapped buffer through the accessors here and the attribute classes in {@code io.edgeway.stun.attr}.
 *
 * <p>Ordering rules of RFC 8489 §14.5-§14.7 are applied while indexing: attributes after
 * MESSAGE-INTEGRITY are ignored except MESSAGE-INTEGRITY-SHA256 and FINGERPRINT, attributes after
 * MESSAGE-INTEGRITY-SHA256 except FINGERPRINT, and anything after FINGERPRINT makes the message malformed.
 * A FINGERPRINT that does not match is a parse failure.
 *
 * <p>Ownership and validity: the view <em>borrows</em> the buffer; it never retains or releases it. Every
 * offset it returns is valid only until the buffer is released or {@link #wrap} is called again. One
 * instance per thread: instances are not thread-safe.
 */
public final class StunMessage {

    public static final int HEADER_LENGTH = 20;
    public static final int MAGIC_COOKIE = 0x2112A442;
    public static final int TRANSACTION_ID_OFFSET = 8;
    public static final int TRANSACTION_ID_LENGTH = 12;
    /** A sane upper bound; real messages carry around ten attributes. */
    public static final int MAX_ATTRIBUTES = 48;
    /** XOR constant of the FINGERPRINT attribute: "STUN" in ASCII (RFC 8489 §14.7). */
    public static final int FINGERPRINT_XOR = 0x5354554E;

    private static final ThreadLocal<CRC32> CRC = ThreadLocal.withInitial(CRC32::new);

    private final int[] types = new int[MAX_ATTRIBUTES];
    private final int[] valueOffsets = new int[MAX_ATTRIBUTES];
    private final int[] valueLengths = new int[MAX_ATTRIBUTES];

    private ByteBuf buf;
    private int offset;
    private int length;
    private int messageType;
    private int attributeCount;
    private int integrityIndex;
    private int integritySha256Index;
    private int fingerprintIndex;

    /**
     * Cheap test used by demultiplexers: could these bytes start a STUN message? Checks the two zero
     * bits, the magic cookie and that the length field is a multiple of four (RFC 8489 §6.3).
     */
    public static boolean looksLikeStun(ByteBuf buf, int offset, int length) {
        if (length < HEADER_LENGTH) {
            return false;
        }
        return (buf.getByte(offset) & 0xC0) == 0
                && (buf.getUnsignedShort(offset + 2) & 0x3) == 0
                && buf.getInt(offset + 4) == MAGIC_COOKIE;
    }

    /**
     * Re-points this view at the message occupying exactly {@code length} bytes from {@code offset}.
     *
     * @throws StunParseException if the bytes are not one well-formed STUN message
     */
    public StunMessage wrap(ByteBuf buf, int offset, int length) throws StunParseException {
        this.buf = buf;
        this.offset = offset;
        this.length = 0;
        this.attributeCount = 0;
        this.integrityIndex = -1;
        this.integritySha256Index = -1;
        this.fingerprintIndex = -1;
        if (length < HEADER_LENGTH) {
            throw new StunParseException(StunParseException.Reason.TOO_SHORT, "shorter than a STUN header");
        }
        if ((buf.getByte(offset) & 0xC0) != 0 || buf.getInt(offset + 4) != MAGIC_COOKIE) {
            throw new StunParseException(StunParseException.Reason.NOT_STUN, "no STUN magic cookie");
        }
        int bodyLength = buf.getUnsignedShort(offset + 2);
        if ((bodyLength & 0x3) != 0 || HEADER_LENGTH + bodyLength != length) {
            throw new StunParseException(StunParseException.Reason.BAD_LENGTH,
                    "message length field disagrees with the packet");
        }
        this.messageType = buf.getUnsignedShort(offset);
        try {
            indexAttributes(offset + HEADER_LENGTH, offset + length);
            if (fingerprintIndex >= 0 && !fingerprintMatches()) {
                throw new StunParseException(StunParseException.Reason.BAD_FINGERPRINT, "FINGERPRINT mismatch");
            }
        } catch (StunParseException e) {
            // Leave no half-built index behind for a caller that ignores the failure.
            this.attributeCount = 0;
            this.integrityIndex = -1;
            this.integritySha256Index = -1;
            this.fingerprintIndex = -1;
            throw e;
        }
        this.length = length;
        return this;
    }

    private void indexAttributes(int position, int end) throws StunParseException {
        while (position < end) {
            if (end - position < 4) {
                throw new StunParseException(StunParseException.Reason.BAD_ATTRIBUTE, "truncated attribute header");
            }
            if (fingerprintIndex >= 0) {
                // RFC 8489 §14.7: FINGERPRINT is always the last attribute.
                throw new StunParseException(StunParseException.Reason.BAD_ATTRIBUTE, "attribute after FINGERPRINT");
            }
            int type = buf.getUnsignedShort(position);
            int valueLength = buf.getUnsignedShort(position + 2);
            int valueOffset = position + 4;
            int padded = (valueLength + 3) & ~3;
            if (padded > end - valueOffset) {
                throw new StunParseException(StunParseException.Reason.BAD_ATTRIBUTE, "attribute overruns message");
            }
            position = valueOffset + padded;

            boolean afterIntegrity = integrityIndex >= 0 || integritySha256Index >= 0;
            if (afterIntegrity) {
                // RFC 8489 §14.5, §14.6: only MESSAGE-INTEGRITY-SHA256 (after MESSAGE-INTEGRITY) and
                // FINGERPRINT are meaningful after an integrity attribute; others are ignored.
                boolean sha256AfterSha1 = type == StunAttributeType.MESSAGE_INTEGRITY_SHA256
                        && integritySha256Index < 0;
                if (type != StunAttributeType.FINGERPRINT && !sha256AfterSha1) {
                    continue;
                }
            }
            if (attributeCount == MAX_ATTRIBUTES) {
                throw new StunParseException(StunParseException.Reason.TOO_MANY_ATTRIBUTES, "too many attributes");
            }
            int index = attributeCount++;
            types[index] = type;
            valueOffsets[index] = valueOffset;
            valueLengths[index] = valueLength;
            switch (type) {
                case StunAttributeType.MESSAGE_INTEGRITY:
                    if (valueLength != 20) {
                        throw new StunParseException(StunParseException.Reason.BAD_ATTRIBUTE,
                                "MESSAGE-INTEGRITY is not 20 bytes");
                    }
                    integrityIndex = index;
                    break;
                case StunAttributeType.MESSAGE_INTEGRITY_SHA256:
                    // RFC 8489 §14.6: at least 16 bytes, at most 32, a multiple of 4.
                    if (valueLength < 16 || valueLength > 32 || (valueLength & 3) != 0) {
                        throw new StunParseException(StunParseException.Reason.BAD_ATTRIBUTE,
                                "MESSAGE-INTEGRITY-SHA256 has a bad length");
                    }
                    integritySha256Index = index;
                    break;
                case StunAttributeType.FINGERPRINT:
                    if (valueLength != 4) {
                        throw new StunParseException(StunParseException.Reason.BAD_ATTRIBUTE,
                                "FINGERPRINT is not 4 bytes");
                    }
                    fingerprintIndex = index;
                    break;
                default:
                    break;
            }
        }
    }

    private boolean fingerprintMatches() {
        int attributeStart = valueOffsets[fingerprintIndex] - 4;
        long expected = buf.getUnsignedInt(valueOffsets[fingerprintIndex]);
        return (crc32(buf, offset, attributeStart - offset) ^ FINGERPRINT_XOR) == (int) expected;
    }

    /** CRC-32 of a region, read in place (no copy for heap buffers, a view for direct ones). */
    public static int crc32(ByteBuf buf, int from, int count) {
        CRC32 crc = CRC.get();
        crc.reset();
        if (buf.hasArray()) {
            crc.update(buf.array(), buf.arrayOffset() + from, count);
        } else {
            crc.update(buf.nioBuffer(from, count));
        }
        return (int) crc.getValue();
    }

    public ByteBuf buffer() {
        return buf;
    }

    /** Absolute buffer offset of the first header byte. */
    public int offset() {
        return offset;
    }

    /** Total length including the header. */
    public int length() {
        return length;
    }

    public int messageType() {
        return messageType;
    }

    public int method() {
        return StunMessageType.method(messageType);
    }

    public int stunClass() {
        return StunMessageType.stunClass(messageType);
    }

    public boolean isRequest() {
        return stunClass() == StunClass.REQUEST;
    }

    public boolean isIndication() {
        return stunClass() == StunClass.INDICATION;
    }

    /** Absolute offset of the 12-byte transaction id. */
    public int transactionIdOffset() {
        return offset + TRANSACTION_ID_OFFSET;
    }

    public byte[] transactionId() {
        byte[] id = new byte[TRANSACTION_ID_LENGTH];
        buf.getBytes(transactionIdOffset(), id);
        return id;
    }

    public boolean transactionIdEquals(byte[] id) {
        int base = transactionIdOffset();
        for (int i = 0; i < TRANSACTION_ID_LENGTH; i++) {
            if (buf.getByte(base + i) != id[i]) {
                return false;
            }
        }
        return true;
    }

    /** Number of indexed attributes (those after integrity attributes that must be ignored are not counted). */
    public int attributeCount() {
        return attributeCount;
    }

    public int attributeType(int index) {
        return types[index];
    }

    /** Absolute buffer offset of the value of the attribute at {@code index}. */
    public int valueOffset(int index) {
        return valueOffsets[index];
    }

    public int valueLength(int index) {
        return valueLengths[index];
    }

    /** Index of the first attribute of the given type, or -1. */
    public int indexOf(int type) {
        for (int i = 0; i < attributeCount; i++) {
            if (types[i] == type) {
                return i;
            }
        }
        return -1;
    }

    public boolean has(int type) {
        return indexOf(type) >= 0;
    }

    public int integrityIndex() {
        return integrityIndex;
    }

    public int integritySha256Index() {
        return integritySha256Index;
    }

    public int fingerprintIndex() {
        return fingerprintIndex;
    }

    /** Whether the message carries a FINGERPRINT (responses then carry one too, RFC 8489 §7.3). */
    public boolean hasFingerprint() {
        return fingerprintIndex >= 0;
    }

    @Override
    public String toString() {
        if (buf == null || length == 0) {
            return "StunMessage(unwrapped)";
        }
        StringBuilder s = new StringBuilder(StunMessageType.toString(messageType)).append(" [");
        for (int i = 0; i < attributeCount; i++) {
            if (i > 0) {
                s.append(", ");
            }
            s.append(StunAttributeType.name(types[i])).append('/').append(valueLengths[i]);
        }
        return s.append(']').toString();
    }
}
