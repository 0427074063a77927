package io.edgeway.core.media.rtcp;

import io.edgeway.core.media.rtp.SequenceNumbers;
import io.netty.buffer.ByteBuf;

/**
 * Builds one transport-wide congestion control feedback packet (draft-holmer-rmcat-transport-wide-cc-
 * extensions-01 §3.1: RTPFB, PT=205, FMT=15), the receiver's report of when each packet of a
 * transport-wide sequence arrived:
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |V=2|P|  FMT=15 |    PT=205     |           length              |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     SSRC of packet sender                     |  4
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                      SSRC of media source                     |  8
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      base sequence number     |      packet status count      |  12
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 reference time                | fb pkt. count |  16
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          packet chunk         |         packet chunk          |  20
 *  .                                                               .
 *  |         packet chunk          |  recv delta   |  recv delta   |
 *  .                                                               .
 *  |           recv delta          |  recv delta   | padding       |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Each packet from the base sequence number on has a 2-bit status (§3.1.1): 00 not received, 01
 * received with a small delta (one byte, 0 to 63.75 ms), 10 received with a large or negative delta
 * (two bytes signed, ±8192 ms). Statuses are packed into 16-bit chunks (§3.1.2): a run-length chunk
 * ({@code 0 SS LLLLLLLLLLLLL}: one status repeated up to 8191 times, §3.1.3) or a status-vector chunk
 * ({@code 1 0} + 14 one-bit statuses, 0 not received and 1 small delta; or {@code 1 1} + 7 two-bit
 * statuses, §3.1.4). Receive deltas count 250 µs ticks (§3.1.5): the first from the reference time (a
 * 24-bit count of 64 ms units), each next one from the previous received packet.
 *
 * <p>Two slips of the draft are read the way every implementation reads them: the text's "payload type
 * 206" is 205 as its diagram says, and in the one-bit vector 0 means "not received" and 1 "received",
 * as its own example shows (the field description has them the other way round). The draft's examples
 * also use status 11, which its §3.1.1 reserves; this builder never writes it. The packet is padded to a
 * 32-bit boundary the RFC 3550 way (P bit, last byte counts the padding), as libwebrtc does.
 *
 * <p>Chunks are chosen greedily, per position: a run of 14 or more equal statuses becomes a run-length
 * chunk; otherwise 14 statuses that are all "not received" or "small delta" become a one-bit vector; else
 * a run of 7 or more a run-length chunk; else a two-bit vector of 7. A vector that reaches past the last
 * status is filled with "not received", which a receiver ignores beyond the status count.
 *
 * <p>Usage: {@link #begin}, then {@link #addReceived} for each received packet in ascending sequence
 * order (gaps become "not received"), then {@link #write}. Reusable; one instance per event loop (its
 * scratch arrays are its state); allocation-free.
 */
public final class TransportFeedbackBuilder {

    /** Draft §3.1.5: receive deltas count 250 µs. */
    public static final long DELTA_TICK_NANOS = 250_000L;
    /** Draft §3.1: the reference time counts 64 ms (256 delta ticks). */
    public static final long REFERENCE_TIME_NANOS = 64_000_000L;
    /** Most statuses one packet may carry here (the field allows 65535; an MTU allows far fewer deltas). */
    public static final int MAX_STATUS_COUNT = 4096;

    static final int NOT_RECEIVED = 0;
    static final int SMALL_DELTA = 1;
    static final int LARGE_DELTA = 2;

    private static final int HEADER_LENGTH = 20;
    private static final int MAX_RUN_LENGTH = 0x1FFF;
    private static final int ONE_BIT_CAPACITY = 14;
    private static final int TWO_BIT_CAPACITY = 7;
    private static final int TICKS_PER_REFERENCE = 256;

