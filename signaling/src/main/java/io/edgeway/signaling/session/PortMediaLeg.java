package io.edgeway.signaling.session;

import io.edgeway.core.media.dtls.CertificateFingerprint;
import io.edgeway.core.media.dtls.SrtpKeyMaterial;
import io.edgeway.core.media.fanout.FanoutHandler;
import io.edgeway.core.media.fanout.MediaRoom;
import io.edgeway.core.media.fanout.MediaSource;
import io.edgeway.core.media.fanout.RoomMember;
import io.edgeway.core.media.fanout.SourceDeclaration;
import io.edgeway.core.media.fanout.SubscriberSlots;
import io.edgeway.core.media.port.MediaPort;
import io.edgeway.core.media.port.ParticipantTransport;
import io.edgeway.core.media.port.ParticipantTransportListener;
import io.edgeway.core.media.sdp.Candidate;
import io.edgeway.core.media.sdp.Fingerprint;
import io.edgeway.core.media.sdp.SessionDescription;
import io.edgeway.core.media.sdp.SfuTransportParameters;
import io.edgeway.ice.IceCredentials;
import io.edgeway.ice.IceMediaSession;
import io.edgeway.ice.IceMediaSessions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link MediaLeg} on the media port: an {@link IceMediaSession} (ICE-lite registration with fresh
 * local credentials, and the DTLS-SRTP transport), joined to the meeting's {@link MediaRoom} through the
 * port's {@link FanoutHandler} once DTLS completes, with the SSRCs the participant's SDP announced
 * registered as its own ({@link MediaRoom#registerSsrc}) so nobody else can take them.
 *
 * <p>Confined to the media port's loop, like the transport whose listener it is.
 */
final class PortMediaLeg implements MediaLeg, ParticipantTransportListener {

    private static final Logger LOG = LoggerFactory.getLogger(PortMediaLeg.class);

    private final FanoutHandler fanout;
    private final MediaRoom room;
    private final PortMediaPlane.LegDirectory rooms;
    private final MediaLeg.Listener listener;
    private final Set<Long> ssrcs = new LinkedHashSet<>();
    private IceMediaSession session;
    private SfuTransportParameters transport;
    private RoomMember member;
    /** The latest description the participant agreed to; null before its first negotiation completes. */
    private SessionDescription negotiated;
    /** The participant's side of that negotiation. */
    private SessionDescription negotiatedRemote;
    private boolean ended;
    /** What the participant publishes, source by source; applied when the leg connects, and at each change. */
    private List<SourceDeclaration> declared = List.of();
    /** Its slots when the meeting forwards through slots, else null. */
    private SlotSet slots;
    private SubscriberSlots.View view;

    private PortMediaLeg(FanoutHandler fanout, MediaRoom room, PortMediaPlane.LegDirectory rooms,
            MediaLeg.Listener listener) {
        this.fanout = fanout;
        this.room = room;
        this.rooms = rooms;
        this.listener = listener;
    }

    static PortMediaLeg open(IceMediaSessions ice, MediaPort port, FanoutHandler fanout, MediaRoom room,
            PortMediaPlane.LegDirectory rooms, String participantId, IceCredentials remote,
            CertificateFingerprint remoteFingerprint, Fingerprint localFingerprint, List<Candidate> candidates,
            MediaLeg.Listener listener) {
        PortMediaLeg leg = new PortMediaLeg(fanout, room, rooms, listener);
        // The transport's listener (this) is called on the loop, which is running this method: nothing
        // can arrive before session is set.
        leg.session = ice.open(port, participantId, remote, remoteFingerprint, leg);
        IceCredentials local = leg.session.localCredentials();
        leg.transport = new SfuTransportParameters(local.ufrag(), local.password(), localFingerprint, candidates);
        return leg;
    }

    @Override
    public SfuTransportParameters transport() {
        return transport;
    }

    @Override
    public void publishes(Collection<Long> published) {
        for (long ssrc : published) {
            if (ssrcs.add(ssrc) && member != null) {
                register(ssrc);
            }
        }
    }

    /**
     * Keeps what the participant negotiated and hands it to its room member: forwarding sends it only the
     * streams it agreed to, rewrites every copy's payload type and header extensions into this
     * participant's numbers (padding out MID/RID, so the browser demultiplexes by the SSRCs of the SDP),
     * and computes receiver-report jitter with its clock rates. At join, and after each renegotiation.
     */
    @Override
    public void negotiated(SessionDescription local, SessionDescription remote) {
        negotiated = local;
        negotiatedRemote = remote;
        if (member != null) {
            member.negotiated(local, remote);
        }
    }

    @Override
    public void declares(List<SourceDeclaration> sources) {
        declared = List.copyOf(sources);
        if (member != null) {
            declare();
        }
    }

    @Override
    public void receiveThroughSlots(SlotSet slots) {
        this.slots = slots;
        if (member != null) {
            giveSlots();
        }
    }

    @Override
    public void view(SubscriberSlots.View view) {
        this.view = view;
        if (member != null && member.slots() != null) {
            member.slots().view(view);
        }
    }

    @Override
    public List<SlotOccupant> slotOccupants() {
        if (slots == null) {
            return List.of();
        }
        SubscriberSlots live = member == null ? null : member.slots();
        List<SlotOccupant> occupants = new ArrayList<>();
        for (int i = 0; i < slots.audio().size(); i++) {
            MediaSource source = live == null ? null : live.audioSource(i);
            occupants.add(new SlotOccupant("audio", slots.audio().get(i).ssrc(), participantOf(source), false, 0));
        }
        for (int i = 0; i < slots.video().size(); i++) {
            MediaSource source = live == null ? null : live.videoSource(i);
            occupants.add(new SlotOccupant("video", slots.video().get(i).ssrc(), participantOf(source),
                    source != null && source.screenShare(), live == null ? 0 : live.videoHeight(i)));
        }
        return occupants;
    }

    private static String participantOf(MediaSource source) {
        return source == null ? null : source.publisher().transport().id();
    }

    /** The room asks this participant to send only some layers of one of its sources. */
    void layersChanged(MediaSource source) {
        List<String> rids = List.of();
        for (SourceDeclaration d : declared) {
            if (d.mid().equals(source.mid())) {
                rids = d.rids();
            }
        }
        boolean[] active = new boolean[source.layerCount()];
        for (int l = 0; l < active.length; l++) {
            active[l] = (source.activeLayerMask() & (1 << l)) != 0;
        }
        listener.onLayersChanged(source.mid(), rids, active);
    }

    /** The room's slot decisions for this participant changed. */
    void slotsChanged() {
        listener.onSlotsChanged();
    }

    /** The member, once connected; for the room's listener. */
    RoomMember member() {
        return member;
    }

    private void declare() {
        if (!room.declareSources(member, declared)) {
            LOG.debug("participant {} declared a source whose SSRC another member of room {} publishes",
                    session.transport().id(), room.id());
        }
    }

    private void giveSlots() {
        room.giveSlots(member, slots.audioSsrcs(), slots.videoSsrcs(), slots.videoRtxSsrcs(), slots.cname());
        if (view != null) {
            member.slots().view(view);
        }
    }

    @Override
    public int loudness(long nowNanos) {
        return member == null ? 0 : member.speech().takeLoudestSinceLastTake(nowNanos);
    }

    @Override
    public void close() {
        if (ended) {
            return;
        }
        ended = true;
        // onGone(CLOSED) follows on the loop and takes the member out of the room.
        session.close();
    }

    @Override
    public void onConnected(ParticipantTransport t, SrtpKeyMaterial keys) {
        if (ended) {
            return;
        }
        member = fanout.join(room, t, keys);
        if (negotiated != null) {
            member.negotiated(negotiated, negotiatedRemote);
        }
        for (long ssrc : ssrcs) {
            register(ssrc);
        }
        declare();
        if (slots != null) {
            giveSlots();
        }
        rooms.connected(this);
        listener.onConnected();
    }

    @Override
    public void onGone(ParticipantTransport t, ParticipantTransport.GoneReason reason, String detail) {
        rooms.gone(this);
        fanout.leave(t);
        member = null;
        if (ended) {
            return;
        }
        ended = true;
        listener.onGone(switch (reason) {
            case CONSENT_LOST -> LeaveReason.MEDIA_TIMEOUT;
            case DTLS_FAILED -> LeaveReason.MEDIA_FAILED;
            case DTLS_CLOSED -> LeaveReason.LEFT;
            case CLOSED -> LeaveReason.SERVER_SHUTDOWN;
        }, detail);
    }

    private void register(long ssrc) {
        if (!room.registerSsrc(member, (int) ssrc)) {
            // Publication refuses SSRCs of other participants; this is one that arrived first as media.
            LOG.debug("SSRC {} of participant {} is published by another member of room {}", ssrc,
                    session.transport().id(), room.id());
        }
    }
}
