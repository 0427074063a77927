package io.edgeway.signaling.session;

import static io.edgeway.signaling.session.SessionFixtures.answerTo;
import static io.edgeway.signaling.session.SessionFixtures.offerOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.edgeway.core.media.sdp.SdpParser;
import io.edgeway.core.time.ManualClock;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.model.ChatMessage;
import io.edgeway.signaling.model.Permissions;
import io.edgeway.signaling.session.SessionFixtures.CountingSeat;
import io.edgeway.signaling.session.SessionFixtures.RecordingConnection;
import io.edgeway.signaling.session.SessionFixtures.RecordingMediaPlane;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The RealtimeKit-shaped meeting events of the session layer without sockets or a database: the
 * {@code roomJoined} shape, media state and its permission, chat (delivery to everyone, order, refusals,
 * history), kicks from a participant and from the server's side, the session ending for everyone,
 * recording, the active speaker, and the seat released exactly once on every way out. Seats are
 * {@link CountingSeat}s handed out by a test authenticator that reads {@code name} and {@code preset}.
 */
class MeetingEventsTest {

    private static final Permissions HOST = Permissions.of(true, true, true, true, true, true, true);
    private static final Permissions VIEWER = Permissions.of(false, false, false, false, false, false, false);
    private static final Permissions AUDIO_ONLY = Permissions.of(true, false, false, true, true, false, false);

    private final ManualClock clock = new ManualClock();
    private final RecordingMediaPlane media = new RecordingMediaPlane();
    private final Map<String, Permissions> presets = Map.of("host", HOST, "viewer", VIEWER, "audio", AUDIO_ONLY);
    /** The seat each participant (by name) was admitted with. */
    private final Map<String, CountingSeat> seats = new HashMap<>();
    /** The chat history a participant's seat read when it was admitted (by name). */
    private final Map<String, List<ChatMessage>> histories = new HashMap<>();
    private String sessionId = "s1";
    private final SignalingService service = new SignalingService(Runnable::run, media, this::admit, clock,
            new Random(11));

    /** The test authenticator: participant id = name, preset from the join message. */
    private CompletableFuture<JoinDecision> admit(JsonNode join) {
        String name = join.get("name").asText();
        String preset = join.get("preset").asText();
        CountingSeat seat = new CountingSeat("test", sessionId);
        seat.history.addAll(histories.getOrDefault(name, List.of()));
        seats.put(name, seat);
        return CompletableFuture.completedFuture(JoinDecision.admit(new ParticipantIdentity(name, "Name " + name, "m1",
                "Weekly", "https://pictures.example/" + name, "user-" + name, preset, presets.get(preset)), seat));
    }

    private RecordingConnection join(String name, String preset) {
        return SessionFixtures.joinWithPreset(service, name, preset);
    }

    private void send(RecordingConnection c, ClientMessage m) {
        service.received(c, m);
    }

    private static String lastError(RecordingConnection c) {
        return c.last("error").get("code").asText();
    }

    // ------------------------------------------------------------------------------------------------
    // roomJoined and participantJoined

