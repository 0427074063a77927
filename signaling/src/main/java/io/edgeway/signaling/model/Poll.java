package io.edgeway.signaling.model;

import java.util.List;

/**
 * A poll of a live meeting as one viewer may see it (RealtimeKit's poll): its votes are left out when the poll is
 * anonymous, and its counts too while {@code hideVotes} and the viewer has not voted. Immutable.
 *
 * @param createdBy       the creator's display name, or null when the app's server created it (REST)
 * @param createdByUserId the creator's participant id, or null likewise
 * @param voted           who voted: every voter's id, or for an anonymous poll the viewer's own id if it voted
 */
public record Poll(String id, String question, List<Option> options, boolean anonymous, boolean hideVotes,
        String createdBy, String createdByUserId, List<String> voted) {

    public Poll {
        options = List.copyOf(options);
        voted = List.copyOf(voted);
    }

    /** One answer: its text, how many chose it, and who (when the viewer may see it). */
    public record Option(String text, int count, List<Vote> votes) {

        public Option {
            votes = List.copyOf(votes);
        }
    }

    /** A voter: participant id and display name. */
    public record Vote(String id, String name) {
    }
}
