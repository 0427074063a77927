package io.edgeway.core.media.rtcp;

import io.edgeway.core.media.rtp.SequenceNumbers;
import io.netty.buffer.ByteBuf;

/**
 * Reads one transport-wide congestion control feedback packet (draft-holmer-rmcat-transport-wide-cc-
 * extensions-01 §3.1, RTPFB FMT 15): the layout, the status symbols, the chunk kinds and the delta units
 * are described on {@link TransportFeedbackBuilder}, which writes them.
 *
 * <p>Usage, without allocating:
 *
 * <pre>{@code
 *   if (feedback.wrap(compound).isValid()) {
 *       feedback.rewind();
 *       while (feedback.next()) {
 *           if (feedback.received()) {
 *               onArrival(feedback.sequence(), feedback.arrivalTicks());
 *           }
 *       }
 *   }
 * }</pre>
 *
 * <p>{@link #arrivalTicks()} counts 250 µs ticks on the receiver's clock from its reference-time origin
 * (the reference time in ticks plus every delta so far). Only differences between them mean anything to
 * the sender; the 24-bit reference time wraps every 2^24 × 64 ms (about 12 days), which {@link
 * #referenceTicks()} leaves to the caller.
 *
 * <p>{@link #isValid()} walks the chunks and deltas once and checks they fit the packet: a malformed
 * packet is never read past its end. Reserved status 11 (the draft's §3.1.1) makes the packet invalid. See
 * {@link RtcpPacketFlyweight} for ownership and threading; the status cursor is this flyweight's state and
 * {@code wrap} resets it.
 */
public final class TransportFeedbackFlyweight extends FeedbackFlyweight<TransportFeedbackFlyweight> {

    public static final int BASE_SEQUENCE_OFFSET = 12;
    public static final int STATUS_COUNT_OFFSET = 14;
    public static final int REFERENCE_TIME_OFFSET = 16;
    public static final int FEEDBACK_COUNT_OFFSET = 19;
    public static final int FIRST_CHUNK_OFFSET = 20;
    /** Base sequence, status count, reference time and feedback count. */
    private static final int FIXED_FCI_LENGTH = FIRST_CHUNK_OFFSET - FCI_OFFSET;

    private static final int STATUS_NOT_RECEIVED = TransportFeedbackBuilder.NOT_RECEIVED;
    private static final int STATUS_SMALL_DELTA = TransportFeedbackBuilder.SMALL_DELTA;
    private static final int STATUS_LARGE_DELTA = TransportFeedbackBuilder.LARGE_DELTA;
    private static final int STATUS_RESERVED = 3;
    private static final int TICKS_PER_REFERENCE_UNIT =
            (int) (TransportFeedbackBuilder.REFERENCE_TIME_NANOS / TransportFeedbackBuilder.DELTA_TICK_NANOS);

    /** Absolute index of the first receive delta, found by {@link #isValid()}. */
    private int deltasOffset = -1;
    // The cursor: position among the statuses, the chunk being read and where the next delta is.
    private int index;
    private int chunkOffset;
    private int chunk;
    private int chunkCovered;
    private int chunkCapacity;
    private int deltaOffset;
    private int status;
    private long ticks;

    @Override
    public TransportFeedbackFlyweight wrap(ByteBuf buffer, int offset, int length) {
        super.wrap(buffer, offset, length);
        deltasOffset = -1;
        return this;
    }

    /**
     * RTPFB FMT 15 with the fixed fields, chunks that cover exactly the status count (the last may run
     * past it, padded), no reserved status, and the deltas of every received packet within the packet.
     */
    @Override
    public boolean isValid() {
        if (!isValidFeedback(RtcpPacketType.RTPFB, RtcpPacketType.FMT_TRANSPORT_CC, FIXED_FCI_LENGTH)) {
            return false;
        }
        int end = offset + contentLength();
        int count = statusCount();
        int at = offset + FIRST_CHUNK_OFFSET;
        int covered = 0;
        int deltaBytes = 0;
        while (covered < count) {
            if (at + 2 > end) {
                return false;
            }
            int c = buffer.getUnsignedShort(at);
            at += 2;
            int capacity = chunkCapacity(c);
            int take = Math.min(capacity, count - covered);
            for (int k = 0; k < take; k++) {
                int s = chunkSymbol(c, k);
                if (s == STATUS_RESERVED) {
                    return false;
                }
                deltaBytes += s == STATUS_SMALL_DELTA ? 1 : s == STATUS_LARGE_DELTA ? 2 : 0;
            }
            covered += take;
        }
        if (at + deltaBytes > end) {
            return false;
        }
        deltasOffset = at;
        rewind();
        return true;
    }