    @Test
    void roomJoinedCarriesSelfWithPermissionsTheOthersTheMeetingAndTheChat() {
        RecordingConnection ann = join("ann", "host");
        send(ann, new ClientMessage.MediaState(true, null, null));
        send(ann, new ClientMessage.Chat("before bob"));
        RecordingConnection bob = join("bob", "viewer");

        JsonNode joined = bob.last("roomJoined");
        JsonNode self = joined.get("self");
        assertThat(self.get("id").asText()).isEqualTo("bob");
        assertThat(self.get("name").asText()).isEqualTo("Name bob");
        assertThat(self.get("picture").asText()).isEqualTo("https://pictures.example/bob");
        assertThat(self.get("customParticipantId").asText()).isEqualTo("user-bob");
        assertThat(self.get("presetName").asText()).isEqualTo("viewer");
        assertThat(self.get("permissions").get("canProduceAudio").asBoolean()).isFalse();
        assertThat(self.get("permissions").get("canSendChat").asBoolean()).isFalse();
        assertThat(self.get("permissions").get("waitingRoomType").asText()).isEqualTo("SKIP");
        assertThat(self.get("permissions").get("polls").get("canCreate").asBoolean()).isFalse();
        assertThat(self.get("hidden").asBoolean()).isFalse();
        assertThat(self.get("audioEnabled").asBoolean()).isFalse();
        assertThat(self.get("videoEnabled").asBoolean()).isFalse();
        assertThat(self.get("screenShareEnabled").asBoolean()).isFalse();

        assertThat(joined.get("participants")).as("self not included: total = 1 + 1").hasSize(1);
        JsonNode annSeen = joined.get("participants").get(0);
        assertThat(annSeen.get("id").asText()).isEqualTo("ann");
        assertThat(annSeen.get("audioEnabled").asBoolean()).as("state signalled before the join").isTrue();
        assertThat(annSeen.get("presetName").asText()).isEqualTo("host");
        assertThat(annSeen.has("permissions")).as("only self carries permissions").isFalse();

        JsonNode meeting = joined.get("meeting");
        assertThat(meeting.get("id").asText()).isEqualTo("m1");
        assertThat(meeting.get("title").asText()).isEqualTo("Weekly");
        assertThat(meeting.get("sessionId").asText()).isEqualTo("s1");
        assertThat(joined.get("chat")).hasSize(1);
        assertThat(joined.get("chat").get(0).get("text").asText()).isEqualTo("before bob");
        assertThat(joined.get("chat").get(0).get("time").asText()).isEqualTo("2023-11-14T22:13:20Z");

        JsonNode announced = ann.last("participantJoined").get("participant");
        assertThat(announced.get("id").asText()).isEqualTo("bob");
        assertThat(announced.get("customParticipantId").asText()).isEqualTo("user-bob");
        assertThat(announced.has("permissions")).isFalse();
    }

    @Test
    void openSessionJoinsLackTheControlPlaneFields() {
        SignalingService open = new SignalingService(Runnable::run, media, new OpenSessionAuthenticator(new Random(3), clock),
                clock, new Random(4));
        RecordingConnection c = new RecordingConnection("Ann");
        open.received(c, new ClientMessage.Join(SessionFixtures.join("demo", "Ann")));
        JsonNode joined = c.last("roomJoined");
        assertThat(joined.get("self").get("picture").isNull()).isTrue();
        assertThat(joined.get("self").get("customParticipantId").isNull()).isTrue();
        assertThat(joined.get("self").get("presetName").isNull()).isTrue();
        assertThat(joined.get("self").get("permissions").get("kickParticipant").asBoolean()).isFalse();
        assertThat(joined.get("self").get("permissions").get("canSendChat").asBoolean()).isTrue();
        assertThat(joined.get("meeting").get("sessionId").isNull()).isTrue();

        // Open-session chat is delivered live and kept in memory for the meeting's later joiners.
        open.received(c, new ClientMessage.Chat("hello"));
        assertThat(c.last("chatUpdate").get("message").get("displayName").asText()).isEqualTo("Ann");
        RecordingConnection late = new RecordingConnection("Bo");
        open.received(late, new ClientMessage.Join(SessionFixtures.join("demo", "Bo")));
        assertThat(late.last("roomJoined").get("chat").get(0).get("text").asText()).isEqualTo("hello");
        open.received(late, new ClientMessage.Chat("x".repeat(4001)));
        assertThat(lastError(late)).isEqualTo("chat_message_too_long");
    }

    @Test
    void openSessionsHaveACapOnLiveMeetingsLikeTokenSessions() {
        SignalingService open = new SignalingService(Runnable::run, media, new OpenSessionAuthenticator(new Random(3), clock),
                clock, new Random(4), SignalingService.MAX_PARTICIPANTS, 2);
        open.received(new RecordingConnection("a"), new ClientMessage.Join(SessionFixtures.join("one", "A")));
        open.received(new RecordingConnection("b"), new ClientMessage.Join(SessionFixtures.join("two", "B")));
        RecordingConnection third = new RecordingConnection("c");
        open.received(third, new ClientMessage.Join(SessionFixtures.join("three", "C")));
        assertThat(lastError(third)).isEqualTo("too_many_sessions");
        RecordingConnection joiner = new RecordingConnection("d");
        open.received(joiner, new ClientMessage.Join(SessionFixtures.join("one", "D")));
        assertThat(joiner.last("roomJoined")).as("an existing meeting still takes joiners").isNotNull();
    }

