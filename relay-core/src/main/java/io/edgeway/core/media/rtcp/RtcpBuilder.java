package io.edgeway.core.media.rtcp;

import io.edgeway.core.media.rtp.SequenceNumbers;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * Writes the RTCP packets Edgeway originates or re-originates, each appended at the writer index of a
 * caller-supplied {@link ByteBuf} (which grows if it must; size it so it need not). Every method returns
 * the number of bytes it appended. Several calls in a row build a compound packet (RFC 3550 §6.1), e.g.
 * a receiver report with its blocks followed by a PLI.
 *
 * <p>Reports are built in two steps so that any number of blocks can be added without an array:
 *
 * <pre>{@code
 *   int rr = out.writerIndex();
 *   RtcpBuilder.buildReceiverReport(out, sfuSsrc);
 *   RtcpBuilder.addReportBlock(out, rr, publisherSsrc, fraction, lost, extHighest, jitter, lsr, dlsr);
 * }</pre>
 *
 * <p>Stateless and thread-safe; the output buffer is borrowed. Allocation-free unless the buffer grows.
 * Wire layouts are drawn in each packet's flyweight.
 */
public final class RtcpBuilder {

    private RtcpBuilder() {
    }

    /**
     * Appends an SR without report blocks (RFC 3550 §6.4.1); add blocks with {@link #addReportBlock}.
     *
     * @param ntpTimestamp 64-bit NTP time (RFC 3550 §4) at which {@code rtpTimestamp} was current
     */
    public static int buildSenderReport(
            ByteBuf out, int ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount) {
        RtcpHeader.write(out, 0, RtcpPacketType.SR, SenderReportFlyweight.MIN_LENGTH);
        out.writeInt(ssrc);
        out.writeLong(ntpTimestamp);
        out.writeInt((int) rtpTimestamp);
        out.writeInt((int) packetCount);
        out.writeInt((int) octetCount);
        return SenderReportFlyweight.MIN_LENGTH;
    }

    /** Appends an RR without report blocks (RFC 3550 §6.4.2); add blocks with {@link #addReportBlock}. */
    public static int buildReceiverReport(ByteBuf out, int senderSsrc) {
        RtcpHeader.write(out, 0, RtcpPacketType.RR, ReceiverReportFlyweight.MIN_LENGTH);
        out.writeInt(senderSsrc);
        return ReceiverReportFlyweight.MIN_LENGTH;
    }

    /**
     * Appends a report block (RFC 3550 §6.4.1) to the SR or RR that starts at absolute {@code reportStart}
     * and was the last thing written to {@code out}, raising its RC and length.
     *
     * @param cumulativeLost clamped to the signed 24-bit field
     * @param lastSr middle 32 bits of the NTP timestamp of the last SR from {@code ssrc}, or 0
     * @param delaySinceLastSr in 1/65536 s since that SR arrived, or 0
     */
    public static int addReportBlock(ByteBuf out, int reportStart, int ssrc, int fractionLost,
            long cumulativeLost, long extendedHighestSequence, long jitter, long lastSr, long delaySinceLastSr) {
        int type = RtcpHeader.packetType(out, reportStart);
        if (type != RtcpPacketType.SR && type != RtcpPacketType.RR) {
            throw new IllegalArgumentException("not an SR or RR at " + reportStart + ": PT " + type);
        }
        int packetLength = RtcpHeader.packetLength(out, reportStart);
        if (reportStart + packetLength != out.writerIndex()) {
            throw new IllegalStateException("the report at " + reportStart + " is not the last packet written");
        }
        int count = RtcpHeader.count(out, reportStart);
        if (count == RtcpHeader.MAX_COUNT) {
            throw new IllegalStateException("report already holds 31 blocks");
        }
        if (fractionLost < 0 || fractionLost > 255) {
            throw new IllegalArgumentException("fraction lost out of range 0-255: " + fractionLost);
        }
        out.writeInt(ssrc);
        out.writeByte(fractionLost);
        out.writeMedium(ReportBlockFlyweight.clampCumulativeLost(cumulativeLost));
        out.writeInt((int) extendedHighestSequence);
        out.writeInt((int) jitter);
        out.writeInt((int) lastSr);
        out.writeInt((int) delaySinceLastSr);
        RtcpHeader.count(out, reportStart, count + 1);
        RtcpHeader.lengthField(out, reportStart, (packetLength + ReportBlockFlyweight.LENGTH) / 4 - 1);
        return ReportBlockFlyweight.LENGTH;
    }

