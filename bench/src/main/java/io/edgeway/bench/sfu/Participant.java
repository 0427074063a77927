package io.edgeway.bench.sfu;

import io.edgeway.bench.sfu.media.AudioSource;
import io.edgeway.bench.sfu.media.DtlsIdentity;
import io.edgeway.bench.sfu.media.IceAgent;
import io.edgeway.bench.sfu.media.MediaLoop;
import io.edgeway.bench.sfu.media.PacedSender;
import io.edgeway.bench.sfu.media.PacketBuffer;
import io.edgeway.bench.sfu.media.PeerLink;
import io.edgeway.bench.sfu.media.SendExtensions;
import io.edgeway.bench.sfu.media.VideoSource;
import io.edgeway.bench.sfu.sdp.LocalSdp;
import io.edgeway.bench.sfu.sdp.RemoteSdp;
import io.edgeway.core.media.rtcp.RtcpBuilder;
import io.netty.buffer.ByteBuf;
import io.netty.util.collection.IntObjectHashMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One synthetic participant: its links (one RTCPeerConnection for Edgeway; a publishing and a
 * subscribing one for Janus), its media sources, what signalling said about who publishes which SSRC,
 * and its milestones. The signalling flavour ({@link Signaling}) drives it. Confined to its event loop
 * once created.
 *
 * <p><b>Who sent what.</b> {@link #owners(Map)} is the one place a
 * receiver learns which participant a received SSRC belongs to: today from the server's offer (Edgeway's
 * {@code a=msid} stream id is the publisher's id; Janus's stream list maps mids to feeds); a server that
 * rewrites SSRCs into per-subscriber slots would feed the same map from its slot messages.
 */
public final class Participant implements PeerLink.Owner {

    /** The owner index of a stream published by someone who is not a synthetic participant (a probe). */
    public static final int NOT_SYNTHETIC = io.edgeway.bench.sfu.media.ReceiveStream.NOT_SYNTHETIC;
    /** An SSRC signalling names no sender for now (an empty slot). */
    public static final int UNKNOWN_OWNER = -1;
    private static final Pattern NAME = Pattern.compile("p(\\d{1,5})");
    static final long REPORT_NANOS = TimeUnit.SECONDS.toNanos(1);

    final int index;
    final String name;
    final int room;
    final MediaLoop media;
    final PacedSender pacer;
    final Executor handshakes;
    final RandomGenerator random;
    final DtlsIdentity identity;
    final boolean publishesAudio;
    final boolean unmuted;
    final boolean publishesVideo;
    final boolean sampled;
    /** The in-process bottleneck this participant receives through, bit/s; 0 for none. */
    final int receiveLimit;
    final AudioSource audio;
    final VideoSource video;
    final List<PeerLink> links = new ArrayList<>();
    private final IntObjectHashMap<Integer> owners = new IntObjectHashMap<>();
    private final SenderReports reports = new SenderReports();
    /** The link our sources send on, and what its answer accepted. */
    PeerLink publishing;
    boolean audioAccepted;
    boolean videoAccepted;
    SendExtensions audioExtensions;
    SendExtensions videoExtensions;
    int videoPt = LocalSdp.VP8;
    int videoRtxPt = -1;
    // milestones (System.nanoTime; -1 until reached)
    volatile long joinSentAt = -1;
    volatile long joinedAt = -1;
    volatile long connectedAt = -1;
    volatile long firstMediaAt = -1;
    volatile String failure;
    final List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    Signaling signaling;

    Participant(int index, int room, SfuLoadOptions options, MediaLoop media, PacedSender pacer, Executor handshakes,
            RandomGenerator random) {
        this.index = index;
        this.name = nameOf(index);
        this.room = room;
        this.media = media;
        this.pacer = pacer;
        this.handshakes = handshakes;
        this.random = random;
        this.identity = DtlsIdentity.generate(name);
        int inRoom = index % options.participantsPerRoom();
        this.publishesAudio = inRoom < options.audioPublishersPerRoom();
        this.unmuted = publishesAudio && (inRoom < options.speakersPerRoom() || options.idleAudio() == SfuLoadOptions.IdleAudio.SILENCE);
        this.publishesVideo = inRoom < options.videoPublishersPerRoom();
        this.sampled = options.sampled(index);
        this.receiveLimit = options.constrained(index) ? options.constrainedBitrate() : 0;
        this.audio = unmuted ? new AudioSource(media, pacer, index, random.nextInt(),
                inRoom < options.speakersPerRoom(), random) : null;
        this.video = publishesVideo ? new VideoSource(media, pacer, index,
                VideoSource.layers(options.simulcast(), options.videoBitrate(), random), random) : null;
    }

