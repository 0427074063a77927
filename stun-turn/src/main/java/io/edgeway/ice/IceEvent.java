package io.edgeway.ice;

import java.util.Objects;

/**
 * Something the media engine must act on, reported by {@link IceLiteResponder} after the check that
 * caused it has been answered (or by its timer, for {@link Type#CONSENT_LOST}).
 *
 * @param type        what happened
 * @param participant whose ICE session it concerns
 * @param pair        the pair concerned: the validated or newly selected one, or for
 *                    {@link Type#CONSENT_LOST} the selected pair that lost consent
 * @param previous    for {@link Type#SELECTED_PAIR_CHANGED} the pair media used until now; else null
 */
public record IceEvent(Type type, IceParticipant participant, CandidatePair pair, CandidatePair previous) {

    public IceEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(participant, "participant");
        Objects.requireNonNull(pair, "pair");
    }

    public enum Type {
        /**
         * An authenticated check from a 5-tuple not seen before for this participant was answered with
         * success: the pair works in both directions as far as this side can tell. Not yet for media.
         */
        PAIR_VALIDATED,
        /**
         * The controlling agent nominated a pair (USE-CANDIDATE, RFC 8445 §7.3.1.5) and the participant
         * had none: media for the participant goes to {@link IceEvent#pair()} from now on.
         */
        NOMINATED,
        /**
         * The controlling agent nominated another pair while one was selected (a network change, or a
         * browser moving to a better path): media moves from {@link IceEvent#previous()} to
         * {@link IceEvent#pair()}.
         */
        SELECTED_PAIR_CHANGED,
        /**
         * No check arrived on the selected pair for 30 s (RFC 7675 §5.1): the participant has been
         * removed from the responder; stop sending to it and drop it from its session.
         */
        CONSENT_LOST
    }
}