    /** The transport-wide sequence number of the first status, 0-65535. */
    public int baseSequence() {
        return buffer.getUnsignedShort(offset + BASE_SEQUENCE_OFFSET);
    }

    /** How many packets, from the base sequence number on, this packet reports on. */
    public int statusCount() {
        return buffer.getUnsignedShort(offset + STATUS_COUNT_OFFSET);
    }

    /** The reference time, in 64 ms units of the receiver's clock (24 bits, unsigned here). */
    public int referenceTime() {
        return buffer.getUnsignedMedium(offset + REFERENCE_TIME_OFFSET);
    }

    /** The reference time in 250 µs ticks. */
    public long referenceTicks() {
        return (long) referenceTime() * TICKS_PER_REFERENCE_UNIT;
    }

    /** The receiver's count of feedback packets it sent, 0-255: a gap means feedback was lost. */
    public int feedbackPacketCount() {
        return buffer.getUnsignedByte(offset + FEEDBACK_COUNT_OFFSET);
    }

    /** Puts the cursor before the first status. Needs a successful {@link #isValid()}. */
    public TransportFeedbackFlyweight rewind() {
        if (deltasOffset < 0) {
            throw new IllegalStateException("isValid() first");
        }
        index = -1;
        chunkOffset = offset + FIRST_CHUNK_OFFSET - 2;
        chunkCovered = 0;
        chunkCapacity = 0;
        deltaOffset = deltasOffset;
        ticks = referenceTicks();
        return this;
    }

    /** Moves to the next status; false after the last. */
    public boolean next() {
        if (index + 1 >= statusCount()) {
            return false;
        }
        index++;
        // A zero-length run chunk covers nothing: read on (isValid() saw the chunk that covers this status).
        while (chunkCovered == chunkCapacity) {
            chunkOffset += 2;
            chunk = buffer.getUnsignedShort(chunkOffset);
            chunkCapacity = chunkCapacity(chunk);
            chunkCovered = 0;
        }
        status = chunkSymbol(chunk, chunkCovered++);
        if (status == STATUS_SMALL_DELTA) {
            ticks += buffer.getUnsignedByte(deltaOffset);
            deltaOffset += 1;
        } else if (status == STATUS_LARGE_DELTA) {
            ticks += buffer.getShort(deltaOffset);
            deltaOffset += 2;
        }
        return true;
    }

    /** The transport-wide sequence number at the cursor, 0-65535. */
    public int sequence() {
        return (baseSequence() + index) & SequenceNumbers.MASK;
    }

    /** Whether the packet at the cursor arrived. */
    public boolean received() {
        return status != STATUS_NOT_RECEIVED;
    }

    /** When the packet at the cursor arrived, in 250 µs ticks of the receiver's clock; only if {@link #received()}. */
    public long arrivalTicks() {
        return ticks;
    }

    /** Statuses a chunk holds (§3.1.2-3.1.4): a run's length, 14 one-bit or 7 two-bit symbols. */
    private static int chunkCapacity(int chunk) {
        if ((chunk & 0x8000) == 0) {
            return chunk & 0x1FFF;
        }
        return (chunk & 0x4000) == 0 ? 14 : 7;
    }

    private static int chunkSymbol(int chunk, int k) {
        if ((chunk & 0x8000) == 0) {
            return (chunk >> 13) & 0x3;
        }
        if ((chunk & 0x4000) == 0) {
            return (chunk >> (13 - k)) & 0x1;
        }
        return (chunk >> (2 * (6 - k))) & 0x3;
    }
}
