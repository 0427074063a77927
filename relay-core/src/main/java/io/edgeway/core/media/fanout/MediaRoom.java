package io.edgeway.core.media.fanout;

import io.edgeway.core.buffer.ByteBufCopy;
import io.edgeway.core.media.demux.PacketClassifier;
import io.edgeway.core.media.dtls.SrtpKeyMaterial;
import io.edgeway.core.media.port.ParticipantTransport;
import io.edgeway.core.media.rtcp.NackFlyweight;
import io.edgeway.core.media.rtcp.ReceiverReportFlyweight;
import io.edgeway.core.media.rtcp.ReportBlockFlyweight;
import io.edgeway.core.media.rtcp.RtcpBuilder;
import io.edgeway.core.media.rtcp.RtcpCompoundIterator;
import io.edgeway.core.media.rtcp.RtcpPacketType;
import io.edgeway.core.media.rtcp.SdesFlyweight;
import io.edgeway.core.media.rtcp.SenderReportFlyweight;
import io.edgeway.core.media.rtcp.TransportFeedbackBuilder;
import io.edgeway.core.media.rtp.ExtensionIdMap;
import io.edgeway.core.media.rtp.HeaderExtensionMap;
import io.edgeway.core.media.rtp.RtpHeaderExtensions;
import io.edgeway.core.media.rtp.RtpHeaderFlyweight;
import io.edgeway.core.media.rtp.TransportWideSequence;
import io.edgeway.core.media.srtp.SrtpResult;
import io.edgeway.core.media.srtp.SrtpSession;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.collection.IntObjectHashMap;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.random.RandomGenerator;

/**
 * The participants of one session and the SFU's forwarding rule between them: decrypt each incoming
 * packet once, find who publishes its SSRC, encrypt one copy per subscriber.
 *
 * <h2>Theory of operation</h2>
 * <ul>
 *   <li><b>RTP</b> from member P is unprotected in place with P's inbound session. A packet that does not
 *       authenticate reaches nobody. The first authenticated packet of an SSRC makes P its publisher
 *       (or {@link #registerSsrc} did so from P's SDP); a packet of an SSRC another member publishes is
 *       dropped, so a participant cannot inject into someone else's stream. The unprotected packet is
 *       kept in the stream's {@link RetransmissionCache}, and the RFC 6464 audio level it carries is noted
 *       in its publisher's {@link RoomMember#speech()} ({@link AudioLevelObserver}), for the active
 *       speaker. Every other member then gets a copy in a pooled
 *       direct buffer with tailroom for its own profile's trailer, protected with that member's outbound
 *       session and queued on its transport. SSRC, sequence number and payload are forwarded unchanged
 *       (each subscriber's outbound session keeps its own rollover counter per SSRC); the header
 *       extensions are rewritten for the subscriber first: its own extension IDs, no MID or RID, its own
 *       transport-wide sequence numbers ({@link HeaderExtensionRewriter}). What each subscriber was sent
 *       is noted in its {@link SentLog}.</li>
 *   <li><b>RTCP</b> from member S is unprotected with S's inbound session. Each PLI (RFC 4585 §6.3.1) and
 *       FIR (RFC 5104 §4.3.1) in the compound is copied alone (reduced-size RTCP, RFC 5506 §3, which
 *       browsers negotiate with {@code a=rtcp-rsize}) to the publisher of its media SSRC, protected with
 *       that publisher's outbound session; nothing in it is rewritten. Each Generic NACK (RFC 4585
 *       §6.2.1) is answered from the cache (below); the sequence numbers the cache lacks because they
 *       never reached the SFU go to the publisher in one NACK from the room's own SSRC. A publisher's SR
 *       (RFC 3550 §6.4.1) goes to every subscriber without its report blocks, with the CNAME of its SSRC.
 *       Everything else (RR, SDES, REMB, transport-cc) is consumed and counted: the SFU terminates RTCP
 *       per leg.</li>
 *   <li><b>Retransmission.</b> A retransmission is the same SSRC and sequence number again, and must be
 *       the very bytes first sent to that subscriber: under AES-GCM, the profile browsers pick, the same
 *       IV over a different header would reveal the authentication key. The copy is therefore rebuilt from
 *       the cached packet with the same extension table and the transport-wide number the {@link SentLog}
 *       recorded, and protected with {@link SrtpSession#protectRtpRetransmission}. It carries its original
 *       transport-wide number, not a new one. A packet the subscriber was never sent (it joined later,
 *       or its map changed since) goes out as a first transmission with a new number if its SRTP index
 *       is still unused, and otherwise counts as a miss. A change of either side's extension map clears
 *       the logs it shaped.</li>
 *   <li><b>Receiver reports.</b> Every authenticated packet also feeds its stream's
 *       {@link ReceiveStatistics} (RFC 3550 A.1, A.3, A.8), and a publisher's SR sets its LSR. Once per
 *       {@link #REPORT_INTERVAL_NANOS}, driven by {@link #onTimeout}, each publisher gets one compound
 *       RR + SDES from the room's SSRC with a block per SSRC it publishes: the SFU is the receiver its
 *       congestion control and loss statistics see.</li>
 *   <li><b>Transport-wide feedback.</b> The transport-wide sequence number of every authenticated packet
 *       from a member that negotiated it is recorded with its arrival time ({@link
 *       TransportFeedbackRecorder}); every tick (100 ms) the member gets RTPFB FMT 15 feedback for them
 *       (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1), so its bandwidth estimation runs
 *       against the SFU.</li>
 * </ul>
 *
 * <h2>Threading and buffers</h2>
 * Confined to the media port's event loop, with every member's transport: plain collections, no locks.
 * {@link #onPacket} borrows the packet (it decrypts it in place); each copy is owned by the member's
 * transport once handed to it. Per packet this allocates only the pooled copies (and Netty's
 * {@code DatagramPacket} envelope per copy); a new SSRC adds its stream and cache once, a new
 * (subscriber, SSRC) pair its sent log once. The caches hold pooled buffers until their publisher leaves
 * or {@link #close()}. Counters may be read from any thread.
 */