    @Test
    void meetingsOfDifferentRealmsNeverMix() {
        // An open session named after a control-plane meeting's id is another meeting.
        SignalingService mixed = new SignalingService(Runnable::run, media, j -> CompletableFuture.completedFuture(
                JoinDecision.admit(new ParticipantIdentity(j.get("name").asText(), "N", "m1", "m1", true, true, true),
                        new CountingSeat(j.get("realm").asText(), null))), clock, new Random(1));
        RecordingConnection member = new RecordingConnection("t");
        RecordingConnection stranger = new RecordingConnection("o");
        mixed.received(member, new ClientMessage.Join(JsonNodeFactory.instance.objectNode().put("name", "t")
                .put("realm", "token")));
        mixed.received(stranger, new ClientMessage.Join(JsonNodeFactory.instance.objectNode().put("name", "o")
                .put("realm", "open")));
        assertThat(stranger.last("roomJoined").get("participants")).isEmpty();
        assertThat(member.all("participantJoined")).isEmpty();
        assertThat(mixed.meetingCount()).isEqualTo(2);
        assertThat(media.rooms).hasSize(2);
    }

    // ------------------------------------------------------------------------------------------------
    // Media state

    @Test
    void mediaStateIsAnnouncedToEveryoneIncludingTheSender() {
        RecordingConnection ann = join("ann", "host");
        RecordingConnection bob = join("bob", "host");
        send(ann, new ClientMessage.MediaState(true, false, null));
        for (RecordingConnection c : List.of(ann, bob)) {
            JsonNode audio = c.last("audioUpdate");
            assertThat(audio.get("participantId").asText()).isEqualTo("ann");
            assertThat(audio.get("audioEnabled").asBoolean()).isTrue();
            assertThat(c.last("videoUpdate").get("videoEnabled").asBoolean()).isFalse();
            assertThat(c.all("screenShareUpdate")).as("not given, not announced").isEmpty();
        }
        send(ann, new ClientMessage.MediaState(null, null, true));
        assertThat(bob.last("screenShareUpdate").get("screenShareEnabled").asBoolean()).isTrue();
        // A repeated value is echoed again, so a client can always wait for its own update.
        send(ann, new ClientMessage.MediaState(true, null, null));
        assertThat(ann.all("audioUpdate")).hasSize(2);
        RecordingConnection cat = join("cat", "host");
        JsonNode annSeen = cat.last("roomJoined").get("participants").get(0);
        assertThat(annSeen.get("audioEnabled").asBoolean()).isTrue();
        assertThat(annSeen.get("videoEnabled").asBoolean()).isFalse();
        assertThat(annSeen.get("screenShareEnabled").asBoolean()).isTrue();
    }

    @Test
    void enablingWhatThePresetForbidsIsRefusedAndChangesNothing() {
        RecordingConnection ann = join("ann", "host");
        RecordingConnection viewer = join("vic", "audio");
        ann.clear();
        send(viewer, new ClientMessage.MediaState(true, true, null));
        assertThat(lastError(viewer)).isEqualTo("publish_not_permitted");
        assertThat(viewer.last("error").get("message").asText()).contains("\"audio\"").contains("video");
        assertThat(viewer.all("audioUpdate")).as("the allowed half is not applied either").isEmpty();
        assertThat(ann.sent).isEmpty();
        // Turning off is always allowed; turning on what is allowed too.
        send(viewer, new ClientMessage.MediaState(true, false, false));
        assertThat(ann.last("audioUpdate").get("audioEnabled").asBoolean()).isTrue();
        assertThat(ann.last("videoUpdate").get("videoEnabled").asBoolean()).isFalse();
        send(new RecordingConnection("nobody"), new ClientMessage.MediaState(true, null, null));
    }

    // ------------------------------------------------------------------------------------------------
    // Chat

