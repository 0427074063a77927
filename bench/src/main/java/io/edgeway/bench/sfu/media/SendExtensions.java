package io.edgeway.bench.sfu.media;

import io.edgeway.bench.sfu.sdp.LocalSdp;
import io.edgeway.bench.sfu.sdp.RemoteSdp;
import io.edgeway.core.media.rtp.RtpHeaderExtensionWriter;
import io.edgeway.core.media.rtp.RtpHeaderExtensions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * The header extension ids a sending section may use, as the peer's answer accepted them (-1 for one it
 * did not), and the section's MID; writes the RFC 8285 one-byte block Chromium sends. Immutable.
 */
public final class SendExtensions {

    final int midId;
    final int audioLevelId;
    final int transportCcId;
    final int absSendTimeId;
    final int ridId;
    final int repairedRidId;
    private final ByteBuf mid;

    SendExtensions(String mid, int midId, int audioLevelId, int transportCcId, int absSendTimeId, int ridId,
            int repairedRidId) {
        this.mid = mid == null ? null : ascii(mid);
        this.midId = midId;
        this.audioLevelId = audioLevelId;
        this.transportCcId = transportCcId;
        this.absSendTimeId = absSendTimeId;
        this.ridId = ridId;
        this.repairedRidId = repairedRidId;
    }

    public static SendExtensions of(RemoteSdp.Section answered) {
        return new SendExtensions(answered.mid(), answered.extensionId(LocalSdp.MID),
                answered.extensionId(LocalSdp.AUDIO_LEVEL), answered.extensionId(LocalSdp.TRANSPORT_CC),
                answered.extensionId(LocalSdp.ABS_SEND_TIME), answered.extensionId(LocalSdp.RID),
                answered.extensionId(LocalSdp.REPAIRED_RID));
    }

    /** An RTP stream id as the value of a one-byte element (1-16 ASCII characters). */
    public static ByteBuf ascii(String text) {
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * Appends the block: audio level when {@code level >= 0}, the transport-wide number, abs-send-time, MID,
     * and the RID (or the repaired RID of a retransmission) when given. Returns whether anything was
     * written (the caller sets the X bit). Also the publisher of {@code io.edgeway.bench.jmh.SlotForwardingBench}.
     */
    public boolean write(RtpHeaderExtensionWriter writer, ByteBuf out, int level, int transportSeq, long nowNanos,
            ByteBuf rid, boolean repaired) {
        int ridElement = rid == null ? -1 : repaired ? repairedRidId : ridId;
        boolean any = (midId > 0 && mid != null) || (level >= 0 && audioLevelId > 0) || transportCcId > 0
                || absSendTimeId > 0 || ridElement > 0;
        if (!any) {
            return false;
        }
        writer.begin(out, RtpHeaderExtensions.FORM_ONE_BYTE);
        if (level >= 0 && audioLevelId > 0) {
            writer.addByte(audioLevelId, level);
        }
        if (transportCcId > 0) {
            writer.addShort(transportCcId, transportSeq);
        }
        if (absSendTimeId > 0) {
            // 6.18 fixed-point seconds, 24 bits.
            writer.addMedium(absSendTimeId, (int) ((nowNanos / 1000 << 18) / 1_000_000) & 0xFFFFFF);
        }
        if (midId > 0 && mid != null) {
            writer.addBytes(midId, mid, 0, mid.readableBytes());
        }
        if (ridElement > 0) {
            writer.addBytes(ridElement, rid, 0, rid.readableBytes());
        }
        writer.finish();
        return true;
    }
}
