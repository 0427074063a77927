package io.edgeway.signaling.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.core.time.ManualClock;
import io.edgeway.signaling.control.ControlPlane;
import io.edgeway.signaling.http.ErrorCode;
import io.edgeway.signaling.live.LiveSessions;
import io.edgeway.signaling.model.App;
import io.edgeway.signaling.model.Meeting;
import io.edgeway.signaling.model.MeetingStatus;
import io.edgeway.signaling.model.Participant;
import io.edgeway.signaling.model.Preset;
import io.edgeway.signaling.model.PresetDocument;
import io.edgeway.signaling.rtk.TokenJoinAuthenticator;
import io.edgeway.signaling.session.SessionFixtures.RecordingConnection;
import io.edgeway.signaling.session.SessionFixtures.RecordingMediaPlane;
import io.edgeway.signaling.store.TestDatabases;
import io.edgeway.signaling.turncreds.TurnEndpoints;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Token joins through the real control plane (an H2 database in a temporary directory, a
 * {@link ManualClock}) and the real session layer, without sockets: the token authenticator runs its
 * blocking work on a direct executor here, so every step completes before the next line. Covers the
 * identity a grant gives, every refusal code passed through unchanged, token reuse and the claim freed
 * by every way of leaving, REST kicks and the session's end reaching the participants, and chat with
 * its rules and history.
 */
class TokenJoinTest {

    private final ManualClock clock = new ManualClock();
    private final RecordingMediaPlane media = new RecordingMediaPlane();
    private ControlPlane plane;
    private SignalingService service;
    private LiveSessions live;
    private String meetingId;

    @BeforeEach
    void start() throws Exception {
        TestDatabases.Target db = TestDatabases.create(TestDatabases.H2, "TokenJoinTest");
        plane = ControlPlane.start(new ControlPlane.Settings(db.url(), db.user(), null, List.of(), 3500,
                Duration.ofMinutes(5), 2, Duration.ofHours(24), "edgeway.test"), clock,
                () -> new TurnEndpoints("127.0.0.1", 3478, 3478, List.of()), null);
        live = plane.sessions();
        JoinAuthenticator tokens = new TokenJoinAuthenticator(plane.tokens(), live, plane.chat(), Runnable::run);
        JoinAuthenticator named = JoinAuthenticator.refusing(ErrorCode.OPEN_SESSIONS_DISABLED, "off");
        service = new SignalingService(Runnable::run, media, new CompositeJoinAuthenticator(tokens, named), clock,
                new Random(3));
        preset("host", "{\"permissions\":{\"kick_participant\":true,\"can_record\":true,"
                + "\"can_start_stop_recording\":true}}");
        preset("viewer", "{\"permissions\":{\"media\":{\"audio\":{\"can_produce\":\"NOT_ALLOWED\"},"
                + "\"video\":{\"can_produce\":\"NOT_ALLOWED\"},\"screenshare\":{\"can_produce\":\"NOT_ALLOWED\"}},"
                + "\"chat\":{\"public\":{\"can_send\":false}}}}");
        meetingId = meeting("Weekly sync");
    }

    @AfterEach
    void stop() {
        service.close(Duration.ofSeconds(1));
        plane.close();
    }

    // ------------------------------------------------------------------ fixtures

    private void preset(String name, String permissions) throws Exception {
        ObjectNode doc = PresetDocument.merge(PresetDocument.defaults(),
                io.edgeway.signaling.http.JsonEnvelope.JSON.readTree(permissions));
        plane.stores().presets().insert(new Preset(UUID.randomUUID().toString(), App.DEFAULT_ID, name, doc, 0, 0));
    }

    private String meeting(String title) {
        String id = UUID.randomUUID().toString();
        plane.stores().meetings().insert(new Meeting(id, App.DEFAULT_ID, title, MeetingStatus.ACTIVE, false, false, false, false, 0, 0, 0));
        return id;
    }