    @Test
    void chatReachesEveryoneIncludingTheSenderInTheOrderSent() {
        RecordingConnection ann = join("ann", "host");
        RecordingConnection bob = join("bob", "host");
        CompletableFuture<ChatMessage> first = new CompletableFuture<>();
        seats.get("ann").pendingChat = first;
        send(ann, new ClientMessage.Chat("one"));
        send(ann, new ClientMessage.Chat("two"));
        assertThat(seats.get("ann").sent).as("one message at a time reaches the store").containsExactly("one");
        seats.get("ann").pendingChat = null;
        first.complete(new ChatMessage("c1", "m1", "s1", "ann", "Name ann", "one", 1_700_000_000L));
        assertThat(seats.get("ann").sent).containsExactly("one", "two");
        for (RecordingConnection c : List.of(ann, bob)) {
            List<JsonNode> updates = c.all("chatUpdate");
            assertThat(updates).extracting(u -> u.get("message").get("text").asText()).containsExactly("one", "two");
            JsonNode m = updates.get(0).get("message");
            assertThat(m.get("id").asText()).isEqualTo("c1");
            assertThat(m.get("participantId").asText()).isEqualTo("ann");
            assertThat(m.get("displayName").asText()).isEqualTo("Name ann");
        }
    }

    @Test
    void aRefusedChatMessageIsAnErrorToTheSenderOnly() {
        RecordingConnection ann = join("ann", "host");
        RecordingConnection bob = join("bob", "host");
        seats.get("ann").refuseNextChat = new SignalingException(ErrorCode.CHAT_MESSAGE_TOO_LONG, "too long");
        send(ann, new ClientMessage.Chat("x".repeat(4001)));
        assertThat(lastError(ann)).isEqualTo("chat_message_too_long");
        assertThat(bob.all("chatUpdate")).isEmpty();
        send(ann, new ClientMessage.Chat("fine"));
        assertThat(bob.last("chatUpdate").get("message").get("text").asText()).isEqualTo("fine");

        CompletableFuture<ChatMessage> never = new CompletableFuture<>();
        seats.get("ann").pendingChat = never;
        for (int i = 0; i <= ChatRelay.MAX_QUEUED + 1; i++) {
            send(ann, new ClientMessage.Chat("queued " + i));
        }
        assertThat(lastError(ann)).isEqualTo("chat_rate_limited");
    }

    @Test
    void aMessageInTheJoinersHistoryIsNotDeliveredToItAgainAndLaterJoinersGetItOnce() {
        RecordingConnection ann = join("ann", "host");
        CompletableFuture<ChatMessage> inFlight = new CompletableFuture<>();
        seats.get("ann").pendingChat = inFlight;
        send(ann, new ClientMessage.Chat("racing"));
        // The store had the message when Bob's history was read, but it is delivered after he joined.
        ChatMessage stored = new ChatMessage("c9", "m1", "s1", "ann", "Name ann", "racing", 1_700_000_001L);
        histories.put("bob", List.of(stored));
        RecordingConnection bob = join("bob", "host");
        assertThat(bob.last("roomJoined").get("chat")).extracting(m -> m.get("id").asText()).containsExactly("c9");
        inFlight.complete(stored);
        assertThat(ann.last("chatUpdate").get("message").get("id").asText()).isEqualTo("c9");
        assertThat(bob.all("chatUpdate")).as("in his history already").isEmpty();
        // Cat's history was read before the message was stored: the meeting's recent chat completes it.
        RecordingConnection cat = join("cat", "host");
        assertThat(cat.last("roomJoined").get("chat")).extracting(m -> m.get("id").asText()).containsExactly("c9");
        send(cat, new ClientMessage.Chat("after"));
        assertThat(bob.last("chatUpdate").get("message").get("text").asText()).isEqualTo("after");
    }

    // ------------------------------------------------------------------------------------------------
    // Kicks, the session ending, recording

