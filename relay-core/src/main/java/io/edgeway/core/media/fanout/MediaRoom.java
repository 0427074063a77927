package io.edgeway.core.media.fanout;

import io.edgeway.core.buffer.ByteBufCopy;
import io.edgeway.core.media.bwe.EstimatorTrace;
import io.edgeway.core.media.demux.PacketClassifier;
import io.edgeway.core.media.dtls.SrtpKeyMaterial;
import io.edgeway.core.media.port.ParticipantTransport;
import io.edgeway.core.media.rtcp.RtcpBuilder;
import io.edgeway.core.media.rtcp.RtcpCompoundIterator;
import io.edgeway.core.media.rtcp.RtcpPacketType;
import io.edgeway.core.media.rtcp.TransportFeedbackFlyweight;
import io.edgeway.core.media.rtp.HeaderExtensionMap;
import io.edgeway.core.media.rtp.RtpHeaderExtensions;
import io.edgeway.core.media.rtp.RtpHeaderFlyweight;
import io.edgeway.core.media.sdp.ExtMap;
import io.edgeway.core.media.sdp.PayloadFormat;
import io.edgeway.core.media.srtp.SrtpResult;
import io.edgeway.core.media.srtp.SrtpSession;
import io.edgeway.core.media.vp8.Vp8PayloadDescriptor;
import io.netty.buffer.ByteBuf;
import io.netty.util.collection.IntObjectHashMap;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.slf4j.LoggerFactory;

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

    /** Sources a room holds at most (each participant publishes up to three). */
    static final int MAX_SOURCES = 256;
    /** Padding packets (of 255 bytes) a probe top-up sends at most at once: 8 KB, 100 ms of 650 kbit/s. */
    static final int PROBE_TOP_UP_PACKETS = 32;
    /** Loudness below which a heard source's packet is silence and not forwarded: -60 dBov. */
    static final int AUDIBLE = 127 - 60;
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
    /** Sources by index (slots, ranking and allocation name them by index); null where free. */
    private final MediaSource[] sourcesByIndex = new MediaSource[MAX_SOURCES];
    private final List<MediaSource> sources = new ArrayList<>();
    /** Set by {@link #useSlots}: what fills subscribers' slots on every tick; null without slots. */
    private RoomSelection selection;
    /** Where each subscriber's bandwidth estimation trace is written when it leaves; null: not traced. */
    private Path traceDirectory;
    private final RandomGenerator random;
    private final RtpHeaderFlyweight scratchHeader = new RtpHeaderFlyweight();
    private final RtpHeaderExtensions scratchExtensions = new RtpHeaderExtensions();
    private final Vp8PayloadDescriptor vp8 = new Vp8PayloadDescriptor();
    private final TransportFeedbackFlyweight transportFeedbackIn = new TransportFeedbackFlyweight();
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
        this.random = random;
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
        SubscriberSlots ownSlots = member.slots();
        if (ownSlots != null) {
            releaseSlots(ownSlots.audio);
            releaseSlots(ownSlots.video);
            writeTrace(member, ownSlots);
        }
        for (int i = sources.size() - 1; i >= 0; i--) {
            if (sources.get(i).publisher == member) {
                removeSource(sources.get(i));
            }
        }
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

    private void writeTrace(RoomMember member, SubscriberSlots slots) {
        if (slots.trace == null || traceDirectory == null) {
            return;
        }
        Path file = traceDirectory.resolve(id + "-" + member.transport().id() + ".bwe");
        try {
            slots.trace.writeTo(file);
        } catch (IOException e) {
            LoggerFactory.getLogger(MediaRoom.class).warn("could not write the bandwidth trace {}: {}",
                    file, e.toString());
        }
    }

    private static void releaseSlots(Slot[] slots) {
        for (Slot slot : slots) {
            if (slot.target != null) {
                slot.target.unsubscribe(slot);
            }
            if (slot.current != null) {
                slot.current.unsubscribe(slot);
            }
            slot.source = null;
            slot.target = null;
            slot.current = null;
        }
    }

    /** {@code source} is gone: every slot holding it is emptied (its subscriber hears at the next tick). */
    private void removeSource(MediaSource source) {
        sources.remove(source);
        sourcesByIndex[source.index] = null;
        for (int l = 0; l < MediaSource.MAX_LAYERS; l++) {
            // The streams stay the publisher's (registered SSRCs), but belong to no source any more.
            if (source.layers[l] != null) {
                source.layers[l].source = null;
            }
            if (source.repairs[l] != null) {
                source.repairs[l].source = null;
                source.repairs[l].repair = false;
            }
        }
        for (int i = 0, n = members.size(); i < n; i++) {
            SubscriberSlots slots = members.get(i).slots();
            if (slots == null) {
                continue;
            }
            for (Slot slot : slots.audio) {
                emptyIfHolding(slots, slot, source);
            }
            for (Slot slot : slots.video) {
                emptyIfHolding(slots, slot, source);
            }
        }
        if (selection != null) {
            selection.forget(source);
        }
        forgetPrevious(source.index);
    }

    /** A released source index may be reused by another source: no slot should think it is coming back. */
    private void forgetPrevious(int index) {
        for (int i = 0, n = members.size(); i < n; i++) {
            SubscriberSlots slots = members.get(i).slots();
            if (slots == null) {
                continue;
            }
            for (Slot slot : slots.audio) {
                if (slot.lastSourceIndex == index) {
                    slot.lastSourceIndex = -1;
                }
            }
            for (Slot slot : slots.video) {
                if (slot.lastSourceIndex == index) {
                    slot.lastSourceIndex = -1;
                }
            }
        }
    }

    private static void emptyIfHolding(SubscriberSlots slots, Slot slot, MediaSource source) {
        if (slot.source == source) {
            if (slot.target != null) {
                slot.target.unsubscribe(slot);
            }
            if (slot.current != null) {
                slot.current.unsubscribe(slot);
            }
            slot.source = null;
            slot.layer = -1;
            slot.target = null;
            slot.current = null;
            slot.rewriter.pause();
            slots.changed = true;
        }
    }

    /**
     * From now on subscribers may receive through slots ({@link #giveSlots}): the room ranks its speakers
     * for {@code audioSlots} audio slots each and gives each subscriber at most {@code defaultLastN} videos
     * unless its view asks for fewer. Loop only; once.
     */
    public void useSlots(int audioSlots, int defaultLastN, SlotListener listener) {
        if (selection != null) {
            throw new IllegalStateException("room " + id + " already uses slots");
        }
        selection = new RoomSelection(this, audioSlots, defaultLastN);
        selection.listener(listener);
    }

    /**
     * From now on each subscriber's bandwidth estimation records what it sees ({@link
     * EstimatorTrace}), written to {@code directory} as
     * {@code <room>-<participant>.bwe} when it leaves: for study, never on by default. Loop only.
     */
    public void traceBandwidth(Path directory) {
        this.traceDirectory = directory;
    }

    /**
     * The slots the SFU announced to {@code member} in its SDP: from now on it receives through them, a few
     * sources at a time, instead of every stream. Its audio slots' SSRCs, its video slots' SSRCs and their
     * RTX SSRCs, and the CNAME their SDP gives them. Loop only; once per member.
     */
    public SubscriberSlots giveSlots(RoomMember member, int[] audioSsrcs, int[] videoSsrcs, int[] videoRtxSsrcs,
            String cname) {
        if (selection == null) {
            throw new IllegalStateException("room " + id + " does not use slots");
        }
        if (member.slots() != null) {
            throw new IllegalStateException(member + " has slots already");
        }
        if (videoRtxSsrcs.length != videoSsrcs.length) {
            throw new IllegalArgumentException("one RTX SSRC per video slot");
        }
        Slot[] audio = new Slot[audioSsrcs.length];
        for (int i = 0; i < audio.length; i++) {
            audio[i] = new Slot(member, MediaSource.Kind.AUDIO, i, audioSsrcs[i], 0, cname, random.nextInt(1 << 16),
                    random.nextInt());
        }
        Slot[] video = new Slot[videoSsrcs.length];
        for (int i = 0; i < video.length; i++) {
            video[i] = new Slot(member, MediaSource.Kind.VIDEO, i, videoSsrcs[i], videoRtxSsrcs[i], cname,
                    random.nextInt(1 << 16), random.nextInt());
        }
        SubscriberSlots slots = new SubscriberSlots(audio, video);
        if (traceDirectory != null) {
            slots.bandwidth.trace(slots.trace = new EstimatorTrace());
        }
        member.slots(slots);
        NegotiatedStreams described = member.streams();
        if (described != null) {
            member.describeSlots(described);
        }
        return slots;
    }

    /**
     * Declares what {@code member} publishes, section by section, from its latest accepted offer: each
     * declaration becomes a {@link MediaSource} whose SSRCs are registered as the member's
     * ({@link #registerSsrc}), or whose simulcast layers are learnt from the RIDs of their first packets. A
     * source already declared with the same mid and SSRCs is kept; one no longer declared is removed (its
     * streams stop reaching slots). Loop only; allocates (a negotiation, not a packet).
     *
     * @return false if an SSRC is another member's (that declaration is skipped)
     */
    public boolean declareSources(RoomMember member, List<SourceDeclaration> declarations) {
        List<MediaSource> kept = new ArrayList<>();
        List<SourceDeclaration> added = new ArrayList<>();
        for (SourceDeclaration declaration : declarations) {
            MediaSource existing = findSource(member, declaration);
            if (existing != null) {
                kept.add(existing);
            } else {
                added.add(declaration);
            }
        }
        for (int i = sources.size() - 1; i >= 0; i--) {
            MediaSource source = sources.get(i);
            if (source.publisher == member && !kept.contains(source)) {
                removeSource(source);
            }
        }
        boolean all = true;
        for (SourceDeclaration declaration : added) {
            all &= newSource(member, declaration) != null;
        }
        return all;
    }

    private MediaSource findSource(RoomMember member, SourceDeclaration declaration) {
        for (MediaSource source : sources) {
            if (source.publisher == member && source.mid.equals(declaration.mid()) && source.kind == declaration.kind()
                    && source.layerCount == declaration.layerCount()) {
                boolean same = true;
                for (int l = 0; l < declaration.ssrcs().size(); l++) {
                    PublishedStream layer = source.layers[l];
                    same &= layer != null && layer.ssrc == declaration.ssrcs().get(l).intValue();
                }
                if (same) {
                    return source;
                }
            }
        }
        return null;
    }

    private MediaSource newSource(RoomMember member, SourceDeclaration declaration) {
        for (long ssrc : declaration.ssrcs()) {
            PublishedStream owner = publishers.get((int) ssrc);
            if (owner != null && (owner.publisher != member || owner.source != null) || (int) ssrc == sfuSsrc) {
                return null;
            }
        }
        int index = -1;
        for (int i = 0; i < MAX_SOURCES; i++) {
            if (sourcesByIndex[i] == null) {
                index = i;
                break;
            }
        }
        if (index < 0) {
            return null;
        }
        MediaSource source = new MediaSource(index, member, declaration);
        sourcesByIndex[index] = source;
        sources.add(source);
        int clockRate = declaration.kind() == MediaSource.Kind.AUDIO ? 0 : PublishedStream.DEFAULT_CLOCK_RATE;
        for (int l = 0; l < declaration.ssrcs().size(); l++) {
            int ssrc = declaration.ssrcs().get(l).intValue();
            PublishedStream stream = publishers.get(ssrc);
            if (stream == null) {
                stream = publish(member, ssrc, clockRate);
            }
            attach(stream, source, l, false);
            if (l < declaration.rtxSsrcs().size() && declaration.rtxSsrcs().get(l) != 0) {
                int rtx = declaration.rtxSsrcs().get(l).intValue();
                PublishedStream repair = publishers.get(rtx);
                if (repair == null) {
                    repair = publish(member, rtx, PublishedStream.DEFAULT_CLOCK_RATE);
                } else if (repair.publisher != member) {
                    continue;
                }
                attach(repair, source, l, true);
            }
        }
        return source;
    }

    private static void attach(PublishedStream stream, MediaSource source, int layer, boolean repair) {
        stream.source = source;
        stream.layer = layer;
        stream.repair = repair;
        if (repair) {
            source.repairs[layer] = stream;
        } else {
            source.layers[layer] = stream;
        }
    }

    /** The sources in order of declaration. Loop only. */
    List<MediaSource> sources() {
        return sources;
    }

    /** The source with {@code index}, or null. */
    MediaSource source(int index) {
        return index >= 0 && index < MAX_SOURCES ? sourcesByIndex[index] : null;
    }

    /** One more than the highest source index in use, at most {@link #MAX_SOURCES}. */
    int sourceCapacity() {
        int capacity = 0;
        for (int i = 0, n = sources.size(); i < n; i++) {
            capacity = Math.max(capacity, sources.get(i).index + 1);
        }
        return capacity;
    }

    /** The speaker ranking of a room with slots, or null. For the session layer's active speaker. */
    public io.edgeway.core.media.selection.SpeakerRanking speakers() {
        return selection == null ? null : selection.ranking();
    }

    /**
     * Asks {@code stream}'s publisher for a key frame on it: one PLI (RFC 4585 §6.3.1) from the room's SSRC.
     */
    void requestKeyframe(PublishedStream stream, FanoutCounter sent) {
        RoomMember publisher = stream.publisher;
        ByteBuf pli = publisher.alloc().directBuffer(12 + publisher.outbound().profile().rtcpTrailerLength());
        RtcpBuilder.buildPli(pli, sfuSsrc, stream.ssrc);
        counts.increment(publisher.sendRtcp(pli, sent));
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
        if (stream == null && ssrc != sfuSsrc) {
            stream = learnSimulcastSsrc(from, ssrc, packet);
        }
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
        if (stream.repair) {
            return onRepair(nowNanos, from, stream, packet);
        }
        forwardMedia(nowNanos, from, stream, packet);
        return true;
    }

    /** An authenticated media packet of {@code stream}: noted, cached, and copied to whoever takes it. */
    private void forwardMedia(long nowNanos, RoomMember from, PublishedStream stream, ByteBuf packet) {
        int start = packet.readerIndex();
        audioLevels.observe(nowNanos, stream, packet);
        int payloadType = RtpHeaderFlyweight.payloadType(packet, start);
        int sequence = RtpHeaderFlyweight.sequenceNumber(packet, start);
        stream.onPacket(nowNanos, payloadType, sequence, RtpHeaderFlyweight.timestamp(packet, start));
        MediaSource source = stream.source;
        boolean streamStart = true;
        if (source != null) {
            source.meters[stream.layer].add(nowNanos, packet.readableBytes());
            if (source.kind == MediaSource.Kind.VIDEO && stream.vp8(payloadType)) {
                streamStart = observeVp8(source, stream.layer, packet);
            }
        }
        int slotCount = stream.slotCount();
        if (members.size() < 2 && slotCount == 0) {
            counts.increment(FanoutCounter.RTP_NO_SUBSCRIBER);
            return;
        }
        long extended = stream.cache.put(packet, from.alloc());
        // Indexed loops: no iterator per packet. Members without slots get every stream they agreed to.
        for (int i = 0, n = members.size(); i < n; i++) {
            RoomMember to = members.get(i);
            if (to != from && to.slots() == null) {
                counts.increment(to.writer().forward(nowNanos, stream, packet, extended));
            }
        }
        if (slotCount == 0) {
            return;
        }
        boolean silent = source != null && source.kind == MediaSource.Kind.AUDIO
                && RoomSelection.loudness(source, nowNanos) < AUDIBLE;
        for (int i = 0; i < stream.slotCount(); i++) {
            Slot slot = stream.slot(i);
            if (silent) {
                // Silence is not forwarded, and leaves no gap in the slot's sequence numbers.
                slot.rewriter.skip(stream.ssrc, sequence);
                counts.increment(FanoutCounter.AUDIO_SILENCE_SKIPPED);
                continue;
            }
            RoomMember to = slot.subscriber;
            counts.increment(to.slotWriter().forward(nowNanos, slot, stream, packet, streamStart));
            topUpProbe(nowNanos, to);
        }
    }

    /** Reads a VP8 packet's descriptor: whether it starts a key frame, noting the frame's height if so. */
    private boolean observeVp8(MediaSource source, int layer, ByteBuf packet) {
        if (!scratchHeader.wrap(packet).isValid()) {
            return false;
        }
        if (!vp8.wrap(packet, scratchHeader.payloadOffset(), scratchHeader.payloadLength()).isValid()
                || !vp8.keyFrame()) {
            return false;
        }
        source.keyFrameHeight(layer, vp8.height());
        return true;
    }

    /**
     * An RTX packet (RFC 4588) of a publisher: a retransmission the SFU asked for. Its original (PT from the
     * RTX format's apt, the media SSRC, sequence number the OSN) is rebuilt and goes where the original would
     * have: the cache, and the slots, which place it by its sequence number. Padding-only RTX (a sender's own
     * probe) carries nothing and is consumed.
     */
    private boolean onRepair(long nowNanos, RoomMember from, PublishedStream repair, ByteBuf packet) {
        counts.increment(FanoutCounter.RTP_REPAIR_RECEIVED);
        PublishedStream media = repair.source.layers[repair.layer];
        if (media == null || !scratchHeader.wrap(packet).isValid() || scratchHeader.payloadLength() < 2) {
            return true;
        }
        int apt = associatedPayloadType(repair, scratchHeader.payloadType());
        if (apt < 0) {
            return true;
        }
        int headerLength = scratchHeader.headerLength();
        int payloadOffset = scratchHeader.payloadOffset();
        int osn = packet.getUnsignedShort(payloadOffset);
        int start = packet.readerIndex();
        int originalLength = packet.readableBytes() - 2;
        if (media.cache.get(media.cache.extend(osn)) != null) {
            return true;
        }
        ByteBuf original = from.alloc().directBuffer(originalLength);
        try {
            ByteBufCopy.append(original, packet, start, headerLength);
            ByteBufCopy.append(original, packet, payloadOffset + 2, packet.readableBytes() - headerLength - 2);
            int at = original.readerIndex();
            RtpHeaderFlyweight.payloadType(original, at, apt);
            RtpHeaderFlyweight.sequenceNumber(original, at, osn);
            RtpHeaderFlyweight.ssrc(original, at, media.ssrc);
            forwardMedia(nowNanos, from, media, original);
        } finally {
            original.release();
        }
        return true;
    }

    /** The apt of RTX payload type {@code payloadType} in the repair stream's section, or -1. */
    private static int associatedPayloadType(PublishedStream repair, int payloadType) {
        NegotiatedStreams.Stream section = repair.description();
        if (section == null) {
            section = repair.source.layers[repair.layer] == null ? null
                    : repair.source.layers[repair.layer].description();
        }
        if (section == null) {
            return -1;
        }
        List<PayloadFormat> formats = section.formats();
        for (int i = 0, n = formats.size(); i < n; i++) {
            PayloadFormat f = formats.get(i);
            if (f.payloadType() == payloadType && f.isRtx()) {
                return f.associatedPayloadType();
            }
        }
        return -1;
    }

    /**
     * A packet of an SSRC nobody registered: if it carries the MID of one of {@code from}'s simulcast sources
     * and the RID (or repaired RID) of one of its layers (RFC 8852), that layer's SSRC is now known. The
     * first packet of each layer; allocates its stream then.
     */
    private PublishedStream learnSimulcastSsrc(RoomMember from, int ssrc, ByteBuf packet) {
        HeaderExtensionMap ids = from.extensions();
        if (ids == null || !scratchHeader.wrap(packet).isValid() || !scratchHeader.extension()) {
            return null;
        }
        int midId = ids.id(ExtMap.SDES_MID);
        if (midId == 0) {
            return null;
        }
        scratchExtensions.wrap(scratchHeader);
        if (scratchExtensions.form() == RtpHeaderExtensions.FORM_NONE || !scratchExtensions.find(midId)) {
            return null;
        }
        int midOffset = scratchExtensions.dataOffset();
        int midLength = scratchExtensions.dataLength();
        for (int i = 0, n = sources.size(); i < n; i++) {
            MediaSource source = sources.get(i);
            if (source.publisher != from || !source.byRid() || !source.midIs(packet, midOffset, midLength)) {
                continue;
            }
            boolean repair = false;
            int layer = ridLayer(source, ids.id(ExtMap.RTP_STREAM_ID));
            if (layer < 0) {
                layer = ridLayer(source, ids.id(ExtMap.REPAIRED_RTP_STREAM_ID));
                repair = layer >= 0;
            }
            if (layer < 0 || (repair ? source.repairs[layer] : source.layers[layer]) != null) {
                return null;
            }
            PublishedStream stream = publish(from, ssrc, PublishedStream.DEFAULT_CLOCK_RATE);
            NegotiatedStreams described = from.streams();
            if (described != null) {
                stream.describe(described.publishedByMid(source.mid));
            }
            attach(stream, source, layer, repair);
            counts.increment(FanoutCounter.RTP_RID_LEARNED);
            return stream;
        }
        return null;
    }

    private int ridLayer(MediaSource source, int extensionId) {
        if (extensionId == 0) {
            return -1;
        }
        scratchExtensions.rewind();
        if (!scratchExtensions.find(extensionId)) {
            return -1;
        }
        return source.layerOfRid(scratchExtensions.buffer(), scratchExtensions.dataOffset(), scratchExtensions.dataLength());
    }

    /**
     * Keeps a running probe toward {@code to} at its rate with padding on one of its video slots. Called as
     * media goes to the member and on each tick, so what is due can be tens of milliseconds' worth: up to
     * {@link #PROBE_TOP_UP_PACKETS} padding packets at a time.
     */
    private void topUpProbe(long nowNanos, RoomMember to) {
        SubscriberSlots slots = to.slots();
        long due = slots.bandwidth.probe().paddingDue(nowNanos);
        if (due <= 0) {
            return;
        }
        for (Slot slot : slots.video) {
            if (slot.section() != null && slot.rtxPayloadType() >= 0) {
                int sent = to.slotWriter().pad(nowNanos, slot, Math.min(due, PROBE_TOP_UP_PACKETS * 255));
                if (sent > 0) {
                    counts.increment(FanoutCounter.PROBE_PADDING_SENT);
                    return;
                }
            }
        }
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
            } else if (type == RtcpPacketType.RTPFB && rtcp.count() == RtcpPacketType.FMT_TRANSPORT_CC
                    && from.slots() != null && transportFeedbackIn.wrap(rtcp).isValid()) {
                from.slots().bandwidth.onFeedback(nowNanos, transportFeedbackIn);
                counts.increment(FanoutCounter.TRANSPORT_FEEDBACK_RECEIVED);
                used = true;
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
        if (selection != null) {
            selection.onTick(nowNanos);
            for (int i = 0, n = members.size(); i < n; i++) {
                if (members.get(i).slots() != null) {
                    topUpProbe(nowNanos, members.get(i));
                }
            }
        }
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