    private Participant participant(String meeting, String customId, String preset) {
        Participant p = new Participant(UUID.randomUUID().toString(), meeting, customId, preset, "Name " + customId,
                "https://pictures.example/" + customId, 0, 0);
        plane.stores().participants().insert(p);
        return p;
    }

    private String token(Participant p) {
        return plane.tokens().issue(p).token();
    }

    private RecordingConnection joinWith(String token, String label) {
        RecordingConnection c = new RecordingConnection(label);
        service.received(c, new ClientMessage.Join(JsonNodeFactory.instance.objectNode().put("type", "join")
                .put("token", token)));
        return c;
    }

    /** Adds a participant and joins with its token; the join must succeed. */
    private RecordingConnection joined(String customId, String preset) {
        RecordingConnection c = joinWith(token(participant(meetingId, customId, preset)), customId);
        c.last("roomJoined");
        return c;
    }

    private static String error(RecordingConnection c) {
        return c.last("error").get("code").asText();
    }

    private static String selfId(RecordingConnection c) {
        return c.last("roomJoined").get("self").get("id").asText();
    }

    // ------------------------------------------------------------------ joining

    @Test
    void aTokenJoinsWithTheControlPlanesIdentityAndPermissions() {
        RecordingConnection ann = joined("ann", "host");
        Participant bobRow = participant(meetingId, "bob", "viewer");
        RecordingConnection bob = joinWith(token(bobRow), "bob");

        JsonNode joined = bob.last("roomJoined");
        JsonNode self = joined.get("self");
        assertThat(self.get("id").asText()).isEqualTo(bobRow.id());
        assertThat(self.get("name").asText()).isEqualTo("Name bob");
        assertThat(self.get("picture").asText()).isEqualTo("https://pictures.example/bob");
        assertThat(self.get("customParticipantId").asText()).isEqualTo("bob");
        assertThat(self.get("presetName").asText()).isEqualTo("viewer");
        JsonNode may = self.get("permissions");
        assertThat(may.get("canProduceAudio").asBoolean()).isFalse();
        assertThat(may.get("canProduceVideo").asBoolean()).isFalse();
        assertThat(may.get("canProduceScreenshare").asBoolean()).isFalse();
        assertThat(may.get("canSendChat").asBoolean()).isFalse();
        assertThat(may.get("kickParticipant").asBoolean()).isFalse();
        assertThat(may.get("waitingRoomBypass").asBoolean()).isTrue();
        assertThat(joined.get("participants")).hasSize(1);
        assertThat(joined.get("participants").get(0).get("id").asText()).isEqualTo(selfId(ann));
        assertThat(joined.get("meeting").get("id").asText()).isEqualTo(meetingId);
        assertThat(joined.get("meeting").get("title").asText()).isEqualTo("Weekly sync");
        assertThat(joined.get("meeting").get("sessionId").asText())
                .isEqualTo(live.activeSession(meetingId).orElseThrow().sessionId());
        assertThat(ann.last("roomJoined").get("self").get("permissions").get("kickParticipant").asBoolean()).isTrue();
        assertThat(ann.last("participantJoined").get("participant").get("presetName").asText()).isEqualTo("viewer");
        assertThat(live.isLive(bobRow.id())).isTrue();

        // The SFU refuses what the preset forbids; mediaState names the preset.
        service.received(bob, new ClientMessage.MediaState(true, null, null));
        assertThat(error(bob)).isEqualTo("publish_not_permitted");
        assertThat(bob.last("error").get("message").asText()).contains("\"viewer\"");
    }

