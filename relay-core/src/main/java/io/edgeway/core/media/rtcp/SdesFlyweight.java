package io.edgeway.core.media.rtcp;

import io.netty.buffer.ByteBuf;

/**
 * A source description packet (RFC 3550 §6.5, PT=202), read only as far as Edgeway needs: the SSRC of
 * each chunk and its CNAME item (§6.5.1), which ties a participant's audio and video SSRCs together.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |V=2|P|    SC   |  PT=SDES=202  |             length            |  0
 *  +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *  |                          SSRC/CSRC_1                          |  chunk 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |    CNAME=1    |     length    | user and domain name        ...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  other items ...              |   END=0       | null padding  |
 *  +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *  |                          SSRC/CSRC_2                          |  chunk 2, 32-bit aligned
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                           SDES items                          |
 *  |                              ...                              |
 *  +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * </pre>
 *
 * <p>RFC 3550 §6.5: each chunk's item list ends with one or more null octets, the first read as item type
 * END, the rest padding up to the next 32-bit boundary. Walk the chunks with {@link #nextChunk()}; on a
 * chunk that runs past the packet it returns false and {@link #isMalformed()} turns true.
 *
 * <p>Build a CNAME-only SDES with {@link RtcpBuilder#buildSdesCname}. See {@link RtcpPacketFlyweight} for
 * ownership and threading; the chunk cursor is part of this flyweight's state and is reset by
 * {@code wrap}.
 */
public final class SdesFlyweight extends RtcpPacketFlyweight<SdesFlyweight> {

    public static final int CHUNKS_OFFSET = 4;
    public static final int ITEM_END = 0;
    public static final int ITEM_CNAME = 1;

    private int chunkPosition;
    private int chunksRead;
    private boolean malformed;
    private int chunkSsrc;
    private int cnameOffset;
    private int cnameLength;

    @Override
    public SdesFlyweight wrap(ByteBuf buffer, int offset, int length) {
        super.wrap(buffer, offset, length);
        return rewindChunks();
    }

    /** PT 202 and every one of the SC chunks well-formed inside the packet. Rewinds the chunk cursor. */
    @Override
    public boolean isValid() {
        if (!isValidPacket(RtcpPacketType.SDES, CHUNKS_OFFSET)) {
            return false;
        }
        rewindChunks();
        while (nextChunk()) {
            // walk only
        }
        boolean valid = !malformed && chunksRead == sourceCount();
        rewindChunks();
        return valid;
    }

    /** SC: the number of chunks. */
    public int sourceCount() {
        return count();
    }

    /** Puts the chunk cursor before the first chunk. */
    public SdesFlyweight rewindChunks() {
        chunkPosition = offset + CHUNKS_OFFSET;
        chunksRead = 0;
        malformed = false;
        chunkSsrc = 0;
        cnameOffset = -1;
        cnameLength = -1;
        return this;
    }

    /**
     * Moves to the next of the SC chunks, reading its SSRC and CNAME.
     *
     * @return false after the last chunk, or at a chunk that does not fit ({@link #isMalformed()})
     */
    public boolean nextChunk() {
        if (malformed || chunksRead >= sourceCount()) {
            return false;
        }
        int end = offset + contentLength();
        int at = chunkPosition;
        if (at + 4 > end) {
            return fail();
        }
        int ssrc = buffer.getInt(at);
        at += 4;
        int foundOffset = -1;
        int foundLength = -1;
        while (true) {
            if (at >= end) {
                return fail();
            }
            int type = buffer.getUnsignedByte(at);
            if (type == ITEM_END) {
                at++;
                break;
            }
            if (at + 2 > end) {
                return fail();
            }
            int itemLength = buffer.getUnsignedByte(at + 1);
            if (at + 2 + itemLength > end) {
                return fail();
            }
            if (type == ITEM_CNAME && foundOffset < 0) {
                foundOffset = at + 2;
                foundLength = itemLength;
            }
            at += 2 + itemLength;
        }
        // RFC 3550 §6.5: null octets pad the chunk to the next 32-bit boundary.
        int chunkEnd = offset + ((at - offset + 3) & ~3);
        if (chunkEnd > end) {
            return fail();
        }
        chunkPosition = chunkEnd;
        chunksRead++;
        chunkSsrc = ssrc;
        cnameOffset = foundOffset;
        cnameLength = foundLength;
        return true;
    }

    private boolean fail() {
        malformed = true;
        cnameOffset = -1;
        cnameLength = -1;
        return false;
    }

    public boolean isMalformed() {
        return malformed;
    }

    /** The SSRC or CSRC of the current chunk. */
    public int chunkSsrc() {
        return chunkSsrc;
    }

    /** Absolute index of the current chunk's CNAME text, or -1 if it has none. */
    public int cnameOffset() {
        return cnameOffset;
    }

    /** Bytes of the current chunk's CNAME text (UTF-8, RFC 3550 §6.5), or -1 if it has none. */
    public int cnameLength() {
        return cnameLength;
    }
}