    private final byte[] statuses = new byte[MAX_STATUS_COUNT];
    private final short[] deltas = new short[MAX_STATUS_COUNT];
    private final int maxPacketLength;
    private int senderSsrc;
    private int mediaSsrc;
    private int baseSequence;
    private int referenceTime;
    private int feedbackPacketCount;
    private int statusCount;
    private int deltaCount;
    private int deltaBytes;
    /** An upper bound on the chunks {@link #chunkCount()} would give. */
    private int chunkBound;
    private long lastTicks;
    private boolean started;

    /**
     * @param maxPacketLength the most bytes one packet may take, padding included (keep it under the
     *     path MTU minus the SRTCP trailer); {@link #addReceived} refuses a packet that would not fit
     */
    public TransportFeedbackBuilder(int maxPacketLength) {
        if (maxPacketLength < HEADER_LENGTH + 4) {
            throw new IllegalArgumentException("maxPacketLength too small: " + maxPacketLength);
        }
        this.maxPacketLength = maxPacketLength;
    }

    /**
     * Starts a packet.
     *
     * @param baseSequence the transport-wide sequence number of the first status, 0-65535
     * @param referenceArrivalNanos the arrival time of the first packet that will be added: the reference
     *     time is its 64 ms unit, so its own delta fits one byte
     * @param feedbackPacketCount this packet's number in the sender's feedback sequence, 0-255
     */
    public TransportFeedbackBuilder begin(int senderSsrc, int mediaSsrc, int baseSequence,
            long referenceArrivalNanos, int feedbackPacketCount) {
        long referenceUnits = Math.floorDiv(referenceArrivalNanos, REFERENCE_TIME_NANOS);
        this.senderSsrc = senderSsrc;
        this.mediaSsrc = mediaSsrc;
        this.baseSequence = baseSequence & SequenceNumbers.MASK;
        this.referenceTime = (int) referenceUnits & 0xFFFFFF; // signed 24-bit: its receiver works modulo 2^24
        this.feedbackPacketCount = feedbackPacketCount & 0xFF;
        this.lastTicks = referenceUnits * TICKS_PER_REFERENCE;
        this.statusCount = 0;
        this.deltaCount = 0;
        this.deltaBytes = 0;
        this.chunkBound = 0;
        this.started = true;
        return this;
    }

    /**
     * Adds a received packet. Its sequence number must follow every one added so far (the numbers between
     * become "not received").
     *
     * @return false, with nothing changed, when it cannot go into this packet: behind or equal to the last
     *     one, too far ahead, a delta beyond ±8192 ms, or the packet would outgrow its maximum length;
     *     write this packet and begin the next one with it
     */
    public boolean addReceived(int sequence, long arrivalNanos) {
        requireStarted();
        int index = (sequence - baseSequence) & SequenceNumbers.MASK;
        if (index < statusCount || index >= MAX_STATUS_COUNT) {
            return false;
        }
        long ticks = Math.floorDiv(arrivalNanos, DELTA_TICK_NANOS);
        long delta = ticks - lastTicks;
        if (delta < Short.MIN_VALUE || delta > Short.MAX_VALUE) {
            return false;
        }
        int status = delta >= 0 && delta <= 0xFF ? SMALL_DELTA : LARGE_DELTA;
        int oldCount = statusCount;
        for (int i = statusCount; i < index; i++) {
            statuses[i] = NOT_RECEIVED;
        }
        statuses[index] = (byte) status;
        statusCount = index + 1;
        // Every greedy chunk but the last covers at least 7 statuses, so this bound on the chunks holds;
        // the exact (linear) walk runs only when the bound says the packet might be full.
        int chunkIncrement = (index - oldCount) / TWO_BIT_CAPACITY + 2;
        int boundLength = (HEADER_LENGTH + 2 * (chunkBound + chunkIncrement) + deltaBytes + status + 3) & ~3;
        if (boundLength > maxPacketLength && length(deltaBytes + status) > maxPacketLength) {
            statusCount = oldCount;
            return false;
        }
        chunkBound += chunkIncrement;
        deltas[deltaCount++] = (short) delta;
        deltaBytes += status;
        lastTicks = ticks;
        return true;
    }

