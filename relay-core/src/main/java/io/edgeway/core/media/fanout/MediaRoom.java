package io.edgeway.core.media.fanout;

import io.edgeway.core.media.demux.PacketClassifier;
import io.edgeway.core.media.dtls.SrtpKeyMaterial;
import io.edgeway.core.media.port.ParticipantTransport;
import io.edgeway.core.media.rtcp.RtcpCompoundIterator;
import io.edgeway.core.media.rtcp.RtcpPacketType;
import io.edgeway.core.media.rtp.HeaderExtensionMap;
import io.edgeway.core.media.rtp.RtpHeaderFlyweight;
import io.edgeway.core.media.srtp.SrtpResult;
import io.edgeway.core.media.srtp.SrtpSession;
import io.netty.buffer.ByteBuf;
import io.netty.util.collection.IntObjectHashMap;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The participants of one session and the SFU's forwarding rule between them: decrypt each incoming
 * packet once, find who publishes its SSRC, encrypt one copy per subscriber. The room keeps membership,
 * the SSRC routing table and the forward loop; every feature on top is a unit of its own that owns its
 * flyweights and its counters, in the manner of Jitsi Videobridge's node pipeline.
 *
 * <h2>Theory of operation</h2>
 * <ul>
 *   <li><b>RTP</b> from member P is unprotected in place with P's inbound session. A packet that does not
 *       authenticate reaches nobody. The first authenticated packet of an SSRC makes P its publisher
 *       (or {@link #registerSsrc} did so from P's SDP); a packet of an SSRC another member publishes is
 *       dropped, so a participant cannot inject into someone else's stream. Then, in this order: its
 *       transport-wide number is recorded ({@link TransportFeedbackSender}), its RFC 6464 level noted
 *       ({@link AudioLevelObserver}), its stream's {@link ReceiveStatistics} fed and the packet kept in
 *       the stream's {@link RetransmissionCache}; every other member's {@link RtpWriter} then sends it
 *       its own copy (rewritten for it, protected with its outbound session, logged).</li>
 *   <li><b>RTCP</b> from member S is unprotected with S's inbound session and each packet of the
 *       compound goes to the unit for its kind: PLI/FIR to the {@link KeyframeRequestRelay}, Generic NACK
 *       to the {@link NackResponder}, SR to the {@link SenderReportRelay}. Everything else (RR, SDES,
 *       REMB, transport-cc) is consumed and counted: the SFU terminates RTCP per leg.</li>
 *   <li><b>The media tick</b> ({@link #onTimeout}, every 100 ms): the {@link TransportFeedbackSender}
 *       reports what arrived since the last tick, the {@link ReceiverReportScheduler} sends receiver
 *       reports once a second.</li>
 * </ul>
 *
 * <h2>Threading and buffers</h2>
 * Confined to the media port's event loop, with every member's transport: plain collections, no locks.
 * {@link #onPacket} borrows the packet (it decrypts it in place); each copy is owned by the member's
 * transport once handed to it. Per packet this allocates only the pooled copies (and Netty's
 * {@code DatagramPacket} envelope per copy); a new SSRC adds its stream and cache once, a new
 * (subscriber, SSRC) pair its {@link StreamTranslation} once. The caches hold pooled buffers until their
 * publisher leaves or {@link #close()}. Counters may be read from any thread.
 */
public final class MediaRoom {

    private final String id;
    /** Only SSRCs named by {@link #registerSsrc} are forwarded; loop only. */
    private boolean signalledOnly;
    private final int sfuSsrc;
    private final String sfuCname;
    private final List<RoomMember> members = new ArrayList<>();
    /** SSRC -> the stream and the member that publishes it. */
    private final IntObjectHashMap<PublishedStream> publishers = new IntObjectHashMap<>();
    private final RtcpCompoundIterator rtcp = new RtcpCompoundIterator();
    private final AudioLevelObserver audioLevels = new AudioLevelObserver();
    private final TransportFeedbackSender transportFeedback = new TransportFeedbackSender(this);
    private final KeyframeRequestRelay keyframeRequests = new KeyframeRequestRelay(this);
    private final NackResponder nacks = new NackResponder(this);
    private final SenderReportRelay senderReports = new SenderReportRelay(this);
    private final ReceiverReportScheduler receiverReports = new ReceiverReportScheduler(this);
    /** What the forward loop itself counts: drops before forwarding, and every RTP copy. */
    private final FanoutCounts counts = new FanoutCounts();
    private final FanoutCounts[] allCounts = {counts, transportFeedback.counts(), keyframeRequests.counts(),
            nacks.counts(), senderReports.counts(), receiverReports.counts()};

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
        for (PublishedStream stream : member.published()) {
            publishers.remove(stream.ssrc);
            stream.release();
            for (RoomMember subscriber : members) {
                subscriber.outbound().removeSsrc(stream.ssrc);
                subscriber.writer().forget(stream.ssrc);
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
     * What {@code member} negotiated changed: every translation built under its old description is stale,
     * both those of its own subscriptions and those of the others' subscriptions to its streams (a
     * retransmission must reproduce the first copy, which the old tables shaped).
     */
    void negotiationChanged(RoomMember member) {
        member.writer().forgetAll();
        List<PublishedStream> streams = member.published();
        for (int i = 0, n = members.size(); i < n; i++) {
            RoomMember other = members.get(i);
            for (int j = 0, m = streams.size(); j < m; j++) {
                other.writer().forget(streams.get(j).ssrc);
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
        NegotiatedStreams described = member.streams();
        stream.describe(described == null ? null : described.published(ssrc));
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
        long sum = 0;
        for (FanoutCounts unit : allCounts) {
            sum += unit.get(counter);
        }
        return sum;
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
            counts.increment(FanoutCounter.FROM_NON_MEMBER);
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
            counts.increment(FanoutCounter.RTP_UNPROTECT_FAILED);
            return false;
        }
        int start = packet.readerIndex();
        int ssrc = RtpHeaderFlyweight.ssrc(packet, start);
        PublishedStream stream = publishers.get(ssrc);
        // Every authenticated packet arrived on the member's transport, forwarded or not: its feedback counts it.
        transportFeedback.record(nowNanos, from,
                stream != null && stream.publisher == from ? stream.transportSequenceId() : from.transportSequenceId(),
                packet);
        if (stream == null) {
            if (ssrc == sfuSsrc) {
                counts.increment(FanoutCounter.RTP_SSRC_CONFLICT);
                return false;
            }
            if (signalledOnly) {
                counts.increment(FanoutCounter.RTP_UNSIGNALLED_SSRC);
                return false;
            }
            stream = publish(from, ssrc, 0);
        } else if (stream.publisher != from) {
            counts.increment(FanoutCounter.RTP_SSRC_CONFLICT);
            return false;
        }
        audioLevels.observe(nowNanos, stream, packet);
        stream.onPacket(nowNanos, RtpHeaderFlyweight.payloadType(packet, start),
                RtpHeaderFlyweight.sequenceNumber(packet, start), RtpHeaderFlyweight.timestamp(packet, start));
        if (members.size() < 2) {
            counts.increment(FanoutCounter.RTP_NO_SUBSCRIBER);
            return true;
        }
        long extended = stream.cache.put(packet, from.alloc());
        // Indexed loop: no iterator per packet.
        for (int i = 0, n = members.size(); i < n; i++) {
            RoomMember to = members.get(i);
            if (to != from) {
                counts.increment(to.writer().forward(nowNanos, stream, packet, extended));
            }
        }
        return true;
    }

    private boolean onRtcp(long nowNanos, RoomMember from, ByteBuf packet) {
        if (from.inbound().unprotectRtcp(packet) != SrtpResult.OK) {
            counts.increment(FanoutCounter.RTCP_UNPROTECT_FAILED);
            return false;
        }
        boolean used = false;
        rtcp.wrap(packet);
        while (rtcp.next()) {
            int type = rtcp.packetType();
            if (type == RtcpPacketType.PSFB) {
                used |= keyframeRequests.onPayloadFeedback(nowNanos, from, packet, rtcp);
            } else if (type == RtcpPacketType.RTPFB && rtcp.count() == RtcpPacketType.FMT_NACK) {
                used |= nacks.onNack(nowNanos, from, rtcp);
            } else if (type == RtcpPacketType.SR) {
                used |= senderReports.onSenderReport(nowNanos, from, packet, rtcp);
            }
        }
        if (!used) {
            counts.increment(FanoutCounter.RTCP_CONSUMED);
        }
        return true;
    }

    /**
     * The media port's periodic call ({@code MediaPacketHandler.onTimeout}, every 100 ms through
     * {@link FanoutHandler}): sends each publisher the transport-wide feedback for what arrived since the
     * last call, and the receiver reports when they are due, once per
     * {@link ReceiverReportScheduler#INTERVAL_NANOS}. Loop only; allocates the pooled RTCP buffers.
     */
    public void onTimeout(long nowNanos) {
        transportFeedback.onTimeout();
        receiverReports.onTimeout(nowNanos);
    }

    /** Sends every member that publishes its receiver reports now, whatever the schedule. Loop only. */
    public void sendReceiverReports(long nowNanos) {
        receiverReports.sendReports(nowNanos);
    }

    /** The stream of {@code ssrc} and its publisher, or null; for the units. */
    PublishedStream stream(int ssrc) {
        return publishers.get(ssrc);
    }

    /** The members in join order; the room's to change, the units' to read. */
    List<RoomMember> members() {
        return members;
    }

    @Override
    public String toString() {
        return "MediaRoom[" + id + ", " + members.size() + " members]";
    }
}
