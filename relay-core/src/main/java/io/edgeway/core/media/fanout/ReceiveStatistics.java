package io.edgeway.core.media.fanout;

import io.edgeway.core.media.rtcp.RtcpBuilder;
import io.edgeway.core.media.rtp.InterarrivalJitter;
import io.edgeway.core.media.rtp.RtpSequenceTracker;
import io.netty.buffer.ByteBuf;

/**
 * What the SFU receives of one published SSRC, as one reception report block says it (RFC 3550 §6.4.1):
 * extended highest sequence number with cycles (Appendix A.1), cumulative and interval loss (A.3),
 * interarrival jitter in RTP timestamp units (A.8), and LSR/DLSR from the publisher's last SR.
 *
 * <p>Probation is off ({@link RtpSequenceTracker} with MIN_SEQUENTIAL 1): every packet counted here has
 * already authenticated with SRTP, which vouches for the source better than two packets in a row.
 * Jitter is fed only packets that advance the highest sequence number (not reordered or repeated ones),
 * at the clock rate fixed when the stream was first seen.
 *
 * <p>Confined to the room's event loop; allocation-free.
 */
final class ReceiveStatistics {

    /** DLSR unit: 1/65536 s (RFC 3550 §6.4.1). */
    private static final long DLSR_UNITS_PER_SECOND = 65_536;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final RtpSequenceTracker sequence = new RtpSequenceTracker(1);
    private final InterarrivalJitter jitter;
    private final int clockRate;
    private long lastSr;
    private long lastSrArrivalNanos;
    private boolean srReceived;

    ReceiveStatistics(int clockRate) {
        this.clockRate = clockRate;
        this.jitter = new InterarrivalJitter(clockRate);
    }

    int clockRate() {
        return clockRate;
    }

    /** One authenticated RTP packet of the stream (RFC 3550 A.1 {@code update_seq}, A.8). */
    void onPacket(long arrivalNanos, int sequenceNumber, long rtpTimestamp) {
        boolean wasValid = sequence.isValid();
        long highest = sequence.extendedHighestSequence();
        if (sequence.update(sequenceNumber)
                && (!wasValid || sequence.extendedHighestSequence() > highest)) {
            jitter.update(arrivalNanos, rtpTimestamp);
        }
    }

    /** The publisher's SR for this SSRC arrived: LSR is the middle 32 bits of its NTP timestamp. */
    void onSenderReport(long compactNtpTimestamp, long arrivalNanos) {
        lastSr = compactNtpTimestamp;
        lastSrArrivalNanos = arrivalNanos;
        srReceived = true;
    }

    /** Whether a report block means anything yet (a packet was counted). */
    boolean hasReport() {
        return sequence.isValid();
    }

    /**
     * Appends this stream's report block to the RR at {@code reportStart} and starts a new loss interval
     * (RFC 3550 A.3: fraction lost is per interval between reports).
     */
    int addReportBlock(ByteBuf out, int reportStart, int ssrc, long nowNanos) {
        long delaySinceLastSr = 0;
        if (srReceived) {
            // RFC 3550 §6.4.1: DLSR in units of 1/65536 s; 0 (with LSR 0) when no SR was received.
            long elapsed = Math.max(0, nowNanos - lastSrArrivalNanos);
            delaySinceLastSr = elapsed / NANOS_PER_SECOND * DLSR_UNITS_PER_SECOND
                    + elapsed % NANOS_PER_SECOND * DLSR_UNITS_PER_SECOND / NANOS_PER_SECOND;
        }
        return RtcpBuilder.addReportBlock(out, reportStart, ssrc, sequence.fractionLostAndStartInterval(),
                sequence.cumulativeLost(), sequence.extendedHighestSequence(), jitter.jitter(),
                srReceived ? lastSr : 0, Math.min(delaySinceLastSr, 0xFFFF_FFFFL));
    }
}
