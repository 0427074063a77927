package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.core.media.fanout.FanoutCounter;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Issue #5, test 3: an app's whole path on a real process. Over REST the test creates a {@code host}
 * preset (every permission), a view-only {@code viewer} preset (no audio, video or screen share, and no
 * chat), a meeting, and participants Ann and Ben (host) and Vic (viewer). Headless Chromium pages join
 * with those tokens through Edgeway's browser SDK (the demo page at {@code /?authToken=}):
 * <ul>
 *   <li>Ann and Ben each see the other ({@code participants.joined.size() === 1}: self is not in it) and
 *       receive the other's audio and decoded video, more in a second getStats sample than in the first;
 *   <li>Ann's chat message reaches Ben's {@code chatUpdate} with her name, and her 4001-character one is
 *       refused with {@code chat_message_too_long};
 *   <li>Ben's {@code disableAudio()} reaches Ann as {@code audioUpdate} with {@code audioEnabled} false,
 *       his {@code enableAudio()} as true, and his audio flows again afterwards;
 *   <li>Vic joins: everyone has {@code joined.size() === 2}; Vic receives both hosts' media, but his
 *       {@code enableAudio()} and {@code enableVideo()} reject with {@code publish_not_permitted} and his
 *       chat with {@code chat_not_permitted}; no host receives any track from him.
 * </ul>
 * See {@link SdkMeetingRun} for the bounds and the RTK-STATS lines.
 */
class SdkMeetingChromiumIT {

    @Test
    void hostsMeetChatMuteAndAViewerOnlyReceives() throws Exception {
        try (SdkMeetingRun run = SdkMeetingRun.start("meeting")) {
            SdkMeetingRun.HostsMeeting meeting = run.rest.hostsMeeting("SDK meeting");
            String meetingId = meeting.id();
            run.rest.viewerPreset("viewer");
            ObjectNode vic = run.rest.participant(meetingId, "Vic", "viewer");

            run.browse("meeting", meeting.hosts(), vic, null);
            String why = run.why();
            run.assertEveryStepCompleted();
            JsonNode a = run.page("Ann");
            JsonNode b = run.page("Ben");
            JsonNode v = run.page("Vic");
            SoftAssertions soft = new SoftAssertions();

            // Who everyone is, from roomJoined.
            for (JsonNode page : List.of(a, b, v)) {
                String name = page.path("name").asText();
                soft.assertThat(page.path("errors").size()).as("unexpected server errors at %s: %s", name, why).isZero();
                soft.assertThat(page.path("meta").path("meetingId").asText()).as("meetingId at %s", name).isEqualTo(meetingId);
                soft.assertThat(page.path("meta").path("meetingTitle").asText()).isEqualTo("SDK meeting");
                soft.assertThat(page.path("self").path("name").asText()).isEqualTo(name);
                soft.assertThat(page.path("self").path("customParticipantId").asText())
                        .isEqualTo(SdkMeetingRun.Rest.customId(name));
            }
            soft.assertThat(a.path("self").path("presetName").asText()).isEqualTo("host");
            soft.assertThat(a.path("self").path("permissions").path("canProduceVideo").asBoolean()).isTrue();
            soft.assertThat(v.path("self").path("presetName").asText()).isEqualTo("viewer");
            for (String permission : List.of("canProduceAudio", "canProduceVideo", "canProduceScreenshare", "canSendChat")) {
                soft.assertThat(v.path("self").path("permissions").path(permission).asBoolean(true))
                        .as("viewer's %s", permission).isFalse();
            }

            // Two hosts: each sees the other, not itself.
            soft.assertThat(a.path("sizes").path("hostsJoined").asInt()).as("Ann's joined.size()").isEqualTo(1);
            soft.assertThat(b.path("sizes").path("hostsJoined").asInt()).as("Ben's joined.size()").isEqualTo(1);
            run.increased(soft, a, "joined", b);
            run.increased(soft, b, "joined", a);

            // Chat.
            soft.assertThat(a.path("chatSend").path("ok").asBoolean()).as("Ann's chat: %s", a.path("chatSend")).isTrue();
            soft.assertThat(b.path("chatReceived").path("message").asText()).isEqualTo("hello from Ann");
            soft.assertThat(b.path("chatReceived").path("displayName").asText()).isEqualTo("Ann");
            soft.assertThat(b.path("chatReceived").path("participantId").asText()).isEqualTo(a.path("id").asText());
            soft.assertThat(a.path("chatRefusal").path("code").asText()).as("4001 characters: %s", a.path("chatRefusal"))
                    .isEqualTo("chat_message_too_long");

            // Ben mutes and unmutes; Ann sees both, in order; his audio flows again.
            soft.assertThat(b.path("disableAudio").path("ok").asBoolean()).as("%s", b.path("disableAudio")).isTrue();
            soft.assertThat(b.path("enableAudio").path("ok").asBoolean()).as("%s", b.path("enableAudio")).isTrue();
            soft.assertThat(b.path("selfAfterDisable").path("audioEnabled").asBoolean(true)).isFalse();
            String benId = b.path("id").asText();
            soft.assertThat(a.path("events").toString()).as("audioUpdate events at Ann")
                    .contains("{\"event\":\"audioUpdate\",\"participantId\":\"" + benId + "\",\"audioEnabled\":false}")
                    .containsSubsequence("\"audioEnabled\":false", "\"audioEnabled\":true");
            run.increased(soft, a, "unmuted", b);
            run.increased(soft, b, "unmuted", a);

            // Vic, view-only: joins, receives, cannot publish or chat, and nobody receives anything from him.
            for (JsonNode page : List.of(a, b, v)) {
                soft.assertThat(page.path("sizes").path("viewerJoined").asInt()).as("joined.size() at %s with Vic",
                        page.path("name")).isEqualTo(2);
            }
            run.increased(soft, v, "viewer", a);
            run.increased(soft, v, "viewer", b);
            run.increased(soft, a, "viewer", b);
            run.increased(soft, b, "viewer", a);
            soft.assertThat(v.path("publishRefusals").path("audio").path("code").asText())
                    .as("Vic's enableAudio: %s", v.path("publishRefusals")).isEqualTo("publish_not_permitted");
            soft.assertThat(v.path("publishRefusals").path("video").path("code").asText()).isEqualTo("publish_not_permitted");
            soft.assertThat(v.path("chatRefusal").path("code").asText()).isEqualTo("chat_not_permitted");
            soft.assertThat(v.path("selfAfterRefusals").path("audioEnabled").asBoolean(true)).isFalse();
            soft.assertThat(v.path("selfAfterRefusals").path("videoEnabled").asBoolean(true)).isFalse();
            String vicId = v.path("id").asText();
            for (JsonNode host : List.of(a, b)) {
                String name = host.path("name").asText();
                soft.assertThat(host.path("samples").path("viewer2").has(vicId)).as("media from Vic at %s", name).isFalse();
                JsonNode seen = host.path("viewerSeen");
                soft.assertThat(seen.path("presetName").asText()).as("Vic as %s sees him: %s", name, seen).isEqualTo("viewer");
                soft.assertThat(seen.path("audioTrack").asBoolean(true)).as("a track from Vic at %s", name).isFalse();
                soft.assertThat(seen.path("videoTrack").asBoolean(true)).as("a track from Vic at %s", name).isFalse();
                soft.assertThat(seen.path("audioEnabled").asBoolean(true)).isFalse();
            }
            soft.assertThat(run.process().media().count(FanoutCounter.RTP_FORWARDED)).as("server forwarded RTP")
                    .isPositive();
            soft.assertAll();
        }
    }
}