    /** Appends a PLI (RFC 4585 §6.3.1) asking {@code mediaSsrc} for a keyframe. */
    public static int buildPli(ByteBuf out, int senderSsrc, int mediaSsrc) {
        RtcpHeader.write(out, RtcpPacketType.FMT_PLI, RtcpPacketType.PSFB, PliFlyweight.LENGTH);
        out.writeInt(senderSsrc);
        out.writeInt(mediaSsrc);
        return PliFlyweight.LENGTH;
    }

    /**
     * Appends a FIR (RFC 5104 §4.3.1) with one entry asking {@code mediaSsrc} for a decoder refresh.
     * RFC 5104 §4.3.1.2: the media source field of the common header SHALL be 0; the target goes in the
     * FCI entry.
     *
     * @param sequenceNumber the requester's command sequence number for {@code mediaSsrc}, 0-255,
     *     incremented for each new request
     */
    public static int buildFir(ByteBuf out, int senderSsrc, int mediaSsrc, int sequenceNumber) {
        int length = FeedbackFlyweight.FCI_OFFSET + FirFlyweight.ENTRY_LENGTH;
        RtcpHeader.write(out, RtcpPacketType.FMT_FIR, RtcpPacketType.PSFB, length);
        out.writeInt(senderSsrc);
        out.writeInt(0);
        out.writeInt(mediaSsrc);
        out.writeByte(sequenceNumber);
        out.writeMedium(0);
        return length;
    }

