package io.edgeway.signaling.session;

import static io.edgeway.signaling.session.SessionFixtures.offerOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeway.core.time.ManualClock;
import io.edgeway.signaling.model.Permissions;
import io.edgeway.signaling.model.Permissions.WaitingRoom;
import io.edgeway.signaling.session.SessionFixtures.CountingSeat;
import io.edgeway.signaling.session.SessionFixtures.RecordingConnection;
import io.edgeway.signaling.session.SessionFixtures.RecordingMediaPlane;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The preset settings the session layer enforces beyond publishing and chat, without sockets or a database: the
 * waiting room (wait, admit, reject, leave while waiting, SKIP_ON_ACCEPT, who may decide and what a waiting
 * participant may not do), pinning, a host turning others' media off, hidden participants, and private chat.
 */
class ModerationTest {

    private static final Permissions MEMBER = Permissions.of(true, true, true, true, false, false, false);
    private static final Permissions HOST = MEMBER.withWaitingRoom(WaitingRoom.SKIP, true).withModeration(true, true, true)
            .withPrivateChat(true, true);
    private static final Permissions GUEST = MEMBER.withWaitingRoom(WaitingRoom.ON_PRIVILEGED_USER_ENTRY, false)
            .withPrivateChat(false, true);
    private static final Permissions REGULAR = MEMBER.withWaitingRoom(WaitingRoom.SKIP_ON_ACCEPT, false);
    private static final Permissions OBSERVER = MEMBER.withHidden(true).withPrivateChat(true, true);

    private final Map<String, Permissions> presets = Map.of("host", HOST, "guest", GUEST, "member", MEMBER,
            "regular", REGULAR, "observer", OBSERVER);
    private final Map<String, CountingSeat> seats = new HashMap<>();
    private final RecordingMediaPlane media = new RecordingMediaPlane();
    private final SignalingService service = new SignalingService(Runnable::run, media, this::admit, new ManualClock(),
            new Random(3));

    private CompletableFuture<JoinDecision> admit(JsonNode join) {
        String name = join.get("name").asText();
        String preset = join.get("preset").asText();
        CountingSeat seat = new CountingSeat("test", "s1");
        seats.put(name, seat);
        return CompletableFuture.completedFuture(JoinDecision.admit(new ParticipantIdentity(name, "Name " + name, "m1",
                "Weekly", null, "user-" + name, preset, presets.get(preset)), seat));
    }

    private RecordingConnection connect(String name, String preset) {
        return SessionFixtures.connectWithPreset(service, name, preset);
    }

    private RecordingConnection join(String name, String preset) {
        return SessionFixtures.joinWithPreset(service, name, preset);
    }

    private static String lastError(RecordingConnection c) {
        return c.last("error").get("code").asText();
    }

    // ------------------------------------------------------------------------------------------------
    // The waiting room

    @Test
    void aGuestWaitsUntilAHostLetsItInAndOnlyHostsHearOfIt() {
        RecordingConnection host = join("host", "host");
        RecordingConnection member = join("mia", "member");
        RecordingConnection guest = connect("gus", "guest");

        assertThat(guest.types()).containsExactly("waitlisted");
        assertThat(guest.last("waitlisted").get("self").get("permissions").get("waitingRoomType").asText())
                .isEqualTo("ON_PRIVILEGED_USER_ENTRY");
        assertThat(host.last("waitlistedParticipantJoined").get("participant").get("id").asText()).isEqualTo("gus");
        assertThat(member.types()).doesNotContain("waitlistedParticipantJoined", "participantJoined");
        assertThat(service.participantCount()).isEqualTo(3);

        service.received(guest, new ClientMessage.Chat("let me in"));
        assertThat(lastError(guest)).isEqualTo("waitlisted");
        service.received(guest, new ClientMessage.Offer(offerOf(0)));
        assertThat(lastError(guest)).isEqualTo("waitlisted");
        assertThat(media.legs).isEmpty();
        service.received(member, new ClientMessage.WaitingRoomDecision(true, List.of("gus")));
        assertThat(lastError(member)).isEqualTo("waiting_room_not_permitted");
        service.received(host, new ClientMessage.WaitingRoomDecision(true, List.of("nobody")));
        assertThat(lastError(host)).isEqualTo("participant_not_found");

        service.received(host, new ClientMessage.WaitingRoomDecision(true, List.of("gus")));
        JsonNode joined = guest.last("roomJoined");
        assertThat(joined.get("participants").findValuesAsText("id")).containsExactly("host", "mia");
        assertThat(member.last("participantJoined").get("participant").get("id").asText()).isEqualTo("gus");
        JsonNode left = host.last("waitlistedParticipantLeft");
        assertThat(left.get("participantId").asText()).isEqualTo("gus");
        assertThat(left.get("reason").asText()).isEqualTo("accepted");
        service.received(guest, new ClientMessage.Chat("thanks"));
        assertThat(guest.types()).contains("chatUpdate");
    }