public final class MediaRoom {

    private static final int RTP_PAYLOAD_TYPE_OFFSET = 1;
    private static final int RTP_PAYLOAD_TYPE_MASK = 0x7F;
    private static final int RTP_SEQUENCE_OFFSET = 2;
    private static final int RTP_TIMESTAMP_OFFSET = 4;
    private static final int RTP_SSRC_OFFSET = 8;
    /** RFC 3550 §6.2 suggests 5 s for a session's reports; one second keeps loss figures fresh for senders. */
    static final long REPORT_INTERVAL_NANOS = 1_000_000_000L;
    /** RFC 3550 §6.4.1: RC is five bits. */
    private static final int MAX_BLOCKS_PER_REPORT = 31;
    /** PLI: common header, sender SSRC, media source SSRC (RFC 4585 §6.1). */
    private static final int PLI_MEDIA_SSRC_OFFSET = 8;
    private static final int PLI_LENGTH = 12;
    /** FIR: media source SSRC is zero, the FCI entries name the streams (RFC 5104 §4.3.1.1). */
    private static final int FIR_FIRST_ENTRY_SSRC_OFFSET = 12;
    private static final int FIR_MIN_LENGTH = 20;
    /** Most sequence numbers one forwarded NACK asks the publisher for. */
    static final int MAX_NACK_REQUEST = 256;
    /** RFC 4585 §6.1 header, sender and media SSRC; then 4 bytes per PID/BLP entry. */
    private static final int NACK_FIXED_LENGTH = 12;
    private static final long NOT_CACHED = Long.MIN_VALUE;
    /** Transport-wide feedback packets stay well under a path MTU, SRTCP trailer and IP/UDP headers added. */
    static final int MAX_FEEDBACK_LENGTH = 1100;