    /**
     * Appends a Generic NACK (RFC 4585 §6.2.1) for {@code count} sequence numbers of {@code lost} from
     * {@code from}. Numbers that follow a PID by 1 to 16 share its entry's BLP; give them in ascending
     * (wrap-aware) order to get the fewest entries. Duplicates of a PID are dropped.
     */
    public static int buildNack(ByteBuf out, int senderSsrc, int mediaSsrc, int[] lost, int from, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a NACK needs at least one lost packet");
        }
        int start = out.writerIndex();
        RtcpHeader.write(out, RtcpPacketType.FMT_NACK, RtcpPacketType.RTPFB, FeedbackFlyweight.FCI_OFFSET);
        out.writeInt(senderSsrc);
        out.writeInt(mediaSsrc);
        int pid = lost[from] & SequenceNumbers.MASK;
        int blp = 0;
        for (int i = from + 1; i < from + count; i++) {
            int seq = lost[i] & SequenceNumbers.MASK;
            int delta = SequenceNumbers.delta(pid, seq);
            if (delta == 0) {
                continue;
            }
            if (delta >= 1 && delta <= 16) {
                blp |= 1 << (delta - 1);
            } else {
                out.writeShort(pid);
                out.writeShort(blp);
                pid = seq;
                blp = 0;
            }
        }
        out.writeShort(pid);
        out.writeShort(blp);
        int length = out.writerIndex() - start;
        RtcpHeader.lengthField(out, start, length / 4 - 1);
        return length;
    }

    /**
     * Appends a REMB (draft-alvestrand-rmcat-remb-03 §2.2) with {@code bitsPerSecond} (rounded down to an
     * 18-bit mantissa and 6-bit exponent) for {@code count} SSRCs of {@code ssrcs} from {@code from}.
     */
    public static int buildRemb(ByteBuf out, int senderSsrc, long bitsPerSecond, int[] ssrcs, int from, int count) {
        if (count < 0 || count > 255) {
            throw new IllegalArgumentException("REMB SSRC count out of range 0-255: " + count);
        }
        int length = RembFlyweight.SSRCS_OFFSET + 4 * count;
        RtcpHeader.write(out, RtcpPacketType.FMT_AFB, RtcpPacketType.PSFB, length);
        out.writeInt(senderSsrc);
        out.writeInt(0); // draft-alvestrand-rmcat-remb §2.2: media source SSRC is always 0
        out.writeInt(RembFlyweight.IDENTIFIER);
        out.writeByte(count);
        out.writeMedium(RembFlyweight.encodeBitrate(bitsPerSecond));
        for (int i = from; i < from + count; i++) {
            out.writeInt(ssrcs[i]);
        }
        return length;
    }

    /**
     * Appends an SDES with one chunk holding only a CNAME item (RFC 3550 §6.5.1), encoded as UTF-8 and
     * at most 255 bytes, followed by the END item and null padding to a 32-bit boundary.
     */
    public static int buildSdesCname(ByteBuf out, int ssrc, CharSequence cname) {
        int textLength = ByteBufUtil.utf8Bytes(cname);
        if (textLength > 255) {
            throw new IllegalArgumentException("CNAME longer than 255 bytes: " + textLength);
        }
        int length = writeSdesCnameHead(out, ssrc, textLength);
        ByteBufUtil.reserveAndWriteUtf8(out, cname, textLength);
        writeSdesCnameEnd(out, textLength);
        return length;
    }

    /**
     * {@link #buildSdesCname(ByteBuf, int, CharSequence)} with the CNAME taken as bytes from
     * {@code textLength} bytes at absolute {@code textIndex} of {@code text}, e.g. a received SDES item
     * copied on without decoding it (no String per packet).
     */
    public static int buildSdesCname(ByteBuf out, int ssrc, ByteBuf text, int textIndex, int textLength) {
        if (textLength < 0 || textLength > 255) {
            throw new IllegalArgumentException("CNAME length out of range 0-255: " + textLength);
        }
        int length = writeSdesCnameHead(out, ssrc, textLength);
        out.writeBytes(text, textIndex, textLength);
        writeSdesCnameEnd(out, textLength);
        return length;
    }

    /** The SDES header, the chunk's SSRC and the CNAME item's type and length; returns the packet's length. */
    private static int writeSdesCnameHead(ByteBuf out, int ssrc, int textLength) {
        int length = RtcpHeader.HEADER_LENGTH + sdesCnameChunkLength(textLength);
        RtcpHeader.write(out, 1, RtcpPacketType.SDES, length);
        out.writeInt(ssrc);
        out.writeByte(SdesFlyweight.ITEM_CNAME);
        out.writeByte(textLength);
        return length;
    }

    /** The END item and the null padding after a CNAME of {@code textLength} bytes. */
    private static void writeSdesCnameEnd(ByteBuf out, int textLength) {
        out.writeZero(sdesCnameChunkLength(textLength) - 4 - 2 - textLength);
    }

    /** Bytes {@link #buildSdesCname} appends for a CNAME of {@code textLength} UTF-8 bytes. */
    public static int sdesCnameLength(int textLength) {
        return RtcpHeader.HEADER_LENGTH + sdesCnameChunkLength(textLength);
    }

    private static int sdesCnameChunkLength(int textLength) {
        // SSRC, type, length, text, then at least one null octet (END), padded to a word (RFC 3550 §6.5).
        return (4 + 2 + textLength + 1 + 3) & ~3;
    }

    /** Appends a BYE (RFC 3550 §6.6) for one source, without a reason. */
    public static int buildBye(ByteBuf out, int ssrc) {
        int length = ByeFlyweight.SSRCS_OFFSET + 4;
        RtcpHeader.write(out, 1, RtcpPacketType.BYE, length);
        out.writeInt(ssrc);
        return length;
    }
}
