package io.edgeway.signaling.session;

import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.model.Poll;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The polls of one meeting (RealtimeKit's {@code meeting.polls}): created by a participant whose preset has
 * {@code polls.can_create} ({@code createPoll}) or by the app's server ({@code POST .../active-session/poll}),
 * voted on once per participant by those with {@code polls.can_vote} ({@code votePoll}), and shown to those with
 * {@code polls.can_view}: each change sends every viewer {@code pollsUpdate} with all the polls as it may see
 * them ({@link #view}), {@code newPoll} true for a creation. Polls live as long as the meeting does in this
 * process. Confined to the media port's loop.
 */
final class Polls {

    /** Polls per meeting, at most. */
    static final int MAX_POLLS = 100;
    static final int MAX_OPTIONS = 20;
    static final int MAX_QUESTION_CHARS = 1000;
    static final int MAX_OPTION_CHARS = 500;

    private static final class State {
        final String id = UUID.randomUUID().toString();
        final String question;
        final List<String> options;
        final boolean anonymous;
        final boolean hideVotes;
        final String createdBy;
        final String createdByUserId;
        /** Voter id to (option index, name), in voting order. */
        final Map<String, Ballot> ballots = new LinkedHashMap<>();

        State(String question, List<String> options, boolean anonymous, boolean hideVotes, String createdBy,
                String createdByUserId) {
            this.question = question;
            this.options = List.copyOf(options);
            this.anonymous = anonymous;
            this.hideVotes = hideVotes;
            this.createdBy = createdBy;
            this.createdByUserId = createdByUserId;
        }
    }

    private record Ballot(int option, String name) {
    }

    private final List<State> polls = new ArrayList<>();

    /** {@code createPoll} from {@code by}. */
    void create(Participant by, ClientMessage.CreatePoll request) {
        if (!by.identity.permissions().canCreatePolls()) {
            throw new SignalingException(ErrorCode.POLL_NOT_PERMITTED, "preset \"" + by.presetLabel()
                    + "\" does not allow creating polls (polls.can_create)");
        }
        add(by.meeting, request.question(), request.options(), request.anonymous(), request.hideVotes(),
                by.identity.displayName(), by.id());
    }

    /**
     * A poll from the app's server; returns it with every vote visible.
     *
     * @throws SignalingException {@link ErrorCode#INVALID_REQUEST} naming what is wrong with it
     */
    Poll createByServer(Meeting meeting, String question, List<String> options, boolean anonymous, boolean hideVotes) {
        State s = add(meeting, question, options, anonymous, hideVotes, null, null);
        return view(s, null, true);
    }

    private State add(Meeting meeting, String question, List<String> options, boolean anonymous, boolean hideVotes,
            String createdBy, String createdByUserId) {
        check(question, options);
        if (polls.size() >= MAX_POLLS) {
            throw new SignalingException(ErrorCode.INVALID_REQUEST, "this meeting has " + MAX_POLLS
                    + " polls, the most it may have");
        }
        State s = new State(question, options, anonymous, hideVotes, createdBy, createdByUserId);
        polls.add(s);
        update(meeting, true);
        return s;
    }

    /** {@code votePoll} from {@code by}. */
    void vote(Participant by, ClientMessage.VotePoll request) {
        if (!by.identity.permissions().canVotePolls()) {
            throw new SignalingException(ErrorCode.POLL_NOT_PERMITTED, "preset \"" + by.presetLabel()
                    + "\" does not allow voting in polls (polls.can_vote)");
        }
        State s = null;
        for (State p : polls) {
            if (p.id.equals(request.pollId())) {
                s = p;
            }
        }
        if (s == null) {
            throw new SignalingException(ErrorCode.POLL_NOT_FOUND, "no poll " + request.pollId() + " in this meeting");
        }
        if (request.index() < 0 || request.index() >= s.options.size()) {
            throw new SignalingException(ErrorCode.INVALID_REQUEST, "poll " + s.id + " has options 0 to "
                    + (s.options.size() - 1));
        }
        if (s.ballots.containsKey(by.id())) {
            throw new SignalingException(ErrorCode.POLL_ALREADY_VOTED, "you voted in poll " + s.id + " already");
        }
        s.ballots.put(by.id(), new Ballot(request.index(), by.identity.displayName()));
        update(by.meeting, false);
    }

    /** Every poll as {@code viewer} may see it (empty without polls.can_view), oldest first. */
    List<Poll> view(Participant viewer) {
        List<Poll> out = new ArrayList<>();
        if (!viewer.identity.permissions().canViewPolls()) {
            return out;
        }
        for (State s : polls) {
            out.add(view(s, viewer.id(), false));
        }
        return out;
    }

    /** Sends every viewer in the meeting its {@code pollsUpdate}. */
    private void update(Meeting meeting, boolean newPoll) {
        for (Participant p : meeting.participants()) {
            if (p.identity.permissions().canViewPolls()) {
                p.connection.send(ServerMessages.pollsUpdate(view(p), newPoll));
            }
        }
    }

    /**
     * One poll for {@code viewerId} (null and {@code all}: the app's server, which sees everything): votes left out
     * when anonymous, counts too while hideVotes and the viewer has not voted.
     */
    private static Poll view(State s, String viewerId, boolean all) {
        boolean voted = viewerId != null && s.ballots.containsKey(viewerId);
        boolean counts = all || !s.hideVotes || voted;
        boolean names = counts && (all || !s.anonymous);
        List<Poll.Option> options = new ArrayList<>(s.options.size());
        for (int i = 0; i < s.options.size(); i++) {
            int count = 0;
            List<Poll.Vote> votes = new ArrayList<>();
            for (Map.Entry<String, Ballot> b : s.ballots.entrySet()) {
                if (b.getValue().option() == i) {
                    count++;
                    if (names) {
                        votes.add(new Poll.Vote(b.getKey(), b.getValue().name()));
                    }
                }
            }
            options.add(new Poll.Option(s.options.get(i), counts ? count : 0, votes));
        }
        List<String> voters = s.anonymous && !all ? (voted ? List.of(viewerId) : List.of())
                : new ArrayList<>(s.ballots.keySet());
        return new Poll(s.id, s.question, options, s.anonymous, s.hideVotes, s.createdBy, s.createdByUserId, voters);
    }

    private static void check(String question, List<String> options) {
        if (question == null || question.isBlank() || question.length() > MAX_QUESTION_CHARS) {
            throw new SignalingException(ErrorCode.INVALID_REQUEST, "a poll's question is 1 to " + MAX_QUESTION_CHARS
                    + " characters, not blank");
        }
        if (options.isEmpty() || options.size() > MAX_OPTIONS) {
            throw new SignalingException(ErrorCode.INVALID_REQUEST, "a poll has 1 to " + MAX_OPTIONS + " options");
        }
        for (String o : options) {
            if (o == null || o.isBlank() || o.length() > MAX_OPTION_CHARS) {
                throw new SignalingException(ErrorCode.INVALID_REQUEST, "a poll's option is 1 to " + MAX_OPTION_CHARS
                        + " characters, not blank");
            }
        }
    }
}
