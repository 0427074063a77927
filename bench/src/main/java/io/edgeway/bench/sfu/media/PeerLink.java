package io.edgeway.bench.sfu.media;

import io.edgeway.bench.sfu.sdp.LocalSdp;
import io.edgeway.bench.sfu.sdp.RemoteSdp;
import io.edgeway.core.media.rtcp.FeedbackFlyweight;
import io.edgeway.core.media.rtcp.RtcpBuilder;
import io.edgeway.core.media.rtcp.RtcpPacketType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.collection.IntObjectHashMap;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * One synthetic RTCPeerConnection: one UDP socket with a host candidate, its ICE agent, its DTLS
 * handshake, the SRTP association that follows, what it receives per SSRC, and its RTCP duties as a
 * receiver (receiver reports with SDES every second, transport-wide feedback every 100 ms, NACK for
 * video gaps, a PLI for each new video stream). What it sends comes from the participant's media
 * sources through {@link #sendRtp} and {@link #sendRtcp}.
 *
 * <p>Receive path, per datagram: STUN (first byte 0-3, RFC 7983) to the ICE agent; DTLS (20-63) to the
 * handshake; RTP/RTCP (128-191) after the keys: RTCP is authenticated, decrypted and parsed (it is
 * little and carries the feedback a publisher must act on); RTP is counted from its clear header, and on
 * a sampled receiver also authenticated, decrypted and checked (the {@link Marker}).
 *
 * <p>Confined to its event loop, except {@link #sendDtls}, which the handshake thread calls.
 */
public final class PeerLink extends SimpleChannelInboundHandler<DatagramPacket> implements IceAgent.Sink {

    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    static final long FEEDBACK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    static final long REPORT_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final long NACK_REPEAT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final int FEEDBACK_RING = 1024;

    /** What a link tells its participant. All on the link's loop. */
    public interface Owner {
        /** The harness index of the participant that publishes {@code ssrc} per signalling, or -1. */
        int ownerOf(PeerLink link, int ssrc);

        /** A receiver asked for a keyframe of our {@code ssrc} (PLI or FIR). */
        void onKeyframeRequest(PeerLink link, int ssrc);

        /** A receiver asked again for packet {@code seq} of our {@code ssrc} (NACK). */
        void onNack(PeerLink link, int ssrc, int seq);

        /** SRTP keys are in place. */
        void onConnected(PeerLink link, long now);

        /** The link failed (DTLS); {@code why} for the report. */
        void onFailed(PeerLink link, String why);

        /** The index of this participant (the sender field of our markers), for reports. */
        int index();

        /** Whether this participant checks every packet it receives (authenticate, decrypt, marker). */
        boolean sampled();
    }

    private final MediaLoop media;
    private final Owner owner;
    private final String label;
    private final DtlsIdentity identity;
    private final RandomGenerator random;
    private final String ufrag;
    private final String pwd;
    private final int rtcpSsrc;
    private final String cname;
    private Channel channel;
    private IceAgent ice;
    private DtlsHandshake dtls;
    private Executor handshakes;
    private boolean dtlsStarted;
    private volatile InetSocketAddress remote;
    private volatile SrtpEndpoint srtp;
    boolean dirty;
    private final IntObjectHashMap<ReceiveStream> streams = new IntObjectHashMap<>();
    private final List<ReceiveStream> streamList = new ArrayList<>();
    private int transportSeq;
    private int receiveTwccId = -1;
    private final int[] feedbackSeq = new int[FEEDBACK_RING];
    private final long[] feedbackTime = new long[FEEDBACK_RING];
    private int feedbackCount;
    private int feedbackPacketCount;
    private long nextTickAt;
    private long nextFeedbackAt;
    private long nextReportAt;
    private int reportCursor;
    private long connectedAt = -1;
    private long firstMediaAt = -1;
    private String failure;
    /** The in-process bottleneck of a constrained subscriber: bytes per nanosecond, bucket, last refill. */
    private double limitBytesPerNano;
    private double limitBucket;
    private double limitBurst;
    private long limitRefilledAt;

    public PeerLink(MediaLoop media, Owner owner, String label, DtlsIdentity identity, RandomGenerator random) {
        this.media = media;
        this.owner = owner;
        this.label = label;
        this.identity = identity;
        this.random = random;
        this.ufrag = token(random, 4);
        this.pwd = token(random, 24);
        this.rtcpSsrc = random.nextInt();
        this.cname = token(random, 16);
    }

    private static String token(RandomGenerator random, int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    /**
     * Receives through a token bucket of {@code bitsPerSecond} with 100 ms of burst: RTP beyond it is
     * dropped before anything counts it, as a bottleneck link in front of the receiver would.
     */
    public void limit(int bitsPerSecond) {
        limitBytesPerNano = bitsPerSecond / 8.0 / 1e9;
        limitBurst = bitsPerSecond / 8.0 / 10;
        limitBucket = limitBurst;
    }

    private boolean admit(int bytes, long now) {
        if (limitBytesPerNano == 0) {
            return true;
        }
        if (limitRefilledAt != 0) {
            limitBucket = Math.min(limitBurst, limitBucket + (now - limitRefilledAt) * limitBytesPerNano);
        }
        limitRefilledAt = now;
        if (limitBucket < bytes) {
            media.constrainedDrops.increment();
            return false;
        }
        limitBucket -= bytes;
        return true;
    }

    /** The channel is bound; call once on the loop. */
    public void attach(Channel channel) {
        this.channel = channel;
    }

    public Channel channel() {
        return channel;
    }

    public String label() {
        return label;
    }

    public String cname() {
        return cname;
    }

    /** Our half of the transport, for the local SDP. */
    public LocalSdp.Transport transport() {
        InetSocketAddress local = (InetSocketAddress) channel.localAddress();
        return new LocalSdp.Transport(ufrag, pwd, identity.fingerprintHex(), local.getAddress().getHostAddress(),
                local.getPort());
    }

    /**
     * The peer's half from its SDP: starts ICE in {@code role}; the DTLS role follows the peer's
     * {@code a=setup} (its {@code active} makes us the server). On the loop.
     */
    public void remote(RemoteSdp sdp, IceAgent.Role role, Executor handshakes) {
        if (ice != null) {
            learnExtensions(sdp);
            return;
        }
        List<InetSocketAddress> candidates = new ArrayList<>();
        for (RemoteSdp.Candidate c : sdp.udpCandidates()) {
            candidates.add(new InetSocketAddress(c.ip(), c.port()));
        }
        ice = new IceAgent(ufrag, pwd, role, random);
        ice.remote(sdp.iceUfrag(), sdp.icePwd(), candidates);
        boolean client = !"active".equals(sdp.setup());
        dtls = new DtlsHandshake(identity, client, sdp.fingerprint(), this::sendDtls);
        this.handshakes = handshakes;
        learnExtensions(sdp);
        nextTickAt = 0;
    }

    private void learnExtensions(RemoteSdp sdp) {
        for (RemoteSdp.Section s : sdp.sections()) {
            int id = s.extensionId(LocalSdp.TRANSPORT_CC);
            if (id > 0 && !s.rejected()) {
                receiveTwccId = id;
            }
        }
    }

    public boolean connected() {
        return srtp != null;
    }

    public long connectedAt() {
        return connectedAt;
    }

    public long firstMediaAt() {
        return firstMediaAt;
    }

    public String failure() {
        return failure;
    }

    public IceAgent ice() {
        return ice;
    }

    /** The next transport-wide sequence number for a packet we send. */
    public int nextTransportSeq() {
        int seq = transportSeq;
        transportSeq = (transportSeq + 1) & 0xFFFF;
        return seq;
    }

    // --------------------------------------------------------------------------------- sending

    /** Protects the packet in {@link MediaLoop}'s send buffer and queues it; flushed after the batch. */
    public boolean sendRtp(PacketBuffer packet) {
        SrtpEndpoint s = srtp;
        if (s == null || !s.protectRtp(packet)) {
            return false;
        }
        media.rtpSent.increment();
        media.rtpSentBytes.add(packet.length());
        return write(packet);
    }

    public boolean sendRtcp(PacketBuffer packet) {
        SrtpEndpoint s = srtp;
        if (s == null || !s.protectRtcp(packet)) {
            return false;
        }
        media.rtcpSent.increment();
        return write(packet);
    }

    private boolean write(PacketBuffer packet) {
        InetSocketAddress to = remote;
        if (to == null || channel == null) {
            return false;
        }
        ByteBuf out = channel.alloc().directBuffer(packet.length());
        out.writeBytes(packet.array(), 0, packet.length());
        channel.write(new DatagramPacket(out, to), channel.voidPromise());
        media.markDirty(this);
        return true;
    }

    @Override
    public void sendStun(ByteBuf packet, InetSocketAddress to) {
        channel.write(new DatagramPacket(packet, to), channel.voidPromise());
        media.markDirty(this);
    }

    /** From the handshake thread: one DTLS datagram to the selected pair. */
    private void sendDtls(byte[] record) {
        InetSocketAddress to = remote;
        Channel ch = channel;
        if (to == null || ch == null) {
            return;
        }
        ch.writeAndFlush(new DatagramPacket(ch.alloc().directBuffer(record.length).writeBytes(record), to),
                ch.voidPromise());
    }

    // --------------------------------------------------------------------------------- timers

    /** Called by the participant tick; does what is due (ICE, DTLS start, RTCP). */
    public void onTimeout(long now) {
        if (ice == null || now < nextTickAt) {
            return;
        }
        nextTickAt = now + TICK_NANOS;
        ice.onTimeout(now, channel.alloc(), this);
        if (remote == null && ice.selected() != null) {
            remote = ice.selected();
        }
        if (!dtlsStarted && dtls != null && (remote != null || !dtls.client())) {
            dtlsStarted = true;
            dtls.start(handshakes, new DtlsHandshake.Listener() {
                @Override
                public void onKeys(DtlsHandshake.Keys keys) {
                    channel.eventLoop().execute(() -> installKeys(keys));
                }

                @Override
                public void onFailed(Exception cause) {
                    channel.eventLoop().execute(() -> {
                        failure = "dtls: " + cause.getMessage();
                        owner.onFailed(PeerLink.this, failure);
                    });
                }
            });
        }
        if (srtp == null) {
            return;
        }
        if (now >= nextFeedbackAt) {
            nextFeedbackAt = now + FEEDBACK_NANOS;
            sendTransportFeedback();
        }
        sendNacks(now);
        if (now >= nextReportAt) {
            nextReportAt = now + REPORT_NANOS;
            sendReceiverReport();
        }
    }

    private void installKeys(DtlsHandshake.Keys keys) {
        if (remote == null) {
            remote = ice.selected();
        }
        srtp = new SrtpEndpoint(keys);
        connectedAt = System.nanoTime();
        owner.onConnected(this, connectedAt);
    }

    // --------------------------------------------------------------------------------- receiving

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        ByteBuf content = packet.content();
        int first = content.getUnsignedByte(content.readerIndex());
        long now = System.nanoTime();
        if (first < 4) {
            if (ice != null) {
                ice.onStun(now, content, packet.sender(), ctx.alloc(), this);
            }
        } else if (first >= 20 && first < 64) {
            if (dtls != null) {
                byte[] record = new byte[content.readableBytes()];
                content.getBytes(content.readerIndex(), record);
                if (remote == null && !dtls.client()) {
                    remote = packet.sender();
                }
                dtls.offer(record);
            }
        } else if (first >= 128 && first < 192 && srtp != null && content.readableBytes() >= 12) {
            int second = content.getUnsignedByte(content.readerIndex() + 1);
            if (second >= 192 && second <= 223) {
                onRtcp(content);
            } else if (admit(content.readableBytes(), now)) {
                onRtp(content, now);
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        media.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        media.writeFailures.increment();
    }

    private void onRtp(ByteBuf content, long now) {
        int offset = content.readerIndex();
        int length = content.readableBytes();
        int ssrc = content.getInt(offset + 8);
        int seq = content.getUnsignedShort(offset + 2);
        media.rtpReceived.increment();
        media.rtpReceivedBytes.add(length);
        ReceiveStream stream = streams.get(ssrc);
        if (stream == null) {
            int pt = content.getUnsignedByte(offset + 1) & 0x7F;
            stream = new ReceiveStream(ssrc, pt != LocalSdp.OPUS && pt != 109 && pt != 0 && pt != 8 && pt != 9);
            streams.put(ssrc, stream);
            streamList.add(stream);
            if (stream.video) {
                sendKeyframeRequest(ssrc);
            }
        }
        // Asked per packet: a slot's occupant changes while its SSRC stays.
        stream.owner = owner.ownerOf(this, ssrc);
        if ((content.getByte(offset) & 0x20) != 0) {
            // Padding (the P bit; synthetic media never pads): the server's bandwidth probes, which any
            // slot may carry, an empty one too.
            media.padding.increment();
        } else if (stream.owner == -1) {
            // No signalling names this SSRC's sender (yet): forwarded before the offer or the slotsUpdate.
            media.unsignalled.increment();
        }
        if (firstMediaAt < 0) {
            firstMediaAt = now;
        }
        boolean fresh = stream.onPacket(seq, now);
        if (!fresh) {
            media.duplicates.increment();
        }
        if (receiveTwccId > 0) {
            recordTransportSeq(content, offset, length, now);
        }
        if (fresh && owner.sampled() && stream.owner != ReceiveStream.NOT_SYNTHETIC) {
            check(content, offset, length, stream, now);
        }
    }

    private void recordTransportSeq(ByteBuf content, int offset, int length, long now) {
        if ((content.getByte(offset) & 0x10) == 0) {
            return;
        }
        media.rtp.wrap(content, offset, length);
        if (!media.rtp.isValid() || !media.rtp.extension()) {
            return;
        }
        media.extensions.wrap(media.rtp);
        if (media.extensions.find(receiveTwccId) && media.extensions.dataLength() == 2) {
            if (feedbackCount == FEEDBACK_RING) {
                sendTransportFeedback();
            }
            feedbackSeq[feedbackCount] = content.getUnsignedShort(media.extensions.dataOffset());
            feedbackTime[feedbackCount] = now;
            feedbackCount++;
        }
    }

    /** Authenticates and decrypts a copy, then reads the marker: who sent it, and when. */
    private void check(ByteBuf content, int offset, int length, ReceiveStream stream, long now) {
        if (length > PacketBuffer.CAPACITY) {
            media.authFailures.increment();
            return;
        }
        PacketBuffer plain = media.check;
        plain.copyFrom(content, offset, length);
        media.checked.increment();
        SrtpEndpoint.Check result = srtp.checkRtp(plain);
        if (result != SrtpEndpoint.Check.OK) {
            (result == SrtpEndpoint.Check.REPLAYED ? media.replayed : media.authFailures).increment();
            return;
        }
        byte[] a = plain.array();
        int end = plain.length();
        if ((a[0] & 0x20) != 0) {
            end -= a[end - 1] & 0xFF;
        }
        int at = end - Marker.LENGTH;
        if (!Marker.present(a, at)) {
            media.noMarker.increment();
            return;
        }
        int sender = Marker.sender(a, at);
        if (stream.owner >= 0 && sender != stream.owner) {
            if (stream.pendingSender != sender) {
                stream.pendingSender = sender;
                stream.pendingSinceNanos = now;
            } else if (now - stream.pendingSinceNanos > ReceiveStream.SWITCH_GRACE_NANOS) {
                // Signalling never caught up with the switch: the packet is not from whom it says.
                media.wrongSender.increment();
                stream.pendingSender = -1;
            }
        } else {
            stream.pendingSender = -1;
        }
        if (media.measuring) {
            long micros = (now - Marker.sendNanos(a, at)) / 1000;
            media.latency.recordValue(Math.min(Math.max(0, micros), MediaLoop.MAX_LATENCY_MICROS));
        }
    }

    private void onRtcp(ByteBuf content) {
        PacketBuffer packet = media.control;
        if (content.readableBytes() > PacketBuffer.CAPACITY) {
            return;
        }
        packet.copyFrom(content, content.readerIndex(), content.readableBytes());
        if (!srtp.unprotectRtcp(packet)) {
            media.authFailures.increment();
            return;
        }
        media.rtcpReceived.increment();
        ByteBuf view = packet.view();
        media.rtcp.wrap(view, 0, packet.length());
        while (media.rtcp.next()) {
            int type = media.rtcp.packetType();
            int fmt = media.rtcp.count();
            int at = media.rtcp.packetOffset();
            int len = media.rtcp.packetLength();
            if (type == RtcpPacketType.PSFB && (fmt == RtcpPacketType.FMT_PLI) && len >= 12) {
                media.keyframeRequests.increment();
                owner.onKeyframeRequest(this, view.getInt(at + FeedbackFlyweight.MEDIA_SSRC_OFFSET));
            } else if (type == RtcpPacketType.PSFB && fmt == RtcpPacketType.FMT_FIR && len >= 20) {
                media.keyframeRequests.increment();
                for (int entry = at + 12; entry + 8 <= at + len; entry += 8) {
                    owner.onKeyframeRequest(this, view.getInt(entry));
                }
            } else if (type == RtcpPacketType.RTPFB && fmt == RtcpPacketType.FMT_NACK) {
                media.nack.wrap(view, at, len);
                if (media.nack.isValid()) {
                    int ssrc = media.nack.mediaSsrc();
                    media.nack.rewindLost();
                    while (media.nack.nextLost()) {
                        media.nacksReceived.increment();
                        owner.onNack(this, ssrc, media.nack.lostSequenceNumber());
                    }
                }
            }
        }
    }

    // --------------------------------------------------------------------------------- RTCP out

    private void sendKeyframeRequest(int ssrc) {
        PacketBuffer p = media.send;
        ByteBuf out = p.clear();
        RtcpBuilder.buildPli(out, rtcpSsrc, ssrc);
        p.commit();
        if (sendRtcp(p)) {
            media.plisSent.increment();
        }
    }

    private void sendNacks(long now) {
        for (int i = 0; i < streamList.size(); i++) {
            ReceiveStream s = streamList.get(i);
            if (s.missingCount == 0 || now - s.lastNackNanos < NACK_REPEAT_NANOS) {
                continue;
            }
            s.lastNackNanos = now;
            int n = s.missingCount;
            System.arraycopy(s.missing, 0, media.nackScratch, 0, n);
            java.util.Arrays.sort(media.nackScratch, 0, n);
            PacketBuffer p = media.send;
            ByteBuf out = p.clear();
            RtcpBuilder.buildNack(out, rtcpSsrc, s.ssrc, media.nackScratch, 0, n);
            p.commit();
            if (sendRtcp(p)) {
                media.nacksSent.increment();
            }
            // Each gap is asked for twice at most (100 ms apart); then it counts as lost.
            if (++s.nackRounds >= 2) {
                s.missingCount = 0;
                s.nackRounds = 0;
            }
        }
    }

    /** RR with up to 31 report blocks (a different slice of the streams each second) and SDES CNAME. */
    private void sendReceiverReport() {
        if (streamList.isEmpty()) {
            return;
        }
        PacketBuffer p = media.send;
        ByteBuf out = p.clear();
        int start = out.writerIndex();
        RtcpBuilder.buildReceiverReport(out, rtcpSsrc);
        int blocks = Math.min(31, streamList.size());
        for (int i = 0; i < blocks; i++) {
            ReceiveStream s = streamList.get((reportCursor + i) % streamList.size());
            RtcpBuilder.addReportBlock(out, start, s.ssrc, 0, s.lost(), s.highest(), 0, 0, 0);
        }
        reportCursor = (reportCursor + blocks) % streamList.size();
        RtcpBuilder.buildSdesCname(out, rtcpSsrc, cname);
        p.commit();
        sendRtcp(p);
    }

    /** Transport-wide feedback (draft-holmer §3.1) for what arrived since the last one. */
    private void sendTransportFeedback() {
        int n = feedbackCount;
        if (n == 0 || streamList.isEmpty()) {
            return;
        }
        feedbackCount = 0;
        // Arrivals are nearly in order: an insertion sort (wrap-aware) is cheap.
        for (int i = 1; i < n; i++) {
            int seq = feedbackSeq[i];
            long time = feedbackTime[i];
            int j = i - 1;
            while (j >= 0 && ((seq - feedbackSeq[j]) & 0x8000) != 0 && seq != feedbackSeq[j]) {
                feedbackSeq[j + 1] = feedbackSeq[j];
                feedbackTime[j + 1] = feedbackTime[j];
                j--;
            }
            feedbackSeq[j + 1] = seq;
            feedbackTime[j + 1] = time;
        }
        int mediaSsrc = streamList.get(0).ssrc;
        int i = 0;
        while (i < n) {
            PacketBuffer p = media.send;
            ByteBuf out = p.clear();
            media.feedback.begin(rtcpSsrc, mediaSsrc, feedbackSeq[i], feedbackTime[i], feedbackPacketCount++);
            int added = 0;
            while (i < n && media.feedback.addReceived(feedbackSeq[i], feedbackTime[i])) {
                i++;
                added++;
            }
            if (added == 0) {
                i++;
                continue;
            }
            media.feedback.write(out);
            p.commit();
            sendRtcp(p);
        }
    }

    /** Snapshot of every stream's counters at the start of the measurement window. */
    public void markWindow() {
        for (ReceiveStream s : streamList) {
            s.mark();
        }
    }

    /** Expected and received packets of every stream since {@link #markWindow()}: {expected, received}. */
    public long[] windowCounts() {
        long expected = 0;
        long received = 0;
        for (ReceiveStream s : streamList) {
            expected += s.expectedSinceMark();
            received += Math.min(s.receivedSinceMark(), s.expectedSinceMark());
        }
        return new long[] {expected, received};
    }

    /** Expected and received packets of every stream so far: {expected, received}. */
    public long[] totals() {
        long expected = 0;
        long received = 0;
        for (ReceiveStream s : streamList) {
            expected += s.expected();
            received += Math.min(s.received, s.expected());
        }
        return new long[] {expected, received};
    }

    public int streamCount() {
        return streamList.size();
    }

    /** Streams with a known publisher (per signalling) and how many distinct publishers. */
    public List<ReceiveStream> streams() {
        return streamList;
    }

    public void close() {
        if (dtls != null) {
            dtls.close();
        }
        if (srtp != null) {
            srtp.close();
        }
        if (channel != null) {
            channel.close();
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