    @Test
    void aRejectedGuestIsToldAndClosedAndItsSeatGoesBack() {
        RecordingConnection host = join("host", "host");
        RecordingConnection guest = connect("gus", "guest");
        service.received(host, new ClientMessage.WaitingRoomDecision(false, List.of("gus")));

        assertThat(guest.last("waitlistRejected").get("code").asText()).isEqualTo("waitlist_rejected");
        assertThat(guest.closed).isTrue();
        assertThat(guest.types()).doesNotContain("roomJoined");
        assertThat(seats.get("gus").releases).isEqualTo(1);
        assertThat(host.last("waitlistedParticipantLeft").get("reason").asText()).isEqualTo("rejected");
        assertThat(host.types()).doesNotContain("participantJoined", "participantLeft");
        assertThat(service.participantCount()).isEqualTo(1);
    }

    @Test
    void aHostArrivingLaterFindsThoseWaitingAndAGuestThatLeavesStopsWaiting() {
        RecordingConnection first = connect("gus", "guest");
        RecordingConnection second = connect("gil", "guest");
        assertThat(service.meetingCount()).as("waiting alone keeps the meeting").isEqualTo(1);
        RecordingConnection host = join("host", "host");
        assertThat(host.last("roomJoined").get("waitlisted").findValuesAsText("id")).containsExactly("gus", "gil");
        RecordingConnection member = join("mia", "member");
        assertThat(member.last("roomJoined").get("waitlisted")).isEmpty();

        service.received(first, new ClientMessage.Leave());
        assertThat(host.last("waitlistedParticipantLeft").get("reason").asText()).isEqualTo("left");
        assertThat(seats.get("gus").releases).isEqualTo(1);
        service.disconnected(second);
        assertThat(host.last("waitlistedParticipantLeft").get("reason").asText()).isEqualTo("disconnected");
        assertThat(seats.get("gil").releases).isEqualTo(1);
        assertThat(member.types()).doesNotContain("participantLeft");
    }

    @Test
    void acceptingSeveralLetsThemInInTheOrderNamedAndSkipOnAcceptRemembersTheAdmission() {
        RecordingConnection host = join("host", "host");
        RecordingConnection a = connect("rae", "regular");
        RecordingConnection b = connect("gus", "guest");
        service.received(host, new ClientMessage.WaitingRoomDecision(true, List.of("gus", "rae")));
        assertThat(host.all("participantJoined")).extracting(m -> m.get("participant").get("id").asText())
                .containsExactly("gus", "rae");
        a.last("roomJoined");
        b.last("roomJoined");

        service.received(a, new ClientMessage.Leave());
        RecordingConnection again = connect("rae", "regular");
        again.last("roomJoined");
        assertThat(again.types()).doesNotContain("waitlisted");
        service.received(b, new ClientMessage.Leave());
        RecordingConnection gusAgain = connect("gus", "guest");
        assertThat(gusAgain.types()).as("ON_PRIVILEGED_USER_ENTRY waits at every join").containsExactly("waitlisted");
    }

    @Test
    void theSessionEndingReachesThoseWaitingToo() {
        join("host", "host");
        RecordingConnection guest = connect("gus", "guest");
        seats.get("gus").removals.removed(io.edgeway.signaling.http.ErrorCode.SESSION_ENDED, "ended");
        assertThat(guest.last("meetingEnded").get("reason").asText()).isEqualTo("session_ended");
        assertThat(guest.closed).isTrue();
        assertThat(seats.get("gus").releases).isEqualTo(1);
    }

    // ------------------------------------------------------------------------------------------------
    // Pinning, host mute

    @Test
    void aHostPinsAndUnpinsAndEveryoneHearsIt() {
        RecordingConnection host = join("host", "host");
        RecordingConnection mia = join("mia", "member");
        service.received(mia, new ClientMessage.Pin(true, "host"));
        assertThat(lastError(mia)).isEqualTo("pin_not_permitted");
        service.received(host, new ClientMessage.Pin(true, "mia"));
        assertThat(mia.last("pinned").get("participantId").asText()).isEqualTo("mia");
        assertThat(host.last("pinned").get("by").asText()).isEqualTo("host");
        assertThat(service.pins("test", "m1").pinnedIds()).containsExactly("mia");
        RecordingConnection late = join("lee", "member");
        JsonNode others = late.last("roomJoined").get("participants");
        assertThat(others.get(1).get("isPinned").asBoolean()).as("mia, pinned, as a joiner sees her").isTrue();
        service.received(host, new ClientMessage.Pin(false, "mia"));
        assertThat(late.last("unpinned").get("participantId").asText()).isEqualTo("mia");
        assertThat(service.pins("test", "m1").pinnedIds()).isEmpty();
        service.received(host, new ClientMessage.Pin(true, "lee"));
        service.received(late, new ClientMessage.Leave());
        assertThat(service.pins("test", "m1").pinnedIds()).as("who leaves is unpinned").isEmpty();
    }