    @Test
    void aHostKicksAParticipantWhoGetsKickedAndIsDisconnected() {
        RecordingConnection host = join("ann", "host");
        RecordingConnection bob = join("bob", "audio");
        RecordingConnection cat = join("cat", "viewer");
        send(bob, new ClientMessage.Kick("cat"));
        assertThat(lastError(bob)).isEqualTo("kick_not_permitted");
        assertThat(bob.last("error").get("message").asText()).contains("\"audio\"");
        send(host, new ClientMessage.Kick("nobody"));
        assertThat(lastError(host)).isEqualTo("participant_not_found");
        send(host, new ClientMessage.Kick("ann"));
        assertThat(lastError(host)).isEqualTo("invalid_request");

        send(host, new ClientMessage.Kick("cat"));
        JsonNode kicked = cat.last("kicked");
        assertThat(kicked.get("code").asText()).isEqualTo("kicked");
        assertThat(kicked.get("message").asText()).contains("Name ann");
        assertThat(cat.types()).as("kicked is the last message before the close").endsWith("kicked");
        assertThat(cat.closed).isTrue();
        for (RecordingConnection c : List.of(host, bob)) {
            assertThat(c.last("participantLeft").get("participantId").asText()).isEqualTo("cat");
            assertThat(c.last("participantLeft").get("reason").asText()).isEqualTo("kicked");
        }
        assertThat(seats.get("cat").releases).isEqualTo(1);
        assertThat(service.participantCount()).isEqualTo(2);
    }

    @Test
    void aKickFromTheServersSideReachesTheParticipantAlone() {
        RecordingConnection ann = join("ann", "host");
        RecordingConnection bob = join("bob", "host");
        seats.get("bob").removals.removed(ErrorCode.KICKED, "you were removed from the meeting");
        assertThat(bob.last("kicked").get("message").asText()).isEqualTo("you were removed from the meeting");
        assertThat(bob.closed).isTrue();
        assertThat(ann.last("participantLeft").get("reason").asText()).isEqualTo("kicked");
        assertThat(ann.closed).isFalse();
        assertThat(seats.get("bob").releases).isEqualTo(1);
        // A second report (the same kick heard twice) changes nothing.
        seats.get("bob").removals.removed(ErrorCode.KICKED, "again");
        assertThat(bob.all("kicked")).hasSize(1);
        assertThat(seats.get("bob").releases).isEqualTo(1);
    }

    @Test
    void theSessionEndingForEveryoneSendsMeetingEndedAndNoParticipantLeft() {
        RecordingConnection ann = join("ann", "host");
        RecordingConnection bob = join("bob", "host");
        sessionId = "s2"; // a newer session of the same meeting (joined after the old one ended)
        RecordingConnection cat = join("cat", "host");
        seats.get("ann").removals.removed(ErrorCode.SESSION_ENDED, "the meeting's session was ended for everyone");
        for (RecordingConnection c : List.of(ann, bob)) {
            JsonNode ended = c.last("meetingEnded");
            assertThat(ended.get("reason").asText()).isEqualTo("session_ended");
            assertThat(c.all("participantLeft")).isEmpty();
            assertThat(c.types()).endsWith("meetingEnded");
            assertThat(c.closed).isTrue();
        }
        assertThat(seats.get("ann").releases).isEqualTo(1);
        assertThat(seats.get("bob").releases).isEqualTo(1);
        // The other participants' own reports of the same end arrive later and change nothing.
        seats.get("bob").removals.removed(ErrorCode.SESSION_ENDED, "again");
        assertThat(bob.all("meetingEnded")).hasSize(1);
        assertThat(cat.closed).isFalse();
        assertThat(cat.all("meetingEnded")).isEmpty();
        assertThat(service.participantCount()).isEqualTo(1);

        seats.get("cat").removals.removed(ErrorCode.MEETING_INACTIVE, "meeting was set INACTIVE");
        assertThat(cat.last("meetingEnded").get("reason").asText()).isEqualTo("meeting_inactive");
        assertThat(media.rooms.get(0).closed).isTrue();
        assertThat(service.meetingCount()).isZero();
    }

    @Test
    void recordingIsRefusedWithoutPermissionAndUnavailableWithIt() {
        RecordingConnection host = join("ann", "host");
        RecordingConnection audio = join("bob", "audio");
        send(audio, new ClientMessage.Recording(true));
        assertThat(lastError(audio)).isEqualTo("recording_not_permitted");
        send(host, new ClientMessage.Recording(true));
        assertThat(lastError(host)).isEqualTo("recording_unavailable");
        assertThat(host.last("error").get("message").asText()).contains("no recorder");
        send(host, new ClientMessage.Recording(false));
        assertThat(lastError(host)).isEqualTo("recording_unavailable");
        assertThat(audio.all("error")).hasSize(1);
    }

    // ------------------------------------------------------------------------------------------------
    // The seat is released exactly once, whichever way the participant goes

