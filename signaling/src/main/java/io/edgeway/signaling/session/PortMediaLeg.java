package io.edgeway.signaling.session;

import io.edgeway.core.media.dtls.CertificateFingerprint;
import io.edgeway.core.media.dtls.SrtpKeyMaterial;
import io.edgeway.core.media.fanout.FanoutHandler;
import io.edgeway.core.media.fanout.MediaRoom;
import io.edgeway.core.media.fanout.RoomMember;
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

    private PortMediaLeg(FanoutHandler fanout, MediaRoom room, MediaLeg.Listener listener) {
        this.fanout = fanout;
        this.room = room;
        this.listener = listener;
    }

    static PortMediaLeg open(IceMediaSessions ice, MediaPort port, FanoutHandler fanout, MediaRoom room,
            String participantId, IceCredentials remote, CertificateFingerprint remoteFingerprint,
            Fingerprint localFingerprint, List<Candidate> candidates, MediaLeg.Listener listener) {
        PortMediaLeg leg = new PortMediaLeg(fanout, room, listener);
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
    public int loudness(long nowNanos) {
        return member == null ? 0 : member.speech().loudness(nowNanos);
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
        listener.onConnected();
    }

    @Override
    public void onGone(ParticipantTransport t, ParticipantTransport.GoneReason reason, String detail) {
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
