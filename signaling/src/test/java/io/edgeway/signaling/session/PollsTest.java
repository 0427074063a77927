package io.edgeway.signaling.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeway.core.time.ManualClock;
import io.edgeway.signaling.model.Permissions;
import io.edgeway.signaling.model.Poll;
import io.edgeway.signaling.session.SessionFixtures.CountingSeat;
import io.edgeway.signaling.session.SessionFixtures.RecordingConnection;
import io.edgeway.signaling.session.SessionFixtures.RecordingMediaPlane;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Polls in the session layer without sockets: who may create, vote and see; {@code pollsUpdate} to viewers only;
 * one vote per participant; hidden counts until one has voted; anonymous polls without names; a joiner's
 * {@code roomJoined.polls}; a poll from the app's server ({@link SignalingService#createPoll}).
 */
class PollsTest {

    private static final Permissions BASE = Permissions.of(true, true, true, true, false, false, false);
    private static final Map<String, Permissions> PRESETS = Map.of(
            "host", BASE.withPolls(true, true, true),
            "voter", BASE.withPolls(false, true, true),
            "blind", BASE.withPolls(false, true, false),
            "none", BASE);

    private final SignalingService service = new SignalingService(Runnable::run, new RecordingMediaPlane(), this::admit,
            new ManualClock(), new Random(5));

    private CompletableFuture<JoinDecision> admit(JsonNode join) {
        String name = join.get("name").asText();
        String preset = join.get("preset").asText();
        return CompletableFuture.completedFuture(JoinDecision.admit(new ParticipantIdentity(name, "Name " + name, "m1",
                "Weekly", null, null, preset, PRESETS.get(preset)), new CountingSeat("test", "s1")));
    }

    private RecordingConnection join(String name, String preset) {
        return SessionFixtures.joinWithPreset(service, name, preset);
    }

    private static String lastError(RecordingConnection c) {
        return c.last("error").get("code").asText();
    }

    private static JsonNode lastPoll(RecordingConnection c) {
        return c.last("pollsUpdate").get("polls").get(0);
    }

    @Test
    void aHostCreatesViewersSeeItAndEachVotesOnce() {
        RecordingConnection host = join("host", "host");
        RecordingConnection vic = join("vic", "voter");
        RecordingConnection bea = join("bea", "blind");
        RecordingConnection nia = join("nia", "none");
        service.received(vic, new ClientMessage.CreatePoll("Lunch?", List.of("yes", "no"), false, false));
        assertThat(lastError(vic)).isEqualTo("poll_not_permitted");

        service.received(host, new ClientMessage.CreatePoll("Lunch?", List.of("yes", "no"), false, false));
        JsonNode update = vic.last("pollsUpdate");
        assertThat(update.get("newPoll").asBoolean()).isTrue();
        JsonNode poll = update.get("polls").get(0);
        assertThat(poll.get("question").asText()).isEqualTo("Lunch?");
        assertThat(poll.get("createdBy").asText()).isEqualTo("Name host");
        assertThat(poll.get("createdByUserId").asText()).isEqualTo("host");
        assertThat(poll.get("options").findValuesAsText("text")).containsExactly("yes", "no");
        assertThat(bea.types()).as("no polls.can_view").doesNotContain("pollsUpdate");
        assertThat(nia.types()).doesNotContain("pollsUpdate");

        String id = poll.get("id").asText();
        service.received(vic, new ClientMessage.VotePoll(id, 0));
        JsonNode voted = lastPoll(host);
        assertThat(host.last("pollsUpdate").get("newPoll").asBoolean()).isFalse();
        assertThat(voted.get("options").get(0).get("count").asInt()).isEqualTo(1);
        assertThat(voted.get("options").get(0).get("votes").get(0).get("name").asText()).isEqualTo("Name vic");
        assertThat(voted.get("voted").get(0).asText()).isEqualTo("vic");
        service.received(vic, new ClientMessage.VotePoll(id, 1));
        assertThat(lastError(vic)).isEqualTo("poll_already_voted");
        service.received(bea, new ClientMessage.VotePoll(id, 1));
        assertThat(lastPoll(host).get("options").get(1).get("count").asInt()).as("can vote without seeing").isEqualTo(1);
        service.received(nia, new ClientMessage.VotePoll(id, 1));
        assertThat(lastError(nia)).isEqualTo("poll_not_permitted");
        service.received(host, new ClientMessage.VotePoll(id, 2));
        assertThat(lastError(host)).isEqualTo("invalid_request");
        service.received(host, new ClientMessage.VotePoll("nope", 0));
        assertThat(lastError(host)).isEqualTo("poll_not_found");
        service.received(host, new ClientMessage.CreatePoll(" ", List.of("a"), false, false));
        assertThat(lastError(host)).isEqualTo("invalid_request");

        RecordingConnection late = join("lee", "voter");
        JsonNode polls = late.last("roomJoined").get("polls");
        assertThat(polls).hasSize(1);
        assertThat(polls.get(0).get("options").get(0).get("count").asInt()).isEqualTo(1);
    }

    @Test
    void hiddenVotesShowOnceOneHasVotedAndAnonymousPollsNameNobody() {
        RecordingConnection host = join("host", "host");
        RecordingConnection vic = join("vic", "voter");
        service.received(host, new ClientMessage.CreatePoll("Secret?", List.of("a", "b"), true, true));
        String id = lastPoll(vic).get("id").asText();
        service.received(host, new ClientMessage.VotePoll(id, 1));
        JsonNode before = lastPoll(vic);
        assertThat(before.get("options").get(1).get("count").asInt()).as("hidden until vic votes").isZero();
        assertThat(before.get("voted")).as("anonymous: only one's own vote is said").isEmpty();
        service.received(vic, new ClientMessage.VotePoll(id, 0));
        JsonNode after = lastPoll(vic);
        assertThat(after.get("options").get(1).get("count").asInt()).isEqualTo(1);
        assertThat(after.get("options").get(1).get("votes")).as("anonymous: no names").isEmpty();
        assertThat(after.get("voted").get(0).asText()).isEqualTo("vic");
    }

    @Test
    void theAppsServerCreatesAPollInALiveMeeting() throws Exception {
        assertThat(service.createPoll("test", "m1", "Q?", List.of("x"), false, false).toCompletableFuture().get())
                .as("nobody connected").isEmpty();
        RecordingConnection vic = join("vic", "voter");
        Optional<Poll> poll = service.createPoll("test", "m1", "Ready?", List.of("yes", "no"), false, true)
                .toCompletableFuture().get();
        assertThat(poll).isPresent();
        assertThat(poll.get().createdBy()).isNull();
        assertThat(poll.get().hideVotes()).isTrue();
        assertThat(lastPoll(vic).get("id").asText()).isEqualTo(poll.get().id());
        assertThat(vic.last("pollsUpdate").get("newPoll").asBoolean()).isTrue();
    }
}