    @Test
    void aHostTurnsOthersMediaOffAndTheyMayTurnItOnAgain() {
        RecordingConnection host = join("host", "host");
        RecordingConnection mia = join("mia", "member");
        RecordingConnection lee = join("lee", "member");
        service.received(mia, new ClientMessage.MediaState(true, true, null));
        service.received(lee, new ClientMessage.MediaState(true, null, null));
        service.received(lee, new ClientMessage.DisableMedia(true, "mia"));
        assertThat(lastError(lee)).isEqualTo("disable_not_permitted");

        service.received(host, new ClientMessage.DisableMedia(true, "mia"));
        JsonNode off = mia.last("audioUpdate");
        assertThat(off.get("participantId").asText()).isEqualTo("mia");
        assertThat(off.get("audioEnabled").asBoolean()).isFalse();
        assertThat(lee.last("audioUpdate").get("participantId").asText()).isEqualTo("mia");
        service.received(host, new ClientMessage.DisableMedia(false, null));
        assertThat(mia.last("videoUpdate").get("videoEnabled").asBoolean()).isFalse();
        service.received(host, new ClientMessage.DisableMedia(true, null));
        assertThat(host.all("audioUpdate")).extracting(m -> m.get("participantId").asText() + "=" + m.get("audioEnabled"))
                .endsWith("lee=false");
        service.received(mia, new ClientMessage.MediaState(true, null, null));
        assertThat(lee.last("audioUpdate").get("audioEnabled").asBoolean()).isTrue();
        service.received(host, new ClientMessage.DisableMedia(true, "host"));
        assertThat(lastError(host)).isEqualTo("invalid_request");
    }

    // ------------------------------------------------------------------------------------------------
    // Hidden participants, private chat

    @Test
    void aHiddenParticipantSeesEveryoneIsSeenByNobodyAndPublishesNothing() {
        RecordingConnection host = join("host", "host");
        RecordingConnection eve = join("eve", "observer");
        assertThat(eve.last("roomJoined").get("participants").findValuesAsText("id")).containsExactly("host");
        assertThat(eve.last("roomJoined").get("self").get("permissions").get("canProduceAudio").asBoolean()).isFalse();
        assertThat(host.types()).doesNotContain("participantJoined");
        RecordingConnection late = join("lee", "member");
        assertThat(late.last("roomJoined").get("participants").findValuesAsText("id")).containsExactly("host");
        assertThat(eve.last("participantJoined").get("participant").get("id").asText()).isEqualTo("lee");

        service.received(eve, new ClientMessage.MediaState(true, null, null));
        assertThat(lastError(eve)).isEqualTo("publish_not_permitted");
        service.received(eve, new ClientMessage.MediaState(false, null, null));
        assertThat(host.types()).doesNotContain("audioUpdate");
        service.received(eve, new ClientMessage.Offer(offerOf(0)));
        assertThat(media.legOf("eve").published).as("a hidden participant's sections are answered inactive").isEmpty();
        service.received(host, new ClientMessage.Pin(true, "eve"));
        assertThat(lastError(host)).as("nobody can pin whom they cannot see").isEqualTo("participant_not_found");
        service.received(eve, new ClientMessage.Leave());
        assertThat(host.types()).doesNotContain("participantLeft");
    }

    @Test
    void privateMessagesGoToTheirRecipientsAloneAndAreNotStored() {
        RecordingConnection host = join("host", "host");
        RecordingConnection mia = join("mia", "member");
        RecordingConnection lee = join("lee", "member");
        service.received(host, new ClientMessage.Chat("just you", List.of("mia")));
        assertThat(lastError(host)).as("mia's preset does not receive private messages").isEqualTo("chat_not_permitted");
        service.received(mia, new ClientMessage.Chat("psst", List.of("host")));
        assertThat(lastError(mia)).as("mia's preset does not send them").isEqualTo("chat_not_permitted");

        RecordingConnection eve = join("eve", "observer");
        service.received(host, new ClientMessage.Chat("for eve", List.of("eve")));
        JsonNode got = eve.last("chatUpdate").get("message");
        assertThat(got.get("text").asText()).isEqualTo("for eve");
        assertThat(got.get("targetUserIds").get(0).asText()).isEqualTo("eve");
        assertThat(host.last("chatUpdate").get("message").get("text").asText()).isEqualTo("for eve");
        assertThat(mia.types()).doesNotContain("chatUpdate");
        assertThat(lee.types()).doesNotContain("chatUpdate");
        assertThat(seats.get("host").privateSent).containsExactly("for eve");
        assertThat(seats.get("host").sent).as("not stored as chat").isEmpty();
        service.received(host, new ClientMessage.Chat("to nobody", List.of("zed")));
        assertThat(lastError(host)).isEqualTo("participant_not_found");
    }
}