    /** Keyframe requests (PLI/FIR) reach a stream's publisher at most this often (about 3 per second). */
    static final long KEYFRAME_REQUEST_INTERVAL_NANOS = 300_000_000L;
    private final String id;
    /** Only SSRCs named by {@link #registerSsrc} are forwarded; loop only. */
    private boolean signalledOnly;
    private final int sfuSsrc;
    private final String sfuCname;
    private final List<RoomMember> members = new ArrayList<>();
    /** SSRC -> the stream and the member that publishes it. */
    private final IntObjectHashMap<PublishedStream> publishers = new IntObjectHashMap<>();
    private final RtcpCompoundIterator rtcp = new RtcpCompoundIterator();
    private final NackFlyweight nack = new NackFlyweight();
    private final SenderReportFlyweight senderReport = new SenderReportFlyweight();
    private final RtcpCompoundIterator sdesWalk = new RtcpCompoundIterator();
    private final SdesFlyweight sdes = new SdesFlyweight();
    private final HeaderExtensionRewriter extensionRewriter = new HeaderExtensionRewriter();
    private final AudioLevelObserver audioLevels = new AudioLevelObserver();
    private final RtpHeaderFlyweight incoming = new RtpHeaderFlyweight();
    private final RtpHeaderExtensions incomingExtensions = new RtpHeaderExtensions();
    private final TransportFeedbackBuilder feedback = new TransportFeedbackBuilder(MAX_FEEDBACK_LENGTH);
    /** Sequence numbers of one NACK that the cache lacks, to ask the publisher for. */
    private final int[] missing = new int[MAX_NACK_REQUEST];
    private final AtomicLongArray counts = new AtomicLongArray(FanoutCounter.values().length);
    private boolean reportsStarted;
    private long nextReportNanos;

    /**
     * A room whose own SSRC and CNAME (of the RTCP the SFU originates) are drawn from a
     * {@link SecureRandom}.
     */
    public MediaRoom(String id) {
        this(id, new SecureRandom());
    }

    /** A room whose own SSRC and CNAME are drawn from {@code random} (seeded in tests). */
    public MediaRoom(String id, RandomGenerator random) {
        this.id = Objects.requireNonNull(id, "id");
        this.sfuSsrc = random.nextInt();
        // RFC 7022 §4.2: a short-term persistent CNAME of 96 random bits, here base64 (16 characters).
        byte[] cname = new byte[12];
        random.nextBytes(cname);
        this.sfuCname = Base64.getUrlEncoder().withoutPadding().encodeToString(cname);
    }

    public String id() {
        return id;
    }

    /**
     * From now on an SSRC is forwarded only once {@link #registerSsrc} named its publisher (from the
     * participant's SDP, after the session layer's publishing rules): a participant cannot publish by
     * merely sending, on a section it was refused or on an SSRC it never signalled. Without this, the
     * first authenticated packet of an unknown SSRC makes its sender the publisher. Loop only.
     */
    public void requireSignalledSsrcs() {
        signalledOnly = true;
    }

    /**
     * The SSRC the SFU sends its own RTCP from in this room (RFC 3550 §8.1: chosen at random): the sender
     * of forwarded NACKs, receiver reports and transport-wide feedback toward publishers.
     */
    public int sfuSsrc() {
        return sfuSsrc;
    }

