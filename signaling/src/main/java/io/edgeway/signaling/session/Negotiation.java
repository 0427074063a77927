package io.edgeway.signaling.session;

import io.edgeway.core.media.sdp.ForwardedTrack;
import io.edgeway.core.media.sdp.MediaDescription;
import io.edgeway.core.media.sdp.Origin;
import io.edgeway.core.media.sdp.SdpNegotiationException;
import io.edgeway.core.media.sdp.SessionDescription;
import io.edgeway.core.media.sdp.SfuAnswerBuilder;
import io.edgeway.core.media.sdp.SfuOfferBuilder;
import io.edgeway.core.media.sdp.SfuTransportParameters;
import io.edgeway.signaling.http.ErrorCode;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The offer/answer state of one participant (JSEP, RFC 8829), server side. Sans-I/O: descriptions in,
 * descriptions out.
 *
 * <h2>Theory of operation</h2>
 * Two descriptions are the whole state: {@code local}, the last description of the server the
 * participant accepted (the server's answer to its offer, or the server's own offer once answered), and
 * {@code pendingOffer}, the server's offer the participant has not answered yet.
 * <pre>
 *   event                         pendingOffer == null              pendingOffer != null
 *   client offer                  answer it; local = answer         refused: negotiation_glare
 *   client answer                 refused: no_offer_pending         checkAnswer; local = pendingOffer;
 *                                                                   pendingOffer = null
 *   nextOffer(tracks)             offer if the tracks differ from   null (the change waits for the
 *                                 what local sends; else null       answer)
 * </pre>
 * At most one server offer is outstanding. A change of the forwarded tracks while one is outstanding
 * is not queued as an event: the caller simply asks {@link #nextOffer} again after every answer, and
 * the offer then says everything that changed meanwhile, because it is computed from {@code local} and
 * the tracks wanted at that moment.
 *
 * <p><b>Glare.</b> The server never rolls back. A client offer that crosses the server's offer is refused
 * ({@code negotiation_glare}); the client, the polite peer, rolls its own offer back, answers the
 * server's and then offers again, which this side answers normally (RFC 8829 §4.1.8.2's rollback is the
 * client's alone).
 *
 * <p>Not thread-safe: confined to the media port's loop with the rest of the session layer.
 */
final class Negotiation {

    private final long sessionId;
    private final SfuAnswerBuilder answers;
    private final SfuOfferBuilder offers;
    private SessionDescription local;
    /** The participant's side of the negotiation that settled {@code local}: its offer or its answer. */
    private SessionDescription remote;
    private SessionDescription pendingOffer;

    /** @param sessionId the {@code o=} session id of every description for this participant */
    Negotiation(long sessionId, SfuTransportParameters transport) {
        this.sessionId = sessionId;
        this.answers = new SfuAnswerBuilder(transport);
        this.offers = new SfuOfferBuilder(transport);
    }

    /** The last description the participant accepted; null before the first answer. */
    SessionDescription local() {
        return local;
    }

    /** The participant's description of the negotiation that settled {@link #local()}; null before the first. */
    SessionDescription remote() {
        return remote;
    }

    /** The server's outstanding offer, or null. */
    SessionDescription pendingOffer() {
        return pendingOffer;
    }

    /**
     * Answers a client offer. The server keeps sending the tracks it sent before on the sections the
     * offer still receives on ({@link SfuOfferBuilder#sentTracks}), as long as they are in {@code forwarded}.
     *
     * @param forwarded the tracks the participant should receive now
     * @throws SignalingException {@code negotiation_glare} when a server offer is outstanding,
     *     {@code sdp_rejected} when the offer cannot be answered
     */
    SessionDescription answer(SessionDescription offer, Collection<ForwardedTrack> forwarded) {
        if (pendingOffer != null) {
            throw new SignalingException(ErrorCode.NEGOTIATION_GLARE, "the server's offer is outstanding: roll back"
                    + " your offer, answer the server's, then offer again");
        }
        Map<String, ForwardedTrack> keep = new LinkedHashMap<>();
        if (local != null) {
            for (Map.Entry<String, ForwardedTrack> sent : SfuOfferBuilder.sentTracks(local).entrySet()) {
                MediaDescription m = offer.media(sent.getKey());
                ForwardedTrack track = sent.getValue();
                if (m != null && !m.isRejected() && m.kind().equals(track.kind()) && m.direction().receives()
                        && isForwarded(track, forwarded)) {
                    keep.put(sent.getKey(), track);
                }
            }
        }
        Origin origin = local == null ? Origin.of(sessionId, 1) : local.origin().nextVersion();
        SessionDescription answer;
        try {
            answer = answers.answer(offer, origin, keep);
        } catch (SdpNegotiationException | IllegalArgumentException e) {
            throw new SignalingException(ErrorCode.SDP_REJECTED, e.getMessage());
        }
        local = answer;
        remote = offer;
        return answer;
    }

    /**
     * The server's next offer: when nothing is outstanding, a first answer exists, and the tracks the
     * participant should receive differ from those {@code local} sends. Null otherwise; ask again after
     * the next answer.
     */
    SessionDescription nextOffer(List<ForwardedTrack> forwarded) {
        if (local == null || pendingOffer != null) {
            return null;
        }
        if (sameTracks(SfuOfferBuilder.sentTracks(local).values(), forwarded)) {
            return null;
        }
        pendingOffer = offers.offer(local, forwarded);
        return pendingOffer;
    }

    /**
     * The client's answer to the outstanding offer.
     *
     * @throws SignalingException {@code no_offer_pending} when nothing is outstanding (state unchanged);
     *     {@code invalid_answer} when the answer breaks the offer (the negotiation cannot go on: the
     *     browser holds a description the server refuses)
     */
    void answered(SessionDescription answer) {
        if (pendingOffer == null) {
            throw new SignalingException(ErrorCode.NO_OFFER_PENDING, "the server has no offer outstanding");
        }
        try {
            SfuOfferBuilder.checkAnswer(pendingOffer, answer);
        } catch (SdpNegotiationException e) {
            throw new SignalingException(ErrorCode.INVALID_ANSWER, e.getMessage());
        }
        local = pendingOffer;
        remote = answer;
        pendingOffer = null;
    }

    private static boolean isForwarded(ForwardedTrack sent, Collection<ForwardedTrack> forwarded) {
        for (ForwardedTrack t : forwarded) {
            if (t.trackId().equals(sent.trackId()) && t.ssrc() == sent.ssrc()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Same track ids with the same SSRCs. Not {@code equals}: a track read back from a section that does
     * not negotiate RTX has lost its RTX SSRC, and that is no reason to offer again.
     */
    private static boolean sameTracks(Collection<ForwardedTrack> sent, List<ForwardedTrack> wanted) {
        if (sent.size() != wanted.size()) {
            return false;
        }
        Map<String, Long> byId = new HashMap<>();
        for (ForwardedTrack t : sent) {
            byId.put(t.trackId(), t.ssrc());
        }
        for (ForwardedTrack t : wanted) {
            Long ssrc = byId.get(t.trackId());
            if (ssrc == null || ssrc != t.ssrc()) {
                return false;
            }
        }
        return true;
    }
}