    @Test
    void refusalsCarryTheControlPlanesCodesUnchanged() throws Exception {
        assertThat(error(joinWith("not-a-token", "x"))).isEqualTo("token_invalid");
        RecordingConnection numeric = new RecordingConnection("n");
        service.received(numeric, new ClientMessage.Join(JsonNodeFactory.instance.objectNode().put("token", 5)));
        assertThat(error(numeric)).isEqualTo("invalid_request");
        RecordingConnection named = new RecordingConnection("named");
        service.received(named, new ClientMessage.Join(SessionFixtures.join("demo", "Ann")));
        assertThat(error(named)).isEqualTo("open_sessions_disabled");

        Participant deleted = participant(meetingId, "deleted", "host");
        String deletedToken = token(deleted);
        plane.stores().participants().delete(deleted.id());
        assertThat(error(joinWith(deletedToken, "d"))).isEqualTo("participant_deleted");

        preset("doomed", "{}");
        String doomedToken = token(participant(meetingId, "doomed", "doomed"));
        plane.stores().presets().delete(plane.stores().presets().findByName(App.DEFAULT_ID, "doomed").orElseThrow().id());
        RecordingConnection noPreset = joinWith(doomedToken, "p");
        assertThat(error(noPreset)).isEqualTo("preset_not_found");
        assertThat(noPreset.last("error").get("message").asText()).contains("\"doomed\"");

        String closed = meeting("closed");
        String closedToken = token(participant(closed, "c", "host"));
        Meeting m = plane.stores().meetings().find(closed).orElseThrow();
        plane.stores().meetings().update(new Meeting(m.id(), m.appId(), m.title(), MeetingStatus.INACTIVE, false, false,
                false, false, 0, 0, 0));
        assertThat(error(joinWith(closedToken, "i"))).isEqualTo("meeting_inactive");

        String expiring = token(participant(meetingId, "late", "host"));
        clock.advance(Duration.ofHours(24));
        RecordingConnection expired = joinWith(expiring, "e");
        assertThat(error(expired)).isEqualTo("token_expired");
        assertThat(expired.last("error").get("message").asText()).contains("/token");
        assertThat(live.sessionCount()).as("no refusal leaves a claim behind").isZero();
        assertThat(service.participantCount()).isZero();
    }

    @Test
    void aTokenIsLiveInOneSessionAtATimeAndEveryWayOfLeavingFreesIt() {
        Participant ann = participant(meetingId, "ann", "host");
        String token = token(ann);
        RecordingConnection first = joinWith(token, "first");
        first.last("roomJoined");
        RecordingConnection second = joinWith(token, "second");
        assertThat(error(second)).isEqualTo("token_reuse");
        assertThat(error(joinWith(token(ann), "refreshed"))).as("every token of the participant").isEqualTo("token_reuse");

        // leave
        service.received(first, new ClientMessage.Leave());
        assertThat(live.isLive(ann.id())).isFalse();
        // disconnect
        RecordingConnection again = joinWith(token, "again");
        again.last("roomJoined");
        service.disconnected(again);
        assertThat(live.isLive(ann.id())).isFalse();
        // media failure
        RecordingConnection media1 = joinWith(token, "media");
        service.received(media1, new ClientMessage.Offer(SessionFixtures.offerOf(1)));
        media.legOf(ann.id()).listener.onGone(LeaveReason.MEDIA_FAILED, "DTLS failed");
        assertThat(live.isLive(ann.id())).isFalse();
        // kicked by a host
        RecordingConnection host = joined("host", "host");
        RecordingConnection kicked = joinWith(token, "kicked");
        kicked.last("roomJoined");
        service.received(host, new ClientMessage.Kick(ann.id()));
        assertThat(kicked.last("kicked").get("code").asText()).isEqualTo("kicked");
        assertThat(kicked.closed).isTrue();
        assertThat(live.isLive(ann.id())).isFalse();
        // server shutdown
        RecordingConnection last = joinWith(token, "last");
        last.last("roomJoined");
        service.close(Duration.ofSeconds(1));
        assertThat(live.isLive(ann.id())).isFalse();
        assertThat(live.sessionCount()).isZero();
    }

