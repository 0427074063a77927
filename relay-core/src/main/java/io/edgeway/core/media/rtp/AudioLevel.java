package io.edgeway.core.media.rtp;

import io.netty.buffer.ByteBuf;

/**
 * The client-to-mixer audio level header extension (RFC 6464 §3), which an SFU reads before decrypting
 * (the header extension is not encrypted by plain SRTP) to find who is speaking:
 *
 * <pre>
 *   0                   1
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  ID   | len=0 |V| level       |     one-byte form
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *   0                   1                   2
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      ID       |     len=1     |V|    level    |     two-byte form
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>V (voice activity) is set when the sender believes the packet holds speech; level is the audio
 * level in -dBov, 0 (loudest) to 127 (quietest, -127 dBov).
 *
 * <p>Stateless, allocation-free and thread-safe; the buffer behind the cursor is borrowed.
 */
public final class AudioLevel {

    /** RFC 6464 §4: the URI negotiated in {@code a=extmap}. */
    public static final String URI = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    /** Returned by {@link #find(RtpHeaderExtensions, int)} when the element is absent or empty. */
    public static final int NOT_PRESENT = -1;
    public static final int MAX_LEVEL = 127;

    private static final int VOICE_BIT = 0x80;
    private static final int LEVEL_MASK = 0x7F;

    private AudioLevel() {
    }

    /**
     * The raw audio level byte (V bit and level, 0-255) of element {@code id}, or {@link #NOT_PRESENT}.
     * Moves the cursor.
     */
    public static int find(RtpHeaderExtensions extensions, int id) {
        if (!extensions.find(id) || extensions.dataLength() < 1) {
            return NOT_PRESENT;
        }
        return read(extensions.buffer(), extensions.dataOffset());
    }

    /** The raw byte at absolute {@code dataOffset}. */
    public static int read(ByteBuf buf, int dataOffset) {
        return buf.getUnsignedByte(dataOffset);
    }

    /** The V bit of a raw value. */
    public static boolean voiceActivity(int raw) {
        return (raw & VOICE_BIT) != 0;
    }

    /** The level of a raw value in -dBov, 0-127. */
    public static int level(int raw) {
        return raw & LEVEL_MASK;
    }

    /** Packs V and level into the raw byte. */
    public static int encode(boolean voiceActivity, int level) {
        if (level < 0 || level > MAX_LEVEL) {
            throw new IllegalArgumentException("audio level out of range 0-127: " + level);
        }
        return (voiceActivity ? VOICE_BIT : 0) | level;
    }

    /** Rewrites element {@code id} in place; false if it is absent or empty. Moves the cursor. */
    public static boolean rewrite(RtpHeaderExtensions extensions, int id, boolean voiceActivity, int level) {
        int raw = encode(voiceActivity, level);
        if (!extensions.find(id) || extensions.dataLength() < 1) {
            return false;
        }
        extensions.buffer().setByte(extensions.dataOffset(), raw);
        return true;
    }
}
