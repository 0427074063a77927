package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.core.media.fanout.FanoutCounter;
import io.edgeway.core.media.port.MediaPortCounter;
import io.edgeway.turn.core.TurnCounters;
import io.edgeway.turn.core.TransportProtocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Issue #14, test 1: a process with two media loops runs two meetings of headless Chromium pages at once
 * (src/test/js/loops-meeting.mjs on the server's demo page), and they land on different loops, each
 * forwarding its meeting's audio and video. Each meeting has a page with a direct UDP path and one with a
 * path of its own:
 * <ul>
 *   <li>meeting {@code loops-a}: Ben's page is given none of the server's UDP candidates (as a network that
 *       blocks UDP leaves it), so its media takes ICE-TCP to the one ICE-TCP port, whose router must hand
 *       the connection to the loop of Ben's meeting;</li>
 *   <li>meeting {@code loops-b}: Dee's page may use only relayed candidates of Edgeway's own TURN server over
 *       TCP, and the relay reaches the SFU at the UDP port of that meeting's loop, which its candidates
 *       name.</li>
 * </ul>
 * A page on the wrong loop would get no media at all: the other loop's ICE responder does not know its
 * session. The figures are printed as LOOPS-STATS and LOOPS-TRANSPORT lines (see {@link ChromiumMeetingRun}),
 * then LOOPS-SHARD lines with what each loop forwarded.
 */
class MediaLoopsChromiumIT {

    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    @Test
    void twoMeetingsRunOnTwoLoopsWithIceTcpAndTurnTcpParticipants() throws Exception {
        try (LoopsRun run = new LoopsRun()) {
            ObjectNode a = ChromiumMeetingRun.JSON.createObjectNode()
                    .put("baseUrl", run.baseUrl())
                    .put("stepTimeoutMs", STEP_TIMEOUT.toMillis())
                    .put("sampleGapMs", SfuMeetingRun.SAMPLE_GAP.toMillis());
            ArrayNode pages = a.putArray("pages");
            pages.addObject().put("name", "Ann").put("meeting", "loops-a");
            pages.addObject().put("name", "Ben").put("meeting", "loops-a").put("tcpOnly", true);
            pages.addObject().put("name", "Cy").put("meeting", "loops-b");
            pages.addObject().put("name", "Dee").put("meeting", "loops-b").put("query", "&relay=1&turn=tcp");
            run.runScript("loops-meeting.mjs", a, RUN_TIMEOUT);
            run.writeStats("LOOPS-STATS", "LOOPS-TRANSPORT", List.of("joined"));
            run.assertEveryStepCompleted();
            String why = run.why();

            SoftAssertions soft = new SoftAssertions();
            Map<String, String> names = run.namesById();
            for (JsonNode page : run.result().path("pages")) {
                soft.assertThat(page.path("errors").size()).as("server errors at %s: %s", page.path("name"), why).isZero();
                for (JsonNode other : run.result().path("pages")) {
                    if (other != page && other.path("meeting").equals(page.path("meeting"))) {
                        String from = other.path("id").asText();
                        run.increased(soft, page, "joined", from, names.get(from));
                    }
                }
            }
            JsonNode ben = run.page("Ben").path("transport");
            soft.assertThat(ben.path("remoteProtocol").asText()).as("Ben's media over ICE-TCP: %s", ben).isEqualTo("tcp");
            // Ben's end is an active TCP candidate; Chromium reports it as peer-reflexive (the server learnt it).
            soft.assertThat(ben.path("localProtocol").asText()).as("Ben's own end over TCP: %s", ben).isEqualTo("tcp");
            soft.assertThat(ben.path("localType").asText()).as("Ben not relayed: %s", ben).isNotEqualTo("relay");
            JsonNode dee = run.page("Dee").path("transport");
            soft.assertThat(dee.path("localType").asText()).as("Dee relayed: %s", dee).isEqualTo("relay");
            soft.assertThat(dee.path("relayProtocol").asText()).as("Dee relayed over TCP: %s", dee).isEqualTo("tcp");
            soft.assertThat(dee.path("remoteProtocol").asText()).as("the relay sends UDP to the SFU: %s", dee)
                    .isEqualTo("udp");
            soft.assertThat(run.process().turn().relayedPackets(TurnCounters.Direction.TO_PEER, TransportProtocol.TCP))
                    .as("media went through TURN over TCP").isPositive();

            // Each meeting ran on its own loop: both loops forwarded media, and the ICE-TCP frames (Ben's, of
            // loops-a) reached one loop only; the other loop's media came over UDP, Dee's through the relay.
            List<MediaShard> shards = run.process().media().shards();
            soft.assertThat(shards).as("media loops").hasSize(2);
            List<Long> iceTcpMedia = new ArrayList<>();
            for (MediaShard shard : shards) {
                long forwarded = shard.plane().count(FanoutCounter.RTP_FORWARDED);
                long tcp = shard.iceTcp.count(MediaPortCounter.MEDIA_DELIVERED);
                long udp = shard.port.count(MediaPortCounter.MEDIA_DELIVERED);
                System.out.printf("LOOPS-SHARD run=%s loop=%d rtpForwarded=%d udpMedia=%d iceTcpMedia=%d%n", run.run,
                        shard.loop, forwarded, udp, tcp);
                soft.assertThat(forwarded).as("RTP forwarded on %s: %s", shard, why).isPositive();
                soft.assertThat(udp).as("UDP media on %s", shard).isPositive();
                iceTcpMedia.add(tcp);
            }
            soft.assertThat(iceTcpMedia).as("ICE-TCP media per loop: on the loop of Ben's meeting alone")
                    .containsOnlyOnce(0L).anySatisfy(n -> assertThat(n).isPositive());
            soft.assertAll();
        }
    }

    /** A real process on loopback with two event loops, both media loops, ICE-TCP on; the SFU runs' settings. */
    private static final class LoopsRun extends ChromiumMeetingRun {

        LoopsRun() throws Exception {
            super("loops", "two-meetings", 1, serverArgs());
        }

        private static String[] serverArgs() {
            List<String> args = new ArrayList<>(List.of(SfuMeetingRun.SERVER_ARGS));
            args.addAll(List.of("--event-loop-threads", "2", "--media-loops", "2"));
            return args.toArray(String[]::new);
        }
    }
}