    @Test
    void everyWayOfLeavingReleasesTheSeatExactlyOnce() {
        RecordingConnection keeper = join("keeper", "host");
        RecordingConnection leaves = join("leaves", "host");
        RecordingConnection drops = join("drops", "host");
        RecordingConnection mediaDies = join("mediaDies", "host");
        RecordingConnection breaksAnswer = join("breaks", "host");
        RecordingConnection lateMedia = join("late", "host");

        send(leaves, new ClientMessage.Leave());
        send(leaves, new ClientMessage.Leave()); // not joined any more: an error, not a second release
        service.disconnected(drops);
        service.disconnected(drops);

        send(mediaDies, new ClientMessage.Offer(offerOf(3)));
        media.legOf("mediaDies").listener.onConnected();
        media.legOf("mediaDies").listener.onGone(LeaveReason.MEDIA_FAILED, "DTLS failed");
        service.disconnected(mediaDies);

        send(keeper, new ClientMessage.Offer(offerOf(1)));
        send(breaksAnswer, new ClientMessage.Offer(offerOf(4)));
        // Keeper published first: breaksAnswer is offered keeper's tracks and answers that wrongly.
        assertThat(breaksAnswer.all("offer")).hasSize(1);
        send(breaksAnswer, new ClientMessage.Answer(offerOf(4)));
        assertThat(lastError(breaksAnswer)).isEqualTo("invalid_answer");
        send(lateMedia, new ClientMessage.Offer(offerOf(5)));
        clock.advance(SignalingService.MEDIA_CONNECT_TIMEOUT);
        service.onTimeout(clock.nanos());

        assertThat(seats.get("leaves").releases).isEqualTo(1);
        assertThat(seats.get("drops").releases).isEqualTo(1);
        assertThat(seats.get("mediaDies").releases).isEqualTo(1);
        assertThat(seats.get("breaks").releases).isEqualTo(1);
        assertThat(seats.get("late").releases).isEqualTo(1);
        assertThat(seats.get("keeper").releases).as("media not connected in time either").isEqualTo(1);

        RecordingConnection stays = join("stays", "host");
        service.close(Duration.ofSeconds(1));
        assertThat(seats.get("stays").releases).as("server shutdown").isEqualTo(1);
        assertThat(stays.closed).isTrue();
        assertThat(keeper.all("participantLeft")).isNotEmpty();
    }

    @Test
    void anAdmissionTheSessionLayerRefusesAfterAllGivesTheSeatBack() {
        // Disconnected while the authenticator decided.
        CompletableFuture<JoinDecision> pending = new CompletableFuture<>();
        SignalingService slow = new SignalingService(Runnable::run, media, j -> pending, clock, new Random(1));
        RecordingConnection gone = new RecordingConnection("gone");
        slow.received(gone, new ClientMessage.Join(JsonNodeFactory.instance.objectNode()));
        slow.disconnected(gone);
        CountingSeat abandoned = new CountingSeat();
        pending.complete(JoinDecision.admit(new ParticipantIdentity("p1", "P", "m", "M", true, true, true), abandoned));
        assertThat(abandoned.releases).isEqualTo(1);
        assertThat(gone.sent).isEmpty();

        // Full meeting, duplicate id, draining.
        CountingSeat[] next = new CountingSeat[1];
        String[] id = new String[1];
        SignalingService small = new SignalingService(Runnable::run, media, j -> {
            next[0] = new CountingSeat();
            return CompletableFuture.completedFuture(JoinDecision.admit(new ParticipantIdentity(id[0], "P", "m", "M",
                    true, true, true), next[0]));
        }, clock, new Random(1), 2);
        id[0] = "a";
        small.received(new RecordingConnection("a"), new ClientMessage.Join(JsonNodeFactory.instance.objectNode()));
        RecordingConnection dup = new RecordingConnection("dup");
        small.received(dup, new ClientMessage.Join(JsonNodeFactory.instance.objectNode()));
        assertThat(lastError(dup)).isEqualTo("duplicate_participant");
        assertThat(next[0].releases).isEqualTo(1);
        id[0] = "b";
        small.received(new RecordingConnection("b"), new ClientMessage.Join(JsonNodeFactory.instance.objectNode()));
        id[0] = "c";
        RecordingConnection third = new RecordingConnection("c");
        small.received(third, new ClientMessage.Join(JsonNodeFactory.instance.objectNode()));
        assertThat(lastError(third)).isEqualTo("session_full");
        assertThat(next[0].releases).isEqualTo(1);

        CompletableFuture<JoinDecision> during = new CompletableFuture<>();
        SignalingService draining = new SignalingService(Runnable::run, media, j -> during, clock, new Random(1));
        RecordingConnection latecomer = new RecordingConnection("late");
        draining.received(latecomer, new ClientMessage.Join(JsonNodeFactory.instance.objectNode()));
        draining.drain();
        CountingSeat refused = new CountingSeat();
        during.complete(JoinDecision.admit(new ParticipantIdentity("d", "D", "m", "M", true, true, true), refused));
        assertThat(lastError(latecomer)).isEqualTo("draining");
        assertThat(refused.releases).isEqualTo(1);
    }