    /** Statuses so far: from the base sequence number to the last packet added. */
    public int statusCount() {
        return statusCount;
    }

    /** The bytes {@link #write} appends now, padding included. */
    public int length() {
        return length(deltaBytes);
    }

    private int length(int withDeltaBytes) {
        int unpadded = HEADER_LENGTH + 2 * chunkCount() + withDeltaBytes;
        return (unpadded + 3) & ~3;
    }

    /**
     * Appends the packet at the writer index of {@code out} (which grows if it must) and returns its
     * length. Needs at least one packet added.
     */
    public int write(ByteBuf out) {
        requireStarted();
        if (deltaCount == 0) {
            throw new IllegalStateException("no received packet added");
        }
        int start = out.writerIndex();
        int length = length();
        int unpadded = HEADER_LENGTH + 2 * chunkCount() + deltaBytes;
        int padding = length - unpadded;
        RtcpHeader.write(out, RtcpPacketType.FMT_TRANSPORT_CC, RtcpPacketType.RTPFB, length);
        if (padding > 0) {
            // RFC 3550 §6.4.1: the P bit says the last octet counts the padding.
            out.setByte(start, out.getUnsignedByte(start) | 0x20);
        }
        out.writeInt(senderSsrc);
        out.writeInt(mediaSsrc);
        out.writeShort(baseSequence);
        out.writeShort(statusCount);
        out.writeMedium(referenceTime);
        out.writeByte(feedbackPacketCount);
        writeChunks(out);
        for (int i = 0; i < deltaCount; i++) {
            int delta = deltas[i];
            if (delta >= 0 && delta <= 0xFF) {
                out.writeByte(delta);
            } else {
                out.writeShort(delta);
            }
        }
        if (padding > 0) {
            out.writeZero(padding - 1);
            out.writeByte(padding);
        }
        started = false;
        return length;
    }

    private int chunkCount() {
        int chunks = 0;
        for (int i = 0; i < statusCount; i += chunkAt(i, null)) {
            chunks++;
        }
        return chunks;
    }

    private void writeChunks(ByteBuf out) {
        for (int i = 0; i < statusCount; ) {
            i += chunkAt(i, out);
        }
    }

    /** Picks the chunk that starts at status {@code i}, writes it if {@code out} is given, returns statuses covered. */
    private int chunkAt(int i, ByteBuf out) {
        int symbol = statuses[i];
        int run = 1;
        while (i + run < statusCount && statuses[i + run] == symbol && run < MAX_RUN_LENGTH) {
            run++;
        }
        if (run >= ONE_BIT_CAPACITY) {
            return runLength(out, symbol, run);
        }
        int oneBit = 0;
        while (oneBit < ONE_BIT_CAPACITY && i + oneBit < statusCount && statuses[i + oneBit] != LARGE_DELTA) {
            oneBit++;
        }
        if (oneBit == ONE_BIT_CAPACITY || i + oneBit == statusCount) {
            if (out != null) {
                int chunk = 0x8000;
                for (int k = 0; k < oneBit; k++) {
                    chunk |= statuses[i + k] << (ONE_BIT_CAPACITY - 1 - k);
                }
                out.writeShort(chunk);
            }
            return oneBit;
        }
        if (run >= TWO_BIT_CAPACITY) {
            return runLength(out, symbol, run);
        }
        int twoBit = Math.min(TWO_BIT_CAPACITY, statusCount - i);
        if (out != null) {
            int chunk = 0xC000;
            for (int k = 0; k < twoBit; k++) {
                chunk |= statuses[i + k] << (2 * (TWO_BIT_CAPACITY - 1 - k));
            }
            out.writeShort(chunk);
        }
        return twoBit;
    }

    private static int runLength(ByteBuf out, int symbol, int run) {
        if (out != null) {
            out.writeShort((symbol << 13) | run);
        }
        return run;
    }

    private void requireStarted() {
        if (!started) {
            throw new IllegalStateException("begin() first");
        }
    }
}
