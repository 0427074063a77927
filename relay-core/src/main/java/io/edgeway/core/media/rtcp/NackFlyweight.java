package io.edgeway.core.media.rtcp;

import io.netty.buffer.ByteBuf;

/**
 * Generic NACK (RFC 4585 §6.2.1): RTPFB (PT=205) with FMT=1 and one or more 4-byte FCI entries, each
 * naming a lost packet (PID) and a bitmask of lost packets among the 16 that follow (BLP):
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |V=2|P| FMT=1   |    PT=205     |          length=2+N           |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  SSRC of packet sender                        |  4
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  SSRC of media source                         |  8
 *  +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *  |            PID                |             BLP               |  12 + 4*i
 *  +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * </pre>
 *
 * <p>RFC 4585 §6.2.1: bit i of BLP (least significant = bit 0) set means packet PID+i+1 is lost too.
 *
 * <p>Reading the lost sequence numbers without allocating:
 *
 * <pre>{@code
 *   nack.rewindLost();
 *   while (nack.nextLost()) {
 *       cache.retransmit(nack.mediaSsrc(), nack.lostSequenceNumber());
 *   }
 * }</pre>
 *
 * <p>Build one with {@link RtcpBuilder#buildNack}. See {@link RtcpPacketFlyweight} for ownership and
 * threading; the lost-packet cursor is part of this flyweight's state and is reset by {@code wrap}.
 */
public final class NackFlyweight extends FeedbackFlyweight<NackFlyweight> {

    public static final int ENTRY_LENGTH = 4;
    public static final int ENTRY_PID_OFFSET = 0;
    public static final int ENTRY_BLP_OFFSET = 2;
    /** A PID and the 16 packets its BLP can cover. */
    public static final int SEQUENCES_PER_ENTRY = 17;

    private int lostEntry;
    private int lostPosition;
    private int lostSequence;

    @Override
    public NackFlyweight wrap(ByteBuf buffer, int offset, int length) {
        super.wrap(buffer, offset, length);
        return rewindLost();
    }

    /** RTPFB, FMT 1, and a whole number (at least one) of FCI entries (RFC 4585 §6.2.1). */
    @Override
    public boolean isValid() {
        return isValidFeedback(RtcpPacketType.RTPFB, RtcpPacketType.FMT_NACK, ENTRY_LENGTH)
                && fciLength() % ENTRY_LENGTH == 0;
    }

    public int entryCount() {
        return fciLength() / ENTRY_LENGTH;
    }

    /** The packet ID of the {@code index}-th entry, 0-65535. */
    public int pid(int index) {
        return buffer.getUnsignedShort(entryOffset(index) + ENTRY_PID_OFFSET);
    }

    public NackFlyweight pid(int index, int pid) {
        buffer.setShort(entryOffset(index) + ENTRY_PID_OFFSET, pid);
        return this;
    }

    /** The bitmask of following lost packets of the {@code index}-th entry, 0-65535. */
    public int blp(int index) {
        return buffer.getUnsignedShort(entryOffset(index) + ENTRY_BLP_OFFSET);
    }

    public NackFlyweight blp(int index, int blp) {
        buffer.setShort(entryOffset(index) + ENTRY_BLP_OFFSET, blp);
        return this;
    }

    /** How many sequence numbers the message reports lost (duplicates across entries counted twice). */
    public int lostCount() {
        int entries = entryCount();
        int lost = 0;
        for (int i = 0; i < entries; i++) {
            lost += 1 + Integer.bitCount(blp(i));
        }
        return lost;
    }

    /** Puts the lost-packet cursor before the first lost sequence number. */
    public NackFlyweight rewindLost() {
        lostEntry = 0;
        lostPosition = 0;
        lostSequence = -1;
        return this;
    }

    /**
     * Moves to the next lost sequence number, in the order of the message (each PID, then its BLP bits
     * from least significant). Call only on a valid message.
     */
    public boolean nextLost() {
        int entries = entryCount();
        while (lostEntry < entries) {
            int pid = pid(lostEntry);
            if (lostPosition == 0) {
                lostPosition = 1;
                lostSequence = pid;
                return true;
            }
            int blp = blp(lostEntry);
            while (lostPosition < SEQUENCES_PER_ENTRY) {
                int bit = lostPosition - 1;
                lostPosition++;
                if ((blp & (1 << bit)) != 0) {
                    lostSequence = (pid + bit + 1) & 0xFFFF;
                    return true;
                }
            }
            lostEntry++;
            lostPosition = 0;
        }
        lostSequence = -1;
        return false;
    }

    /** The lost sequence number the cursor is on, 0-65535. */
    public int lostSequenceNumber() {
        return lostSequence;
    }

    private int entryOffset(int index) {
        if (index < 0 || index >= entryCount()) {
            throw new IndexOutOfBoundsException("NACK entry " + index + " of " + entryCount());
        }
        return fciOffset() + index * ENTRY_LENGTH;
    }
}
