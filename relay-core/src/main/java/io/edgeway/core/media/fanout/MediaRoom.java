package io.edgeway.core.media.fanout;

import io.edgeway.core.media.demux.PacketClassifier;
import io.edgeway.core.media.dtls.SrtpKeyMaterial;
import io.edgeway.core.media.port.ParticipantTransport;
import io.edgeway.core.media.rtcp.RtcpCompoundIterator;
import io.edgeway.core.media.rtcp.RtcpPacketType;
import io.edgeway.core.media.rtp.ExtensionIdMap;
import io.edgeway.core.media.rtp.HeaderExtensionMap;
import io.edgeway.core.media.srtp.SrtpResult;
import io.edgeway.core.media.srtp.SrtpSession;
import io.netty.buffer.ByteBuf;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The participants of one session and the SFU's forwarding rule between them: decrypt each incoming
 * packet once, find who publishes its SSRC, encrypt one copy per subscriber.
 *
 * <h2>Theory of operation</h2>
 * <ul>
 *   <li><b>RTP</b> from member P is unprotected in place with P's inbound session. A packet that does not
 *       authenticate reaches nobody. The first authenticated packet of an SSRC makes P its publisher
 *       (or {@link #registerSsrc} did so from P's SDP); a packet of an SSRC another member publishes is
 *       dropped, so a participant cannot inject into someone else's stream. Every other member then gets
 *       a copy in a pooled direct buffer with tailroom for its own profile's trailer, protected with that
 *       member's outbound session and queued on its transport. SSRC, sequence number and payload are
 *       forwarded unchanged (each subscriber's outbound session keeps its own rollover counter per SSRC);
 *       the header extensions are rewritten for the subscriber first: its own extension IDs, no MID or
 *       RID, its own transport-wide sequence numbers ({@link HeaderExtensionRewriter}). The RFC 6464 audio
 *       level the publisher's packet carries is noted in its {@link RoomMember#speech()} on the way
 *       ({@link AudioLevelObserver}), for the active speaker.</li>
 *   <li><b>RTCP</b> from member S is unprotected with S's inbound session. Each PLI (RFC 4585 §6.3.1) and
 *       FIR (RFC 5104 §4.3.1) in the compound is copied alone (reduced-size RTCP, RFC 5506 §3, which
 *       browsers negotiate with {@code a=rtcp-rsize}) to the publisher of its media SSRC, protected with
 *       that publisher's outbound session; nothing in it is rewritten. Everything else (SR, RR, SDES,
 *       NACK, REMB, transport-cc) is consumed and counted: the SFU terminates RTCP per leg.</li>
 * </ul>
 *
 * <h2>Threading and buffers</h2>
 * Confined to the media port's event loop, with every member's transport: plain collections, no locks.
 * {@link #onPacket} borrows the packet (it decrypts it in place); each copy is owned by the member's
 * transport once handed to it. Per packet this allocates only the pooled copies (and Netty's
 * {@code DatagramPacket} envelope per copy); a new SSRC adds one map entry once. Counters may be read from
 * any thread.
 */
public final class MediaRoom {

    private static final int RTP_SSRC_OFFSET = 8;
    /** PLI: common header, sender SSRC, media source SSRC (RFC 4585 §6.1). */
    private static final int PLI_MEDIA_SSRC_OFFSET = 8;
    private static final int PLI_LENGTH = 12;
    /** FIR: media source SSRC is zero, the FCI entries name the streams (RFC 5104 §4.3.1.1). */
    private static final int FIR_FIRST_ENTRY_SSRC_OFFSET = 12;
    private static final int FIR_MIN_LENGTH = 20;

    private final String id;
    private final List<RoomMember> members = new ArrayList<>();
    /** SSRC -> the member that publishes it. */
    private final IntObjectHashMap<RoomMember> publishers = new IntObjectHashMap<>();
    private final RtcpCompoundIterator rtcp = new RtcpCompoundIterator();
    private final HeaderExtensionRewriter extensionRewriter = new HeaderExtensionRewriter();
    private final AudioLevelObserver audioLevels = new AudioLevelObserver();
    private final AtomicLongArray counts = new AtomicLongArray(FanoutCounter.values().length);

    public MediaRoom(String id) {
        this.id = Objects.requireNonNull(id, "id");
    }

    public String id() {
        return id;
    }

    /**
     * Adds the participant whose DTLS-SRTP association just completed. Loop only; allocates (the two SRTP
     * sessions). Not for the hot path: called from {@code ParticipantTransportListener.onConnected}.
     *
     * @throws IllegalArgumentException if the transport is already a member
     */
    public RoomMember join(ParticipantTransport transport, SrtpKeyMaterial keys) {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(keys, "keys");
        for (RoomMember member : members) {
            if (member.transport() == transport) {
                throw new IllegalArgumentException(transport + " already joined room " + id);
            }
        }
        RoomMember member = new RoomMember(this, transport, keys);
        members.add(member);
        return member;
    }

    /**
     * {@link #join} and set the member's negotiated header extensions at once ({@link
     * RoomMember#extensions(HeaderExtensionMap)}). Loop only.
     */
    public RoomMember join(ParticipantTransport transport, SrtpKeyMaterial keys, HeaderExtensionMap extensions) {
        RoomMember member = join(transport, keys);
        member.extensions(extensions);
        return member;
    }

    /**
     * Removes the member and forgets every SSRC it published, including the SRTP contexts the other
     * members' outbound sessions hold for those SSRCs (each session keeps at most
     * {@link SrtpSession#DEFAULT_MAX_SSRCS}, so a long-lived room must not collect departed streams).
     * Loop only; idempotent; allocates (not a per-packet path).
     */
    public void leave(RoomMember member) {
        if (!members.remove(member)) {
            return;
        }
        for (RoomMember other : members) {
            other.forgetTranslations(member);
        }
        List<Integer> published = new ArrayList<>();
        for (IntObjectMap.PrimitiveEntry<RoomMember> entry : publishers.entries()) {
            if (entry.value() == member) {
                published.add(entry.key());
            }
        }
        for (int ssrc : published) {
            publishers.remove(ssrc);
            for (RoomMember subscriber : members) {
                subscriber.outbound().removeSsrc(ssrc);
            }
        }
    }

    /** {@code member}'s header extension map changed: every table built from its old map is stale. */
    void extensionsChanged(RoomMember member) {
        member.forgetTranslations(null);
        for (int i = 0, n = members.size(); i < n; i++) {
            members.get(i).forgetTranslations(member);
        }
    }

    /**
     * Declares that {@code member} publishes {@code ssrc} (from its SDP's {@code a=ssrc}), before its first
     * packet. Loop only.
     *
     * @return false if another member already publishes it
     */
    public boolean registerSsrc(RoomMember member, int ssrc) {
        RoomMember owner = publishers.get(ssrc);
        if (owner != null) {
            return owner == member;
        }
        publishers.put(ssrc, member);
        return true;
    }

    /** The member publishing {@code ssrc}, or null. Loop only. */
    public RoomMember publisherOf(int ssrc) {
        return publishers.get(ssrc);
    }

    /** Loop only. */
    public int memberCount() {
        return members.size();
    }

    /** How many packets or copies ended with {@code counter}. Any thread. */
    public long count(FanoutCounter counter) {
        return counts.get(counter.ordinal());
    }

    /**
     * One SRTP or SRTCP packet from {@code from} (RFC 5761 §4 tells them apart by the second byte).
     * Loop only; allocation-free but for the pooled copies.
     *
     * @param packet borrowed; unprotected in place
     * @return true when it authenticated (forwarded or consumed), false when it was dropped
     */
    public boolean onPacket(long nowNanos, RoomMember from, ByteBuf packet) {
        if (packet.readableBytes() >= 2
                && PacketClassifier.isRtcpPacketType(packet.getUnsignedByte(packet.readerIndex() + 1))) {
            return onRtcp(from, packet);
        }
        return onRtp(nowNanos, from, packet);
    }

    private boolean onRtp(long nowNanos, RoomMember from, ByteBuf packet) {
        if (from.inbound().unprotectRtp(packet) != SrtpResult.OK) {
            increment(FanoutCounter.RTP_UNPROTECT_FAILED);
            return false;
        }
        int ssrc = packet.getInt(packet.readerIndex() + RTP_SSRC_OFFSET);
        RoomMember owner = publishers.get(ssrc);
        if (owner == null) {
            publishers.put(ssrc, from);
        } else if (owner != from) {
            increment(FanoutCounter.RTP_SSRC_CONFLICT);
            return false;
        }
        audioLevels.observe(nowNanos, from, packet);
        if (members.size() < 2) {
            increment(FanoutCounter.RTP_NO_SUBSCRIBER);
            return true;
        }
        // Indexed loop: no iterator per packet.
        for (int i = 0, n = members.size(); i < n; i++) {
            RoomMember to = members.get(i);
            if (to != from) {
                forwardRtp(from, to, packet);
            }
        }
        return true;
    }

    private void forwardRtp(RoomMember from, RoomMember to, ByteBuf packet) {
        SrtpSession outbound = to.outbound();
        int length = packet.readableBytes();
        ByteBuf copy = to.alloc().directBuffer(length + outbound.profile().rtpTrailerLength());
        copy.writeBytes(packet, packet.readerIndex(), length);
        ExtensionIdMap table = to.translationFrom(from);
        boolean stamped = table != null && extensionRewriter.rewrite(copy, table, to.transportSequenceId(),
                to.nextTransportSequence());
        if (outbound.protectRtp(copy) != SrtpResult.OK) {
            copy.release();
            increment(FanoutCounter.RTP_PROTECT_FAILED);
            return;
        }
        if (stamped) {
            // Only a copy that leaves takes a number, so the subscriber sees no gap we made ourselves.
            to.advanceTransportSequence();
        }
        increment(to.send(copy) ? FanoutCounter.RTP_FORWARDED : FanoutCounter.SEND_FAILED);
    }

    private boolean onRtcp(RoomMember from, ByteBuf packet) {
        if (from.inbound().unprotectRtcp(packet) != SrtpResult.OK) {
            increment(FanoutCounter.RTCP_UNPROTECT_FAILED);
            return false;
        }
        boolean forwarded = false;
        rtcp.wrap(packet);
        while (rtcp.next()) {
            if (rtcp.packetType() != RtcpPacketType.PSFB) {
                continue;
            }
            int offset = rtcp.packetOffset();
            int length = rtcp.packetLength();
            int mediaSsrc;
            if (rtcp.count() == RtcpPacketType.FMT_PLI && length >= PLI_LENGTH) {
                mediaSsrc = packet.getInt(offset + PLI_MEDIA_SSRC_OFFSET);
            } else if (rtcp.count() == RtcpPacketType.FMT_FIR && length >= FIR_MIN_LENGTH) {
                // One FIR names one stream in practice (a browser asks for one keyframe at a time).
                mediaSsrc = packet.getInt(offset + FIR_FIRST_ENTRY_SSRC_OFFSET);
            } else {
                continue;
            }
            RoomMember publisher = publishers.get(mediaSsrc);
            if (publisher == null || publisher == from) {
                increment(FanoutCounter.RTCP_UNKNOWN_MEDIA_SSRC);
                continue;
            }
            forwardRtcp(publisher, packet, offset, length);
            forwarded = true;
        }
        if (!forwarded) {
            increment(FanoutCounter.RTCP_CONSUMED);
        }
        return true;
    }

    private void forwardRtcp(RoomMember to, ByteBuf packet, int offset, int length) {
        SrtpSession outbound = to.outbound();
        ByteBuf copy = to.alloc().directBuffer(length + outbound.profile().rtcpTrailerLength());
        copy.writeBytes(packet, offset, length);
        if (outbound.protectRtcp(copy) != SrtpResult.OK) {
            copy.release();
            increment(FanoutCounter.RTCP_PROTECT_FAILED);
            return;
        }
        increment(to.send(copy) ? FanoutCounter.RTCP_FEEDBACK_FORWARDED : FanoutCounter.SEND_FAILED);
    }

    /** Single writer (the loop): a plain increment published with release semantics, as MediaPort does. */
    private void increment(FanoutCounter counter) {
        int i = counter.ordinal();
        counts.lazySet(i, counts.get(i) + 1);
    }

    @Override
    public String toString() {
        return "MediaRoom[" + id + ", " + members.size() + " members]";
    }
}
