package io.edgeway.bench.jmh;

import io.edgeway.bench.jmh.PublisherStandIn.Feed;
import io.edgeway.core.media.dtls.CertificateFingerprint;
import io.edgeway.core.media.dtls.DtlsRole;
import io.edgeway.core.media.dtls.DtlsServerContext;
import io.edgeway.core.media.dtls.SrtpKeyMaterial;
import io.edgeway.core.media.dtls.SrtpProtectionProfile;
import io.edgeway.core.media.fanout.FanoutHandler;
import io.edgeway.core.media.fanout.MediaRoom;
import io.edgeway.core.media.fanout.MediaSource;
import io.edgeway.core.media.fanout.RoomMember;
import io.edgeway.core.media.fanout.SlotListener;
import io.edgeway.core.media.fanout.SourceDeclaration;
import io.edgeway.core.media.fanout.SubscriberSlots;
import io.edgeway.core.media.port.EmbeddedMediaPorts;
import io.edgeway.core.media.port.MediaPort;
import io.edgeway.core.media.port.ParticipantTransport;
import io.edgeway.core.media.port.ParticipantTransportListener;
import io.edgeway.core.media.rtp.RtpHeaderFlyweight;
import io.edgeway.core.media.rtp.TransportWideSequence;
import io.edgeway.core.media.sdp.Candidate;
import io.edgeway.core.media.sdp.Fingerprint;
import io.edgeway.core.media.sdp.ForwardedTrack;
import io.edgeway.core.media.sdp.MediaDescription;
import io.edgeway.core.media.sdp.Origin;
import io.edgeway.core.media.sdp.SdpParser;
import io.edgeway.core.media.sdp.SessionDescription;
import io.edgeway.core.media.sdp.SfuAnswerBuilder;
import io.edgeway.core.media.sdp.SfuOfferBuilder;
import io.edgeway.core.media.sdp.SfuTransportParameters;
import io.edgeway.core.media.sdp.Simulcast;
import io.edgeway.core.media.srtp.SrtpProfile;
import io.edgeway.core.media.srtp.SrtpSession;
import io.edgeway.core.media.vp8.Vp8PayloadDescriptor;
import io.edgeway.core.time.Clock;
import io.edgeway.core.tls.SelfSignedCertificates;
import io.edgeway.core.tls.TlsMaterial;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One session with slots on Edgeway's real forwarding core, as the media port runs it, for
 * {@link SlotForwardingBench}: the {@link MediaPort}'s handler on an {@link EmbeddedChannel} (no socket:
 * what the port writes is read back from the channel's outbound queue), its {@link FanoutHandler} and a
 * {@link MediaRoom} with the product's default slots (3 audio slots, 9 video slots, last-N 6), one
 * publisher ({@link PublisherStandIn}) and {@code n} subscribers ({@link SubscriberStandIn}).
 *
 * <p>Every participant is set up as the session layer does it: DTLS-SRTP keys split from (synthetic)
 * exporter output for the chosen profile; the publisher's offer is a captured Chromium simulcast offer
 * (relay-core's test resources), answered by the {@link SfuAnswerBuilder} and declared as its two sources
 * (audio by SSRC, video by the RIDs of {@code a=simulcast}); each subscriber's offer is a captured Chromium
 * offer, answered, then the {@link SfuOfferBuilder}'s offer of its slot tracks is taken as accepted and the
 * member gets its slots. Time is a clock the session moves itself; the media tick is called by hand.
 *
 * <p>{@link #settle()} runs the session until every subscriber's first audio slot carries the publisher's
 * voice and its first video slot the top layer (the real selection on the real tick, the subscribers'
 * feedback raising their estimates), then checks a run of each feed at every subscriber. After it, the
 * benchmark calls {@link #next} (untimed: the publisher's packet), {@link #deliver} and {@link #drain}.
 * Confined to one thread, the one that opened it (the benchmark's, a Netty event-loop thread).
 */
final class SlotSession implements AutoCloseable {

    static final int AUDIO_SLOTS = 3;
    static final int VIDEO_SLOTS = 9;
    static final int LAST_N = 6;
    private static final long TICK_NANOS = MediaPort.MEDIA_TICK_MILLIS * 1_000_000L;
    /** Settling gives up after this much session time. */
    private static final long MAX_SETTLE_NANOS = 30_000_000_000L;
    /** Ticks the slots must stay as wanted before the session counts as settled. */
    private static final int STABLE_TICKS = 20;
    private static final int TOP_HEIGHT = 720;
    private static final String PUBLISHER_OFFER = "/sdp/chromium-simulcast-offer.sdp";
    private static final String SUBSCRIBER_OFFER = "/sdp/chromium-offer.sdp";
    private static final SfuTransportParameters SFU = new SfuTransportParameters("edgewaybench", "benchbenchbenchbench0123",
            Fingerprint.sha256("AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01"
                    + ":23:45:67:89"),
            List.of(Candidate.udpHost("1", Candidate.priority(126, 65535, 1), "192.0.2.1", 9)));
    /** Where the port reads from: a documentation address, never bound. */
    private static final InetSocketAddress PORT_ADDRESS = address(192, 0, 2, 1, 9);

    private final BenchClock clock = new BenchClock();
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final ChannelPipeline pipeline = channel.pipeline();
    private final FanoutHandler fanout = new FanoutHandler();
    private final MediaRoom room;
    private final MediaPort port;
    private final SplittableRandom random;
    private final PublisherStandIn publisher;
    private final InetSocketAddress publisherAddress;
    private final RoomMember publisherMember;
    private final SubscriberStandIn[] subscribers;
    /** While settling and checking, every copy is decrypted at its subscriber; not while measuring. */
    private boolean receiving = true;
    /** The check of each drain: subscriber 0's last sequence number on the slot of the last feed, -1 unknown. */
    private int lastSequence = -1;
    private Feed lastFeed;
    /** Subscriber 0's last copy: its RTP header's length and its length, protected. */
    private final RtpHeaderFlyweight copyHeader = new RtpHeaderFlyweight();
    private int copyHeaderLength;
    private int copyLength;

    private SlotSession(SrtpProtectionProfile profile, int subscriberCount, long seed) {
        random = new SplittableRandom(seed);
        channel.freezeTime();
        TlsMaterial certificate = SelfSignedCertificates.generate("edgeway-bench", List.of(), Duration.ofDays(1));
        // The DTLS handshakes are never run (the keys are given): their executor keeps them.
        List<Runnable> parked = new ArrayList<>();
        DtlsServerContext dtls = new DtlsServerContext(certificate, parked::add, clock,
                DtlsServerContext.DEFAULT_HANDSHAKE_TIMEOUT, channel.alloc());
        port = EmbeddedMediaPorts.attach(channel, fanout, dtls, clock);
        room = new MediaRoom("bench", new SplittableRandom(seed + 1));
        room.requireSignalledSsrcs();
        room.useSlots(AUDIO_SLOTS, LAST_N, new QuietSlots());
        CertificateFingerprint fingerprint = CertificateFingerprint.sha256(certificate);

        publisherAddress = address(198, 51, 100, 1, 50_000);
        byte[] exported = exported(profile);
        RoomMember member = join("publisher", publisherAddress, fingerprint, profile, exported);
        SessionDescription offer = resource(PUBLISHER_OFFER);
        SessionDescription answer = new SfuAnswerBuilder(SFU).answer(offer, Origin.of(1, 1));
        member.negotiated(answer, offer);
        MediaDescription audio = offer.media().get(0);
        MediaDescription video = offer.media().get(1);
        long audioSsrc = audio.ssrcs().get(0);
        if (!room.declareSources(member, List.of(
                SourceDeclaration.single(MediaSource.Kind.AUDIO, audio.mid(), false, audioSsrc, 0),
                new SourceDeclaration(MediaSource.Kind.VIDEO, video.mid(), false, List.of(), List.of(),
                        Simulcast.ofOffer(video).rids())))) {
            throw new IllegalStateException("the publisher's sources were refused");
        }
        SrtpProfile srtp = SrtpProfile.byId(profile.id()).orElseThrow();
        // The browser is the DTLS client (RFC 5763 §5): it sends with the client_write keys.
        publisher = new PublisherStandIn(channel.alloc(), answer, (int) audioSsrc,
                SrtpSession.ofClientWrite(srtp, exported), SrtpSession.ofServerWrite(srtp, exported), random);
        publisherMember = member;

        subscribers = new SubscriberStandIn[subscriberCount];
        SessionDescription subscriberOffer = resource(SUBSCRIBER_OFFER);
        for (int i = 0; i < subscriberCount; i++) {
            InetSocketAddress at = address(198, 51, 101 + i / 250, 1 + i % 250, 50_000 + i);
            exported = exported(profile);
            member = join("subscriber-" + i, at, fingerprint, profile, exported);
            subscribers[i] = subscribe(member, at, subscriberOffer, i, srtp, exported);
        }
    }

    /** A session with {@code subscriberCount} subscribers, each key and SSRC drawn from {@code seed}. */
    static SlotSession open(SrtpProtectionProfile profile, int subscriberCount, long seed) {
        return new SlotSession(profile, subscriberCount, seed);
    }

    private RoomMember join(String id, InetSocketAddress at, CertificateFingerprint fingerprint,
            SrtpProtectionProfile profile, byte[] exported) {
        ParticipantTransport transport = port.newTransport(id, fingerprint, new QuietTransport());
        transport.pairSelected(at);
        return fanout.join(room, transport, SrtpKeyMaterial.fromExporterOutput(profile, DtlsRole.SERVER, exported));
    }

    private SubscriberStandIn subscribe(RoomMember member, InetSocketAddress at, SessionDescription offer, int index,
            SrtpProfile srtp, byte[] exported) {
        SessionDescription answer = new SfuAnswerBuilder(SFU).answer(offer, Origin.of(2 + index, 1));
        String cname = "edgeway-bench-" + index;
        int[] audio = new int[AUDIO_SLOTS];
        int[] video = new int[VIDEO_SLOTS];
        int[] rtx = new int[VIDEO_SLOTS];
        List<ForwardedTrack> tracks = new ArrayList<>();
        for (int s = 0; s < AUDIO_SLOTS; s++) {
            audio[s] = slotSsrc(index, s);
            tracks.add(ForwardedTrack.audio("edgeway-audio-" + s, "edgeway-audio-" + s, audio[s] & 0xFFFFFFFFL, cname));
        }
        for (int s = 0; s < VIDEO_SLOTS; s++) {
            video[s] = slotSsrc(index, 16 + 2 * s);
            rtx[s] = slotSsrc(index, 17 + 2 * s);
            tracks.add(ForwardedTrack.video("edgeway-video-" + s, "edgeway-video-" + s, video[s] & 0xFFFFFFFFL,
                    rtx[s] & 0xFFFFFFFFL, cname));
        }
        SessionDescription slots = new SfuOfferBuilder(SFU).offer(answer, tracks);
        member.negotiated(slots, null);
        room.giveSlots(member, audio, video, rtx, cname);
        int transportCc = slots.media().get(slots.media().size() - 1).extMapId(TransportWideSequence.URI);
        return new SubscriberStandIn(at, member, SrtpSession.ofClientWrite(srtp, exported),
                SrtpSession.ofServerWrite(srtp, exported), audio, video, rtx, transportCc, 0x5B00_0000 + index);
    }

    /** Slot SSRCs no publisher uses: subscriber index in the middle octets, slot number in the last. */
    private static int slotSsrc(int subscriber, int slot) {
        return 0x5A00_0000 | subscriber << 8 | slot;
    }

    // ---------------------------------------------------------------------------------------------
    // Settling
    // ---------------------------------------------------------------------------------------------

    /**
     * Runs the session (every feed at its own pace, the media tick every 100 ms, each subscriber's feedback
     * before it) until every subscriber's first audio slot carries the publisher's voice and its first video
     * slot the top layer, for {@value #STABLE_TICKS} ticks; then lets any probe end, and checks
     * {@link #checkedRun} of each feed.
     *
     * @throws IllegalStateException if that does not happen within 30 s of session time, or a check fails
     */
    void settle() {
        Feed[] feeds = Feed.values();
        long[] due = new long[feeds.length];
        for (int f = 0; f < feeds.length; f++) {
            due[f] = clock.nanos + 1_000_000L * (f + 1);
        }
        long nextTick = clock.nanos + TICK_NANOS;
        long deadline = clock.nanos + MAX_SETTLE_NANOS;
        int stable = 0;
        while (stable < STABLE_TICKS) {
            int f = 0;
            for (int g = 1; g < feeds.length; g++) {
                if (due[g] < due[f]) {
                    f = g;
                }
            }
            if (nextTick <= due[f]) {
                clock.nanos = nextTick;
                tick();
                nextTick += TICK_NANOS;
                stable = settled() ? stable + 1 : 0;
                if (clock.nanos > deadline) {
                    throw new IllegalStateException("the slots did not settle in 30 s: " + describe());
                }
                continue;
            }
            clock.nanos = due[f];
            forward(publisher.next(feeds[f], clock.nanos));
            due[f] += publisher.intervalNanos(feeds[f]);
        }
        // A probe lasts 30 ms: after a second without ticks none runs, and none starts before the next tick.
        clock.nanos += 1_000_000_000L;
        checkedRun(Feed.AUDIO, 50);
        checkedRun(Feed.TOP_LAYER, 4 * PublisherStandIn.KEY_FACTOR * 3);
        checkedRun(Feed.LOW_LAYER, 10);
        receiving = false;
    }

    private boolean settled() {
        for (SubscriberStandIn s : subscribers) {
            SubscriberSlots slots = s.member.slots();
            MediaSource audio = slots.audioSource(0);
            MediaSource video = slots.videoSource(0);
            if (audio == null || video == null || audio.publisher() != publisherMember
                    || video.publisher() != publisherMember || slots.videoHeight(0) != TOP_HEIGHT) {
                return false;
            }
        }
        return true;
    }

    private String describe() {
        SubscriberSlots slots = subscribers[0].member.slots();
        return "subscriber 0 hears " + slots.audioSource(0) + ", sees " + slots.videoSource(0) + " at "
                + slots.videoHeight(0) + " px, its estimate " + slots.estimatedBps() + " bit/s";
    }

    /** Each subscriber's feedback, then the room's media tick and the port's flush after it. */
    private void tick() {
        for (SubscriberStandIn s : subscribers) {
            ByteBuf feedback = s.feedback(channel.alloc());
            if (feedback != null) {
                forward(new DatagramPacket(feedback, PORT_ADDRESS, s.address));
            }
        }
        fanout.onTimeout(clock.nanos);
        channel.flush();
        drainAll();
    }

    private void forward(ByteBuf packet) {
        forward(new DatagramPacket(packet, PORT_ADDRESS, publisherAddress));
    }

    private void forward(DatagramPacket datagram) {
        deliver(datagram);
        drainAll();
    }

    /** While settling: the publisher reads its RTCP, each subscriber its copies. */
    private void drainAll() {
        for (Object message; (message = channel.readOutbound()) != null; ) {
            DatagramPacket datagram = (DatagramPacket) message;
            try {
                SubscriberStandIn to = subscriberAt(datagram.recipient());
                if (to != null) {
                    to.receive(datagram.content(), clock.nanos);
                } else if (datagram.recipient() == publisherAddress) {
                    publisher.onRtcp(datagram.content());
                }
            } finally {
                datagram.release();
            }
        }
    }

    private SubscriberStandIn subscriberAt(InetSocketAddress address) {
        for (SubscriberStandIn s : subscribers) {
            if (s.address == address) {
                return s;
            }
        }
        return null;
    }

    /**
     * {@code packets} of {@code feed}, each one checked at every subscriber: exactly one copy each (none for
     * the low layer, which no slot takes), on its slot's SSRC, authenticated under its keys, numbered on from
     * the one before (sequence number; timestamp; for VP8 the PictureID and TL0PICIDX of a new frame).
     */
    private void checkedRun(Feed feed, int packets) {
        int n = subscribers.length;
        int[] sequence = new int[n];
        long[] timestamp = new long[n];
        int[] pictureId = new int[n];
        int[] tl0PicIdx = new int[n];
        boolean[] frameEnded = new boolean[n];
        Vp8PayloadDescriptor vp8 = new Vp8PayloadDescriptor();
        RtpHeaderFlyweight header = new RtpHeaderFlyweight();
        for (int p = 0; p < packets; p++) {
            clock.nanos += publisher.intervalNanos(feed);
            deliver(new DatagramPacket(publisher.next(feed, clock.nanos), PORT_ADDRESS, publisherAddress));
            int[] copies = new int[n];
            for (Object message; (message = channel.readOutbound()) != null; ) {
                DatagramPacket datagram = (DatagramPacket) message;
                try {
                    if (datagram.recipient() == publisherAddress) {
                        publisher.onRtcp(datagram.content());
                        continue;
                    }
                    int i = indexOf(datagram.recipient());
                    SubscriberStandIn s = subscribers[i];
                    ByteBuf copy = datagram.content();
                    s.receive(copy, clock.nanos);
                    copies[i]++;
                    int at = copy.readerIndex();
                    int expectedSsrc = feed == Feed.AUDIO ? s.audioSlots[0] : s.videoSlots[0];
                    require(RtpHeaderFlyweight.ssrc(copy, at) == expectedSsrc, feed, i, "on another SSRC");
                    int seq = RtpHeaderFlyweight.sequenceNumber(copy, at);
                    long ts = RtpHeaderFlyweight.timestamp(copy, at);
                    if (p > 0) {
                        require(seq == ((sequence[i] + 1) & 0xFFFF), feed, i, "sequence number not the next");
                    }
                    if (feed == Feed.AUDIO) {
                        require(p == 0 || ts == ((timestamp[i] + 960) & 0xFFFFFFFFL), feed, i, "timestamp not 20 ms on");
                    } else {
                        require(header.wrap(copy).isValid(), feed, i, "invalid RTP");
                        require(vp8.wrap(copy, header.payloadOffset(), header.payloadLength()).isValid(), feed, i,
                                "invalid VP8 descriptor");
                        if (p > 0 && frameEnded[i]) {
                            require(ts == ((timestamp[i] + 3000) & 0xFFFFFFFFL), feed, i, "new frame not 33 ms on");
                            require(vp8.pictureId() == ((pictureId[i] + 1) & 0x7FFF), feed, i, "PictureID not the next");
                            require(vp8.tl0PicIdx() == ((tl0PicIdx[i] + 1) & 0xFF), feed, i, "TL0PICIDX not the next");
                        } else if (p > 0) {
                            require(ts == timestamp[i] && vp8.pictureId() == pictureId[i], feed, i,
                                    "a frame's packets differ in timestamp or PictureID");
                        }
                        pictureId[i] = vp8.pictureId();
                        tl0PicIdx[i] = vp8.tl0PicIdx();
                        frameEnded[i] = header.marker();
                    }
                    sequence[i] = seq;
                    timestamp[i] = ts;
                } finally {
                    datagram.release();
                }
            }
            int expected = feed == Feed.LOW_LAYER ? 0 : 1;
            for (int i = 0; i < n; i++) {
                require(copies[i] == expected, feed, i, copies[i] + " copies of one packet");
            }
        }
        lastFeed = null;
    }

    private int indexOf(InetSocketAddress recipient) {
        for (int i = 0; i < subscribers.length; i++) {
            if (subscribers[i].address == recipient) {
                return i;
            }
        }
        throw new IllegalStateException("a datagram to " + recipient + ", who is not in the session");
    }

    private static void require(boolean condition, Feed feed, int subscriber, String failure) {
        if (!condition) {
            throw new IllegalStateException(feed + " to subscriber " + subscriber + ": " + failure);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Measurement
    // ---------------------------------------------------------------------------------------------

    /**
     * The publisher's next packet of {@code feed} as the socket hands it to the port: the session's clock
     * moves on by the feed's spacing, the packet is written and protected, and wrapped as Netty's datagram.
     * Not part of what the benchmark times.
     */
    DatagramPacket next(Feed feed) {
        clock.nanos += publisher.intervalNanos(feed);
        return new DatagramPacket(publisher.next(feed, clock.nanos), PORT_ADDRESS, publisherAddress);
    }

    /**
     * One read batch of one datagram, as the channel delivers it: the port's handler reads the clock,
     * demultiplexes, hands the packet to the fanout (SRTP unprotect, the room's per-packet path, a copy per
     * slot: rewrite, SRTP protect, {@code sendMedia}) and releases it; the read batch's end flushes.
     */
    void deliver(DatagramPacket datagram) {
        pipeline.fireChannelRead(datagram);
        pipeline.fireChannelReadComplete();
    }

    /**
     * Reads and releases everything the port wrote for one delivered packet of {@code feed}; returns how many
     * copies went to subscribers. Checks that every subscriber got one (none for the low layer) and that
     * subscriber 0's is numbered on from its last, so a benchmark that stopped forwarding fails.
     *
     * @throws IllegalStateException when a check fails
     */
    int drain(Feed feed) {
        int copies = 0;
        InetSocketAddress first = subscribers[0].address;
        for (Object message; (message = channel.readOutbound()) != null; ) {
            DatagramPacket datagram = (DatagramPacket) message;
            InetSocketAddress to = datagram.recipient();
            // The publisher's own (transport-wide feedback when its ring is full) is not a copy.
            if (to != publisherAddress) {
                copies++;
                if (to == first) {
                    checkSequence(feed, datagram.content());
                    ByteBuf copy = datagram.content();
                    copyHeaderLength = copyHeader.wrap(copy).payloadOffset() - copy.readerIndex();
                    copyLength = datagram.content().readableBytes();
                }
            }
            datagram.release();
        }
        int expected = feed == Feed.LOW_LAYER ? 0 : subscribers.length;
        if (copies != expected) {
            throw new IllegalStateException(feed + ": " + copies + " copies of one packet for " + expected);
        }
        return copies;
    }

    private void checkSequence(Feed feed, ByteBuf copy) {
        int seq = RtpHeaderFlyweight.sequenceNumber(copy, copy.readerIndex());
        if (feed == lastFeed && seq != ((lastSequence + 1) & 0xFFFF)) {
            throw new IllegalStateException(feed + ": subscriber 0 got sequence number " + seq + " after "
                    + lastSequence);
        }
        lastFeed = feed;
        lastSequence = seq;
    }

    int copyHeaderLength() {
        return copyHeaderLength;
    }

    int copyLength() {
        return copyLength;
    }

    int subscriberCount() {
        return subscribers.length;
    }

    /** Copies the SFU makes of one packet of {@code feed}. */
    int copiesOf(Feed feed) {
        return feed == Feed.LOW_LAYER ? 0 : subscribers.length;
    }

    @Override
    public void close() {
        room.close();
        port.close();
        channel.finishAndReleaseAll();
    }

    // ---------------------------------------------------------------------------------------------

    private byte[] exported(SrtpProtectionProfile profile) {
        byte[] exported = new byte[profile.exporterLength()];
        random.nextBytes(exported);
        return exported;
    }

    private static SessionDescription resource(String name) {
        try (InputStream in = SlotSession.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the class path (relay-core's test-jar)");
            }
            return SdpParser.parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InetSocketAddress address(int a, int b, int c, int d, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d}),
                    port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The session's time: moved by the session, read by the port once per read batch. */
    private static final class BenchClock implements Clock {
        long nanos = 1_000_000_000L;

        @Override
        public long nanos() {
            return nanos;
        }

        @Override
        public long epochSeconds() {
            return 1_800_000_000L + nanos / 1_000_000_000L;
        }
    }

    private static final class QuietSlots implements SlotListener {
        @Override
        public void onSlotsChanged(RoomMember subscriber) {
        }

        @Override
        public void onLayersChanged(MediaSource source) {
        }
    }

    private static final class QuietTransport implements ParticipantTransportListener {
        @Override
        public void onConnected(ParticipantTransport transport, SrtpKeyMaterial keys) {
        }

        @Override
        public void onGone(ParticipantTransport transport, ParticipantTransport.GoneReason reason, String detail) {
        }
    }

}