    // ------------------------------------------------------------------------------------------------
    // Active speaker

    @Test
    void theLoudestSpeakerIsAnnouncedWithHysteresisAndSilenceChangesNothing() {
        RecordingConnection ann = join("ann", "host");
        RecordingConnection bob = join("bob", "host");
        for (RecordingConnection c : List.of(ann, bob)) {
            send(c, new ClientMessage.Offer(offerOf(c == ann ? 1 : 2)));
            media.legOf(c.label).listener.onConnected();
        }
        SessionFixtures.RecordingLeg annLeg = media.legOf("ann");
        SessionFixtures.RecordingLeg bobLeg = media.legOf("bob");

        // Nobody above the threshold: no event.
        annLeg.loudness = ActiveSpeakerDetector.SPEAKING - 1;
        tick();
        assertThat(ann.all("activeSpeaker")).isEmpty();

        annLeg.loudness = 100;
        bobLeg.loudness = 90;
        tick();
        for (RecordingConnection c : List.of(ann, bob)) {
            assertThat(c.last("activeSpeaker").get("participantId").asText()).isEqualTo("ann");
        }
        // Bob a little louder than Ann, who still speaks: no flapping.
        bobLeg.loudness = 100 + ActiveSpeakerDetector.MARGIN - 1;
        tick();
        assertThat(ann.all("activeSpeaker")).hasSize(1);
        bobLeg.loudness = 100 + ActiveSpeakerDetector.MARGIN;
        tick();
        assertThat(bob.last("activeSpeaker").get("participantId").asText()).isEqualTo("bob");
        // Silence: Bob stays, nothing is sent.
        annLeg.loudness = 0;
        bobLeg.loudness = 0;
        tick();
        tick();
        assertThat(ann.all("activeSpeaker")).hasSize(2);
        // Bob stops, Ann speaks quietly but above the threshold: she takes over at once.
        annLeg.loudness = ActiveSpeakerDetector.SPEAKING;
        tick();
        assertThat(ann.last("activeSpeaker").get("participantId").asText()).isEqualTo("ann");
        // A joiner hears who speaks; the speaker leaving clears it without an event.
        RecordingConnection cat = join("cat", "host");
        assertThat(cat.last("activeSpeaker").get("participantId").asText()).isEqualTo("ann");
        send(ann, new ClientMessage.Leave());
        annLeg.loudness = 0;
        tick();
        assertThat(cat.all("activeSpeaker")).hasSize(1);
        bobLeg.loudness = 80;
        tick();
        assertThat(cat.last("activeSpeaker").get("participantId").asText()).isEqualTo("bob");
    }

    private void tick() {
        clock.advance(SignalingService.SPEAKER_INTERVAL);
        service.onTimeout(clock.nanos());
    }

    @Test
    void answeringKeepsWorkingWithTheNewFields() {
        RecordingConnection ann = join("ann", "host");
        RecordingConnection bob = join("bob", "host");
        send(ann, new ClientMessage.Offer(offerOf(1)));
        send(bob, new ClientMessage.Offer(offerOf(2)));
        JsonNode offer = ann.last("offer");
        send(ann, new ClientMessage.Answer(answerTo(SdpParser.parse(offer.get("sdp").asText()))));
        assertThat(ann.all("error")).isEmpty();
    }
}
