package io.edgeway.signaling.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Issue #15, test 3: the waiting room in headless Chromium on a real process. Over REST the test makes a
 * {@code host} preset (accept_waiting_requests, waiting room SKIP) and a {@code guest} preset
 * ({@code waiting_room_type} ON_PRIVILEGED_USER_ENTRY), a meeting, host Hana and guests Gus and Gil; each opens
 * the demo page with its token ({@code waiting-room.mjs}):
 * <ul>
 *   <li>both guests wait: their SDK says {@code roomState} waitlisted, still after two seconds, with no media and
 *       nobody in the meeting but the host, whose page lists both in {@code participants.waitlisted};
 *   <li>Hana clicks Admit for Gus: he joins ({@code waitlistStatus} accepted) and media flows both ways;
 *   <li>Hana clicks Reject for Gil: his page ends with {@code roomLeft} rejected ({@code waitlist_rejected}), he
 *       never appears in the meeting, and nobody waits any more.
 * </ul>
 * About 20 s; each browser step is bounded by {@link SdkMeetingRun#STEP_TIMEOUT}.
 */
class WaitingRoomChromiumIT {

    @Test
    void guestsWaitAHostAdmitsOneAndRejectsTheOther() throws Exception {
        try (SdkMeetingRun run = SdkMeetingRun.start("waiting-room")) {
            run.rest.hostPreset("host");
            ObjectNode guest = SdkMeetingRun.object().put("name", "guest");
            guest.putObject("permissions").put("waiting_room_type", "ON_PRIVILEGED_USER_ENTRY");
            run.rest.create("/v1/presets", guest);
            String meetingId = run.rest.meeting("Waiting room").path("id").asText();
            ObjectNode args = SdkMeetingRun.object()
                    .put("baseUrl", run.rest.base)
                    .put("stepTimeoutMs", SdkMeetingRun.STEP_TIMEOUT.toMillis())
                    .put("waitMs", 2000);
            args.set("host", run.rest.participant(meetingId, "Hana", "host"));
            args.set("admitted", run.rest.participant(meetingId, "Gus", "guest"));
            args.set("rejected", run.rest.participant(meetingId, "Gil", "guest"));

            JsonNode result = run.runScript("waiting-room.mjs", args, Duration.ofSeconds(60));
            System.out.println("WAITING-ROOM " + result);
            String why = result.toPrettyString();
            SoftAssertions soft = new SoftAssertions();
            soft.assertThat(result.path("failed").isNull()).as("a browser step failed: %s", why).isTrue();
            JsonNode hana = page(result, "Hana");
            JsonNode gus = page(result, "Gus");
            JsonNode gil = page(result, "Gil");
            String gusId = gus.path("id").asText();
            String gilId = gil.path("id").asText();

            for (JsonNode g : new JsonNode[] {gus, gil}) {
                soft.assertThat(g.path("waited").path("roomState").asText()).as("%s waits: %s", g.path("name"), why)
                        .isEqualTo("waitlisted");
                soft.assertThat(g.path("waited").path("waitlistStatus").asText()).isEqualTo("waiting");
                soft.assertThat(g.path("statsWhileWaiting").size()).as("no media while waiting").isZero();
            }
            soft.assertThat(hana.path("waitlistedAtHost")).extracting(JsonNode::asText).containsExactlyInAnyOrder(gusId, gilId);
            soft.assertThat(hana.path("joinedWhileWaiting")).as("nobody in but the host").isEmpty();

            soft.assertThat(gus.path("phase").asText()).isEqualTo("joined");
            soft.assertThat(gus.path("waitlistStatus").asText()).isEqualTo("accepted");
            soft.assertThat(gus.path("joinedIds")).extracting(JsonNode::asText).containsExactly(hana.path("id").asText());
            soft.assertThat(hana.path("samples").path(gusId).path("videoFramesDecoded").asLong()).as("video from Gus")
                    .isPositive();
            soft.assertThat(gus.path("samples").path(hana.path("id").asText()).path("audioPacketsReceived").asLong())
                    .as("audio from Hana").isPositive();

            soft.assertThat(gil.path("phase").asText()).as("Gil rejected: %s", why).isEqualTo("rejected");
            soft.assertThat(gil.path("roomState").asText()).isEqualTo("rejected");
            soft.assertThat(gil.path("errors")).extracting(JsonNode::asText).contains("waitlist_rejected");
            soft.assertThat(hana.path("joinedAfter")).extracting(JsonNode::asText).containsExactly(gusId);
            soft.assertThat(gus.path("joinedAfter")).extracting(JsonNode::asText).doesNotContain(gilId);
            soft.assertThat(hana.path("lobbyHidden").asBoolean()).as("the host's waiting list closes").isTrue();
            for (JsonNode p : new JsonNode[] {hana, gus}) {
                soft.assertThat(p.path("errors")).as("server errors at %s", p.path("name")).isEmpty();
            }
            soft.assertAll();
        }
    }

    private static JsonNode page(JsonNode result, String name) {
        for (JsonNode page : result.path("pages")) {
            if (page.path("name").asText().equals(name)) {
                return page;
            }
        }
        throw new AssertionError("no page for " + name + ": " + result);
    }
}