    static String nameOf(int index) {
        return String.format("p%04d", index);
    }

    /** The harness index a display name stands for, or {@link #NOT_SYNTHETIC}. */
    static int indexOfName(String name) {
        Matcher m = name == null ? null : NAME.matcher(name);
        return m != null && m.matches() ? Integer.parseInt(m.group(1)) : NOT_SYNTHETIC;
    }

    PeerLink addLink(String label) {
        PeerLink link = new PeerLink(media, this, name + "/" + label, identity, random);
        if (receiveLimit > 0) {
            link.limit(receiveLimit);
        }
        links.add(link);
        return link;
    }

    /** The sections of our first offer on {@code link}: audio then video, as the SDK adds them. */
    List<LocalSdp.OfferedSection> offeredSections(PeerLink link, boolean sendOnly, boolean withRecvSections) {
        List<LocalSdp.OfferedSection> sections = new ArrayList<>();
        String stream = name;
        String send = sendOnly ? "sendonly" : "sendrecv";
        if (publishesAudio || withRecvSections) {
            long ssrc = audio != null ? audio.ssrc() & 0xFFFFFFFFL : publishesAudio ? random.nextInt() & 0xFFFFFFFFL : 0;
            sections.add(new LocalSdp.OfferedSection("audio", publishesAudio ? send : "recvonly", publishesAudio ? ssrc : 0,
                    0, List.of(), stream, name + "-audio", link.cname()));
        }
        if (publishesVideo || withRecvSections) {
            List<String> rids = new ArrayList<>();
            long ssrc = 0;
            long rtx = 0;
            if (video != null) {
                List<VideoSource.Layer> layers = video.layerList();
                if (layers.size() > 1) {
                    layers.forEach(l -> rids.add(l.rid()));
                } else {
                    ssrc = layers.get(0).ssrc() & 0xFFFFFFFFL;
                    rtx = layers.get(0).rtxSsrc() & 0xFFFFFFFFL;
                }
            }
            sections.add(new LocalSdp.OfferedSection("video", publishesVideo ? send : "recvonly", ssrc, rtx, rids,
                    stream, name + "-video", link.cname()));
        }
        return sections;
    }

    /** The answer to our publishing offer on {@code link}: which of our sections the server receives. */
    void published(PeerLink link, RemoteSdp answer, List<LocalSdp.OfferedSection> offered) {
        publishing = link;
        for (int i = 0; i < offered.size() && i < answer.sections().size(); i++) {
            LocalSdp.OfferedSection ours = offered.get(i);
            RemoteSdp.Section theirs = answer.sections().get(i);
            boolean receives = !theirs.rejected()
                    && (theirs.direction().equals("recvonly") || theirs.direction().equals("sendrecv"));
            if (ours.kind().equals("audio") && !ours.direction().equals("recvonly")) {
                audioAccepted = receives;
                audioExtensions = SendExtensions.of(theirs);
            } else if (ours.kind().equals("video") && !ours.direction().equals("recvonly")) {
                videoAccepted = receives;
                videoExtensions = SendExtensions.of(theirs);
                int pt = theirs.payloadType("VP8/90000");
                videoPt = pt > 0 ? pt : LocalSdp.VP8;
                videoRtxPt = pt > 0 ? theirs.rtxFor(pt) : -1;
            }
        }
        if (link.connected()) {
            startSources(System.nanoTime());
        }
    }

    /**
     * What signalling says about the senders of {@code offer}'s sections: each section's SSRCs belong to
     * the participant {@code ownerOfSection} names (a harness index, {@link #NOT_SYNTHETIC}, or null when
     * unknown). Pure; runs on the signalling thread, the result goes to {@link #owners(Map)} on the loop.
     */
    static Map<Integer, Integer> ownersOf(RemoteSdp offer, java.util.function.Function<RemoteSdp.Section, Integer> ownerOfSection) {
        Map<Integer, Integer> out = new HashMap<>();
        for (RemoteSdp.Section s : offer.sections()) {
            if (s.rejected()) {
                continue;
            }
            Integer owner = ownerOfSection.apply(s);
            if (owner == null) {
                continue;
            }
            for (long ssrc : s.ssrcs()) {
                out.put((int) ssrc, owner);
            }
        }
        return out;
    }