    /** The CNAME in the SDES of the SFU's own RTCP in this room (RFC 3550 §6.5.1). */
    public String sfuCname() {
        return sfuCname;
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
     * Removes the member and forgets every SSRC it published: the retransmission caches (their buffers go
     * back to the pool), the other members' logs of those streams, and the SRTP contexts the other
     * members' outbound sessions hold for them (each session keeps at most
     * {@link SrtpSession#DEFAULT_MAX_SSRCS}, so a long-lived room must not collect departed streams).
     * Loop only; idempotent; allocates (not a per-packet path).
     */
    public void leave(RoomMember member) {
        if (!members.remove(member)) {
            return;
        }
        member.markLeft();
        for (RoomMember other : members) {
            other.forgetTranslations(member);
        }
        for (PublishedStream stream : member.published()) {
            publishers.remove(stream.ssrc);
            stream.release();
            for (RoomMember subscriber : members) {
                subscriber.outbound().removeSsrc(stream.ssrc);
                subscriber.forgetSentLog(stream.ssrc);
            }
        }
        member.published().clear();
    }

    /** Every member leaves ({@link #leave}): the room holds no buffers afterwards. Loop only; idempotent. */
    public void close() {
        while (!members.isEmpty()) {
            leave(members.get(members.size() - 1));
        }
    }

    /**
     * {@code member}'s header extension map changed: every table and every sent log built under its old
     * map is stale (a retransmission must reproduce the first copy, which the old table shaped).
     */
    void extensionsChanged(RoomMember member) {
        member.forgetTranslations(null);
        member.forgetSentLogs();
        for (int i = 0, n = members.size(); i < n; i++) {
            RoomMember other = members.get(i);
            other.forgetTranslations(member);
            List<PublishedStream> streams = member.published();
            for (int j = 0, m = streams.size(); j < m; j++) {
                other.forgetSentLog(streams.get(j).ssrc);
            }
        }
    }

    /**
     * Declares that {@code member} publishes {@code ssrc} (from its SDP's {@code a=ssrc}), before its first
     * packet. Loop only.
     *
     * @return false if another member already publishes it (or it is the room's own SSRC)
     */
    public boolean registerSsrc(RoomMember member, int ssrc) {
        return registerSsrc(member, ssrc, 0);
    }

    /**
     * {@link #registerSsrc(RoomMember, int)} with the stream's RTP clock rate, for its jitter (RFC 3550
     * A.8); 0 takes it from the payload type of the first packet ({@link RoomMember#clockRate(int)}).
     * Loop only.
     */
    public boolean registerSsrc(RoomMember member, int ssrc, int clockRate) {
        if (clockRate < 0) {
            throw new IllegalArgumentException("clock rate is negative: " + clockRate);
        }
        PublishedStream owner = publishers.get(ssrc);
        if (owner != null) {
            return owner.publisher == member;
        }
        if (ssrc == sfuSsrc) {
            return false;
        }
        publish(member, ssrc, clockRate);
        return true;
    }

    private PublishedStream publish(RoomMember member, int ssrc, int clockRate) {
        PublishedStream stream = new PublishedStream(ssrc, member, clockRate);
        publishers.put(ssrc, stream);
        member.published().add(stream);
        return stream;
    }

    /** The member publishing {@code ssrc}, or null. Loop only. */
    public RoomMember publisherOf(int ssrc) {
        PublishedStream stream = publishers.get(ssrc);
        return stream == null ? null : stream.publisher;
    }

    /** Packets the retransmission cache of {@code ssrc} holds now (0 if nobody publishes it). Loop only. */
    public int cachedPackets(int ssrc) {
        PublishedStream stream = publishers.get(ssrc);
        return stream == null ? 0 : stream.cache.size();
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
     * @return true when it authenticated (forwarded or consumed), false when it was dropped (or
     *     {@code from} has left the room)
     */
    public boolean onPacket(long nowNanos, RoomMember from, ByteBuf packet) {
        if (from.hasLeft()) {
            // Media still in flight from a member that left (or a room closed under a live transport):
            // it must not claim SSRCs or fill caches nobody will release.
            increment(FanoutCounter.FROM_NON_MEMBER);
            return false;
        }
        if (packet.readableBytes() >= 2
                && PacketClassifier.isRtcpPacketType(packet.getUnsignedByte(packet.readerIndex() + 1))) {
            return onRtcp(nowNanos, from, packet);
        }
        return onRtp(nowNanos, from, packet);
    }

    private boolean onRtp(long nowNanos, RoomMember from, ByteBuf packet) {
        if (from.inbound().unprotectRtp(packet) != SrtpResult.OK) {
            increment(FanoutCounter.RTP_UNPROTECT_FAILED);
            return false;
        }
        recordTransportSequence(nowNanos, from, packet);
        int ssrc = packet.getInt(packet.readerIndex() + RTP_SSRC_OFFSET);
        PublishedStream stream = publishers.get(ssrc);
        if (stream == null) {
            if (ssrc == sfuSsrc) {
                increment(FanoutCounter.RTP_SSRC_CONFLICT);
                return false;
            }
            if (signalledOnly) {
                increment(FanoutCounter.RTP_UNSIGNALLED_SSRC);
                return false;
            }
            stream = publish(from, ssrc, 0);
        } else if (stream.publisher != from) {
            increment(FanoutCounter.RTP_SSRC_CONFLICT);
            return false;
        }
        audioLevels.observe(nowNanos, from, packet);
        int start = packet.readerIndex();
        int payloadType = packet.getUnsignedByte(start + RTP_PAYLOAD_TYPE_OFFSET) & RTP_PAYLOAD_TYPE_MASK;
        stream.onPacket(nowNanos, payloadType, packet.getUnsignedShort(start + RTP_SEQUENCE_OFFSET),
                packet.getUnsignedInt(start + RTP_TIMESTAMP_OFFSET));
        if (members.size() < 2) {
            increment(FanoutCounter.RTP_NO_SUBSCRIBER);
            return true;
        }
        long extended = stream.cache.put(packet, from.alloc());
        // Indexed loop: no iterator per packet.
        for (int i = 0, n = members.size(); i < n; i++) {
            RoomMember to = members.get(i);
            if (to != from) {
                forwardRtp(nowNanos, stream, to, packet, extended);
            }
        }
        return true;
    }

    private void forwardRtp(long nowNanos, PublishedStream stream, RoomMember to, ByteBuf packet, long extended) {
        SrtpSession outbound = to.outbound();
        ByteBuf copy = copyForProtection(to, packet, outbound.profile().rtpTrailerLength());
        ExtensionIdMap table = to.translationFrom(stream.publisher);
        int transportSequence = to.nextTransportSequence();
        boolean stamped = table != null
                && extensionRewriter.rewrite(copy, table, to.transportSequenceId(), transportSequence);
        if (outbound.protectRtp(copy) != SrtpResult.OK) {
            copy.release();
            increment(FanoutCounter.RTP_PROTECT_FAILED);
            return;
        }
        if (stamped) {
            // Only a copy that leaves takes a number, so the subscriber sees no gap we made ourselves.
            to.advanceTransportSequence();
        }
        if (extended != NOT_CACHED) {
            to.sentLog(stream.ssrc, nowNanos).record(extended, transportSequence);
        }
        increment(to.send(copy) ? FanoutCounter.RTP_FORWARDED : FanoutCounter.SEND_FAILED);
    }

    private static ByteBuf copyForProtection(RoomMember to, ByteBuf packet, int trailer) {
        int length = packet.readableBytes();
        ByteBuf copy = to.alloc().directBuffer(length + trailer);
        ByteBufCopy.append(copy, packet, packet.readerIndex(), length);
        return copy;
    }

    private boolean onRtcp(long nowNanos, RoomMember from, ByteBuf packet) {
        if (from.inbound().unprotectRtcp(packet) != SrtpResult.OK) {
            increment(FanoutCounter.RTCP_UNPROTECT_FAILED);
            return false;
        }
        boolean used = false;
        rtcp.wrap(packet);
        while (rtcp.next()) {
            int type = rtcp.packetType();
            if (type == RtcpPacketType.PSFB) {
                used |= onPayloadFeedback(nowNanos, from, packet);
            } else if (type == RtcpPacketType.RTPFB && rtcp.count() == RtcpPacketType.FMT_NACK) {
                used |= onNack(nowNanos, from);
            } else if (type == RtcpPacketType.SR) {
                used |= onSenderReport(nowNanos, from, packet);
            }
        }
        if (!used) {
            increment(FanoutCounter.RTCP_CONSUMED);
        }
        return true;
    }

    /**
     * A PLI or FIR goes to the publisher of its media SSRC, at most one per stream every
     * {@link #KEYFRAME_REQUEST_INTERVAL_NANOS}: every subscriber that joins or loses a packet asks for a
     * keyframe, and one keyframe answers them all (a publisher flooded with requests sends nothing but
     * keyframes). A subscriber whose first copy of the stream left after the last request asks past the
     * interval once: that keyframe may have gone before it was there. True if it went or was throttled.
     */
    private boolean onPayloadFeedback(long nowNanos, RoomMember from, ByteBuf packet) {
        int offset = rtcp.packetOffset();
        int length = rtcp.packetLength();
        int mediaSsrc;
        if (rtcp.count() == RtcpPacketType.FMT_PLI && length >= PLI_LENGTH) {
            mediaSsrc = packet.getInt(offset + PLI_MEDIA_SSRC_OFFSET);
        } else if (rtcp.count() == RtcpPacketType.FMT_FIR && length >= FIR_MIN_LENGTH) {
            // One FIR names one stream in practice (a browser asks for one keyframe at a time).
            mediaSsrc = packet.getInt(offset + FIR_FIRST_ENTRY_SSRC_OFFSET);
        } else {
            return false;
        }
        PublishedStream stream = publishers.get(mediaSsrc);
        if (stream == null || stream.publisher == from) {
            increment(FanoutCounter.RTCP_UNKNOWN_MEDIA_SSRC);
            return false;
        }
        if (!stream.mayRequestKeyframe(nowNanos, KEYFRAME_REQUEST_INTERVAL_NANOS, from.existingSentLog(mediaSsrc))) {
            increment(FanoutCounter.RTCP_FEEDBACK_THROTTLED);
            return true;
        }
        forwardRtcp(stream.publisher, packet, offset, length, FanoutCounter.RTCP_FEEDBACK_FORWARDED);
        return true;
    }

    /**
     * RFC 3550 §6.4.1: a publisher's SR goes to every subscriber, so that each can map the stream's RTP
     * timestamps to wall-clock time (lip sync, RFC 3550 §6.4.1 "NTP timestamp"). SSRCs and timestamps are
     * forwarded unchanged, which is consistent because the media is too; the report blocks (and any
     * profile extension) are stripped, since they describe what the publisher receives from the SFU. The
     * CNAME of the same SSRC from the compound's SDES goes along (RFC 3550 §6.1: a compound carries one),
     * copied as bytes. An SR for an SSRC the sender does not publish is not forwarded.
     */
    private boolean onSenderReport(long nowNanos, RoomMember from, ByteBuf packet) {
        if (!senderReport.wrap(rtcp).isValid()) {
            return false;
        }
        int ssrc = senderReport.senderSsrc();
        PublishedStream stream = publishers.get(ssrc);
        if (stream == null || stream.publisher != from) {
            return false;
        }
        stream.onSenderReport(senderReport.compactNtpTimestamp(), nowNanos);
        if (members.size() < 2) {
            return false;
        }
        int cnameOffset = -1;
        int cnameLength = 0;
        sdesWalk.wrap(packet);
        while (cnameOffset < 0 && sdesWalk.next()) {
            if (sdesWalk.packetType() != RtcpPacketType.SDES || !sdes.wrap(sdesWalk).isValid()) {
                continue;
            }
            while (sdes.nextChunk()) {
                if (sdes.chunkSsrc() == ssrc && sdes.cnameOffset() >= 0) {
                    cnameOffset = sdes.cnameOffset();
                    cnameLength = sdes.cnameLength();
                    break;
                }
            }
        }
        int length = SenderReportFlyweight.MIN_LENGTH
                + (cnameOffset < 0 ? 0 : RtcpBuilder.sdesCnameLength(cnameLength));
        for (int i = 0, n = members.size(); i < n; i++) {
            RoomMember to = members.get(i);
            if (to == from) {
                continue;
            }
            ByteBuf copy = to.alloc().directBuffer(length + to.outbound().profile().rtcpTrailerLength());
            RtcpBuilder.buildSenderReport(copy, ssrc, senderReport.ntpTimestamp(), senderReport.rtpTimestamp(),
                    senderReport.packetCount(), senderReport.octetCount());
            if (cnameOffset >= 0) {
                RtcpBuilder.buildSdesCname(copy, ssrc, packet, cnameOffset, cnameLength);
            }
            protectAndSendRtcp(to, copy, FanoutCounter.SR_FORWARDED);
        }
        return true;
    }

    /**
     * RFC 4585 §6.2.1: each lost packet the NACK names is retransmitted from the cache; those the cache
     * lacks because they never reached us are asked of the publisher, at most once per
     * {@link RetransmissionCache#REQUEST_INTERVAL_NANOS} each, in one NACK from the room's SSRC.
     */
    private boolean onNack(long nowNanos, RoomMember from) {
        if (!nack.wrap(rtcp).isValid()) {
            return false;
        }
        PublishedStream stream = publishers.get(nack.mediaSsrc());
        if (stream == null || stream.publisher == from) {
            increment(FanoutCounter.RTCP_UNKNOWN_MEDIA_SSRC);
            return false;
        }
        increment(FanoutCounter.NACK_RECEIVED);
        RetransmissionCache cache = stream.cache;
        int missingCount = 0;
        nack.rewindLost();
        while (nack.nextLost()) {
            int seq = nack.lostSequenceNumber();
            long extended = cache.extend(seq);
            ByteBuf cached = cache.get(extended);
            if (cached != null) {
                increment(retransmit(nowNanos, stream, from, cached, extended));
                continue;
            }
            increment(FanoutCounter.RETRANSMIT_MISS);
            if (missingCount < missing.length && cache.shouldRequest(extended, nowNanos)) {
                missing[missingCount++] = seq;
            }
        }
        if (missingCount > 0) {
            requestFromPublisher(stream, missingCount);
        }
        return true;
    }

    /**
     * The media port's periodic call ({@code MediaPacketHandler.onTimeout}, every 100 ms through
     * {@link FanoutHandler}): sends each publisher the transport-wide feedback for what arrived since the
     * last call, and the receiver reports when they are due, once per {@link #REPORT_INTERVAL_NANOS}.
     * Loop only; allocates the pooled RTCP buffers.
     */
    public void onTimeout(long nowNanos) {
        for (int i = 0, n = members.size(); i < n; i++) {
            sendTransportFeedback(members.get(i));
        }
        if (!reportsStarted) {
            reportsStarted = true;
            nextReportNanos = nowNanos;
        }
        if (nowNanos - nextReportNanos >= 0) {
            nextReportNanos = nowNanos + REPORT_INTERVAL_NANOS;
            sendReceiverReports(nowNanos);
        }
    }

    /**
     * RFC 3550 §6.4.2: sends every member that publishes one compound RTCP packet from the room's SSRC:
     * RR with a report block per SSRC it publishes (more RR packets after 31 blocks), then SDES with the
     * room's CNAME (RFC 3550 §6.1: every compound carries a CNAME). Members whose streams have not sent a
     * packet yet get nothing. Loop only.
     */
    public void sendReceiverReports(long nowNanos) {
        for (int i = 0, n = members.size(); i < n; i++) {
            RoomMember member = members.get(i);
            List<PublishedStream> streams = member.published();
            int blocks = 0;
            for (int j = 0, m = streams.size(); j < m; j++) {
                ReceiveStatistics statistics = streams.get(j).statistics();
                if (statistics != null && statistics.hasReport()) {
                    blocks++;
                }
            }
            if (blocks == 0) {
                continue;
            }
            int reports = (blocks + MAX_BLOCKS_PER_REPORT - 1) / MAX_BLOCKS_PER_REPORT;
            int cnameLength = ByteBufUtil.utf8Bytes(sfuCname);
            int length = reports * ReceiverReportFlyweight.MIN_LENGTH + blocks * ReportBlockFlyweight.LENGTH
                    + RtcpBuilder.sdesCnameLength(cnameLength);
            ByteBuf compound = member.alloc().directBuffer(length + member.outbound().profile().rtcpTrailerLength());
            int reportStart = -1;
            int inReport = MAX_BLOCKS_PER_REPORT;
            for (int j = 0, m = streams.size(); j < m; j++) {
                PublishedStream stream = streams.get(j);
                ReceiveStatistics statistics = stream.statistics();
                if (statistics == null || !statistics.hasReport()) {
                    continue;
                }
                if (inReport == MAX_BLOCKS_PER_REPORT) {
                    reportStart = compound.writerIndex();
                    RtcpBuilder.buildReceiverReport(compound, sfuSsrc);
                    inReport = 0;
                }
                statistics.addReportBlock(compound, reportStart, stream.ssrc, nowNanos);
                inReport++;
            }
            RtcpBuilder.buildSdesCname(compound, sfuSsrc, sfuCname);
            protectAndSendRtcp(member, compound, FanoutCounter.RR_SENT);
        }
    }

    /**
     * Notes the transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2) of
     * an authenticated packet from {@code from}, under the ID its map gives; a full ring is reported at once.
     */
    private void recordTransportSequence(long nowNanos, RoomMember from, ByteBuf packet) {
        int id = from.transportSequenceId();
        if (id == 0 || !incoming.wrap(packet).extension()) {
            return;
        }
        int sequence = TransportWideSequence.find(incomingExtensions.wrap(incoming), id);
        if (sequence == TransportWideSequence.NOT_PRESENT) {
            return;
        }
        TransportFeedbackRecorder recorder = from.feedbackRecorder();
        if (!recorder.record(sequence, nowNanos)) {
            sendTransportFeedback(from);
            recorder.record(sequence, nowNanos);
        }
    }

    /**
     * Draft §3.1: tells {@code member} when each of its packets since the last feedback arrived, in as
     * many RTPFB FMT 15 packets from the room's SSRC as {@link #MAX_FEEDBACK_LENGTH} needs. The media SSRC
     * is the first SSRC it publishes (the draft leaves it open; the sender reads the transport, not the
     * stream).
     */
    private void sendTransportFeedback(RoomMember member) {
        TransportFeedbackRecorder recorder = member.existingFeedbackRecorder();
        if (recorder == null || recorder.isEmpty()) {
            return;
        }
        int n = recorder.drainSorted();
        List<PublishedStream> streams = member.published();
        int mediaSsrc = streams.isEmpty() ? 0 : streams.get(0).ssrc;
        int base = recorder.firstBase();
        int i = 0;
        while (i < n) {
            feedback.begin(sfuSsrc, mediaSsrc, base, recorder.arrival(i), recorder.nextFeedbackPacketCount());
            int first = i;
            while (i < n && feedback.addReceived(recorder.sequence(i), recorder.arrival(i))) {
                i++;
            }
            if (i == first) {
                // Cannot happen with a base from the recorder; never loop on it.
                i++;
                continue;
            }
            ByteBuf packet = member.alloc().directBuffer(
                    feedback.length() + member.outbound().profile().rtcpTrailerLength());
            feedback.write(packet);
            protectAndSendRtcp(member, packet, FanoutCounter.TRANSPORT_FEEDBACK_SENT);
            if (i < n) {
                base = recorder.sequence(i);
            }
        }
        recorder.reported();
    }

    /** Sends cached packet {@code extended} to {@code to} again; returns what became of it. */
    private FanoutCounter retransmit(long nowNanos, PublishedStream stream, RoomMember to, ByteBuf cached,
            long extended) {
        SrtpSession outbound = to.outbound();
        ByteBuf copy = copyForProtection(to, cached, outbound.profile().rtpTrailerLength());
        ExtensionIdMap table = to.translationFrom(stream.publisher);
        SentLog log = to.existingSentLog(stream.ssrc);
        int sentWith = log == null ? SentLog.NOT_SENT : log.transportSequence(extended);
        SrtpResult result;
        if (sentWith != SentLog.NOT_SENT) {
            // The first copy's bytes again: same packet, same table, same transport-wide number.
            if (table != null) {
                extensionRewriter.rewrite(copy, table, to.transportSequenceId(), sentWith);
            }
            result = outbound.protectRtpRetransmission(copy);
        } else {
            // Never sent to this member: a first transmission, which SRTP refuses if the index was used.
            int transportSequence = to.nextTransportSequence();
            boolean stamped = table != null
                    && extensionRewriter.rewrite(copy, table, to.transportSequenceId(), transportSequence);
            result = outbound.protectRtp(copy);
            if (result == SrtpResult.OK) {
                if (stamped) {
                    to.advanceTransportSequence();
                }
                to.sentLog(stream.ssrc, nowNanos).record(extended, transportSequence);
            }
        }
        if (result != SrtpResult.OK) {
            copy.release();
            return FanoutCounter.RETRANSMIT_MISS;
        }
        return to.send(copy) ? FanoutCounter.RETRANSMITTED : FanoutCounter.SEND_FAILED;
    }

    /** One NACK (RFC 4585 §6.2.1) from the room's SSRC for the first {@code count} of {@link #missing}. */
    private void requestFromPublisher(PublishedStream stream, int count) {
        RoomMember publisher = stream.publisher;
        SrtpSession outbound = publisher.outbound();
        ByteBuf nackPacket = publisher.alloc().directBuffer(
                NACK_FIXED_LENGTH + 4 * count + outbound.profile().rtcpTrailerLength());
        RtcpBuilder.buildNack(nackPacket, sfuSsrc, stream.ssrc, missing, 0, count);
        protectAndSendRtcp(publisher, nackPacket, FanoutCounter.NACK_FORWARDED);
    }

    private void forwardRtcp(RoomMember to, ByteBuf packet, int offset, int length, FanoutCounter sent) {
        SrtpSession outbound = to.outbound();
        ByteBuf copy = to.alloc().directBuffer(length + outbound.profile().rtcpTrailerLength());
        ByteBufCopy.append(copy, packet, offset, length);
        protectAndSendRtcp(to, copy, sent);
    }

    /** Protects {@code packet} (owned) with {@code to}'s outbound session and queues it. */
    private void protectAndSendRtcp(RoomMember to, ByteBuf packet, FanoutCounter sent) {
        if (to.outbound().protectRtcp(packet) != SrtpResult.OK) {
            packet.release();
            increment(FanoutCounter.RTCP_PROTECT_FAILED);
            return;
        }
        increment(to.send(packet) ? sent : FanoutCounter.SEND_FAILED);
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