    @Test
    void theHundredAndFirstIsRefusedWithSessionFull() {
        for (int i = 0; i < 100; i++) {
            joined("p" + i, "viewer");
        }
        RecordingConnection extra = joinWith(token(participant(meetingId, "extra", "host")), "extra");
        assertThat(error(extra)).isEqualTo("session_full");
        assertThat(service.participantCount()).isEqualTo(100);
    }

    // ------------------------------------------------------------------ the server's side

    @Test
    void aRestKickReachesTheParticipantAndKickAllEndsTheMeetingForEveryone() {
        RecordingConnection ann = joined("ann", "host");
        RecordingConnection bob = joined("bob", "host");
        RecordingConnection cat = joined("cat", "host");
        live.kick(meetingId, List.of(), List.of("bob"));
        assertThat(bob.last("kicked").get("message").asText()).isEqualTo("you were removed from the meeting");
        assertThat(bob.closed).isTrue();
        assertThat(ann.last("participantLeft").get("participantId").asText()).isEqualTo(selfId(bob));
        assertThat(ann.last("participantLeft").get("reason").asText()).isEqualTo("kicked");

        assertThat(live.kickAll(meetingId)).isEqualTo(2);
        for (RecordingConnection c : List.of(ann, cat)) {
            assertThat(c.last("meetingEnded").get("reason").asText()).isEqualTo("session_ended");
            assertThat(c.closed).isTrue();
        }
        assertThat(ann.all("participantLeft")).hasSize(1);
        assertThat(service.participantCount()).isZero();

        RecordingConnection dan = joined("dan", "host");
        live.endSession(meetingId, ErrorCode.MEETING_INACTIVE, "meeting was set INACTIVE");
        assertThat(dan.last("meetingEnded").get("reason").asText()).isEqualTo("meeting_inactive");
        RecordingConnection eve = joined("eve", "host");
        clock.advance(Duration.ofHours(24));
        live.endSessionsOverDuration();
        assertThat(eve.last("meetingEnded").get("reason").asText()).isEqualTo("meeting_duration_exceeded");
    }

    // ------------------------------------------------------------------ chat

    @Test
    void chatIsStoredDeliveredToEveryoneAndReplayedToLateJoinersUnderTheRules() {
        RecordingConnection ann = joined("ann", "host");
        RecordingConnection viewer = joined("vic", "viewer");
        service.received(ann, new ClientMessage.Chat("hello"));
        for (RecordingConnection c : List.of(ann, viewer)) {
            JsonNode m = c.last("chatUpdate").get("message");
            assertThat(m.get("text").asText()).isEqualTo("hello");
            assertThat(m.get("participantId").asText()).isEqualTo(selfId(ann));
            assertThat(m.get("displayName").asText()).isEqualTo("Name ann");
            assertThat(m.get("time").asText()).endsWith("Z");
        }
        service.received(ann, new ClientMessage.Chat("x".repeat(4001)));
        assertThat(error(ann)).isEqualTo("chat_message_too_long");
        service.received(ann, new ClientMessage.Chat("x".repeat(4000)));
        assertThat(ann.last("chatUpdate").get("message").get("text").asText()).hasSize(4000);
        service.received(ann, new ClientMessage.Chat("  "));
        assertThat(error(ann)).isEqualTo("chat_message_empty");
        service.received(viewer, new ClientMessage.Chat("may I?"));
        assertThat(error(viewer)).isEqualTo("chat_not_permitted");

        RecordingConnection late = joined("late", "host");
        assertThat(late.last("roomJoined").get("chat")).extracting(m -> m.get("text").asText().length())
                .containsExactly(5, 4000);
        for (int i = 2; i < 180; i++) {
            service.received(ann, new ClientMessage.Chat("n" + i));
        }
        assertThat(ann.all("chatUpdate")).hasSize(180);
        service.received(ann, new ClientMessage.Chat("one too many"));
        assertThat(error(ann)).isEqualTo("chat_rate_limited");
        assertThat(late.all("chatUpdate")).hasSize(178);
    }
}