    /** Takes what signalling said about senders (the seam a slot-based server's messages would feed); on the loop. */
    void owners(Map<Integer, Integer> update) {
        update.forEach(owners::put);
    }

    @Override
    public int ownerOf(PeerLink link, int ssrc) {
        Integer owner = owners.get(ssrc);
        return owner == null ? -1 : owner;
    }

    @Override
    public void onKeyframeRequest(PeerLink link, int ssrc) {
        if (video != null) {
            video.keyframeRequested(ssrc);
        }
    }

    @Override
    public void onNack(PeerLink link, int ssrc, int seq) {
        if (video != null) {
            video.retransmit(ssrc, seq, System.nanoTime());
        }
    }

    @Override
    public void onConnected(PeerLink link, long now) {
        if (connectedAt < 0 && links.stream().allMatch(PeerLink::connected)) {
            connectedAt = now;
        }
        if (link == publishing) {
            startSources(now);
        }
        if (!reports.scheduled) {
            reports.scheduled = true;
            pacer.schedule(reports, now + REPORT_NANOS);
        }
    }

    private void startSources(long now) {
        if (audio != null && audioAccepted) {
            audio.start(publishing, audioExtensions, now);
        }
        if (video != null && videoAccepted) {
            video.start(publishing, videoExtensions, videoPt, videoRtxPt, now);
        }
    }

    @Override
    public void onFailed(PeerLink link, String why) {
        fail(why);
    }

    /** Records the first reason this participant failed; later ones are consequences. */
    void fail(String why) {
        if (failure == null) {
            failure = why;
        }
    }

    /**
     * Its signalling connection closed: a failure unless it left on purpose ({@code left}) or the run is
     * over.
     */
    void signallingClosed(String why, boolean left) {
        if (!left && !stopped) {
            fail("signalling " + why);
        }
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public boolean sampled() {
        return sampled;
    }

    /** Every link's ICE, DTLS and RTCP timers; called by the run's 10 ms tick. */
    void onTick(long now) {
        for (int i = 0; i < links.size(); i++) {
            PeerLink link = links.get(i);
            link.onTimeout(now);
            if (firstMediaAt < 0 && link.firstMediaAt() > 0) {
                firstMediaAt = link.firstMediaAt();
            }
        }
    }

    /** Set once the run leaves: a closing signalling connection is then no failure. */
    volatile boolean stopped;

    void stop() {
        stopped = true;
        if (audio != null) {
            audio.stop();
        }
        if (video != null) {
            video.stop();
        }
        reports.stopped = true;
    }

    void close() {
        stop();
        links.forEach(PeerLink::close);
    }

    /** Sender reports (RFC 3550 §6.4.1) with SDES CNAME for every SSRC we send, once a second. */
    private final class SenderReports extends PacedSender.Event {
        boolean scheduled;
        boolean stopped;

        @Override
        protected void fire(long now, long lateNanos) {
            if (stopped || publishing == null || !publishing.connected()) {
                scheduled = false;
                return;
            }
            pacer.schedule(this, due() + REPORT_NANOS);
            long ntp = ntp(System.currentTimeMillis());
            if (audio != null && audioAccepted) {
                report(audio.ssrc(), ntp, audio.rtpTimestamp(), audio.packets(), audio.octets());
            }
            if (video != null && videoAccepted) {
                for (VideoSource.Layer l : video.layerList()) {
                    report(l.ssrc(), ntp, l.timestamp(), l.packets(), l.octets());
                }
            }
        }

        private void report(int ssrc, long ntp, long rtpTimestamp, long packets, long octets) {
            PacketBuffer p = media.scratch();
            ByteBuf out = p.clear();
            RtcpBuilder.buildSenderReport(out, ssrc, ntp, rtpTimestamp, packets, octets);
            RtcpBuilder.buildSdesCname(out, ssrc, publishing.cname());
            p.commit();
            publishing.sendRtcp(p);
        }
    }

    /** RFC 3550 §4: NTP time, 32.32 fixed point seconds since 1900. */
    static long ntp(long epochMillis) {
        long seconds = epochMillis / 1000 + 2_208_988_800L;
        long fraction = (epochMillis % 1000) * 0x1_0000_0000L / 1000;
        return seconds << 32 | fraction;
    }
}
