package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.turn.interop.ExternalProcess;
import io.edgeway.turn.interop.RealPeers;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Issue #13, test 3: the on-stage video and the forwarded audio follow the speaker within
 * {@link #FOLLOW_BOUND}. Ann and Ben publish their 1280x720 fake cameras (three simulcast layers) and a
 * microphone that plays {@link #speechRecording}: {@value #SPEECH_SECONDS} s of speech-like tone bursts
 * (syllables of a voiced, gliding tone with harmonics) then silence, looped every {@value #PERIOD_SECONDS}
 * s from the page's own capture start. Ben joins {@link #SECOND_JOINS_AFTER} after Ann begins to speak, so
 * they take turns with about a second of silence between: Ann, Ben, Ann, Ben. Leo, a viewer, joins first
 * and shows the server's default view (the dominant speaker on a 720 px stage, the others as 180 px
 * thumbnails).
 *
 * <p>Each turn change is timed from the moment the new speaker's microphone level rises (its own
 * getStats) to what Leo's page saw: its audio heard (an audio slot naming it, by {@code slotsUpdate},
 * receiving packets at a level), its video taking the stage (the slot carrying it decoding, by getStats, a
 * layer larger than the {@value #THUMBNAIL_HEIGHT}p thumbnail it was before; and the {@code slotsUpdate}
 * saying so), and {@code activeSpeaker}.
 * Judged: every change after both have spoken once (on a speaker's first turn its media has only just
 * started), both the audio and the stage within the bound. Figures, on stdout and in
 * {@code target/interop/slots/speaker-change-*}{@code /stats.txt}:
 * <pre>
 * SPEAKER-SPEECH run= page=&lt;name&gt; turns=&lt;on&gt;-&lt;off&gt;,... (seconds from Ann's first word)
 * SPEAKER-CHANGE run= to=&lt;name&gt; at=&lt;s&gt; silenceBefore=&lt;ms&gt; judged=true|false audioHeardMs= stageDecodedMs= stageSlotMs= activeSpeakerMs= height=&lt;before&gt;-&gt;&lt;after&gt;
 * SFU-COUNTERS run= {...}
 * </pre>
 * The run takes about 35 s: joins, then two turns each.
 */
class SpeakerChangeChromiumIT {

    static final Duration FOLLOW_BOUND = Duration.ofSeconds(1);
    static final int SPEECH_SECONDS = 3;
    static final int PERIOD_SECONDS = 10;
    static final Duration SECOND_JOINS_AFTER = Duration.ofSeconds(4);
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(25);
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(100);
    static final int SAMPLE_PERIOD_MILLIS = 50;
    /** The server's default thumbnail tile: the camera's quarter layer (320x180) fills it; the stage's is larger. */
    static final int THUMBNAIL_HEIGHT = 180;

    @Test
    void theStageAndTheAudioFollowTheSpeakerWithinASecond() throws Exception {
        try (SlotMeetingRun run = SlotMeetingRun.start("speaker-change", InetAddress.getLoopbackAddress(), "Turns")) {
            Path speech = speechRecording(run.workDir().resolve("speech.wav"));
            ObjectNode a = SlotMeetingRun.JSON.createObjectNode()
                    .put("baseUrl", run.baseUrl())
                    .put("secondJoinsAfterMs", SECOND_JOINS_AFTER.toMillis())
                    .put("afterLastTurnMs", 2500)
                    .put("samplePeriodMs", SAMPLE_PERIOD_MILLIS)
                    .put("thumbnailHeight", THUMBNAIL_HEIGHT)
                    .put("stepTimeoutMs", STEP_TIMEOUT.toMillis());
            a.putArray("chromiumArgs").add("--use-file-for-fake-audio-capture=" + speech);
            a.set("listener", run.participant("Leo", SlotMeetingRun.VIEWER));
            ArrayNode speakers = a.putArray("speakers");
            speakers.add(run.participant("Ann", SlotMeetingRun.HOST));
            speakers.add(run.participant("Ben", SlotMeetingRun.HOST));
            a.putObject("camera").put("width", 1280).put("height", 720);

            run.runScript("speaker-change.mjs", a, RUN_TIMEOUT);
            judge(run);
        }
    }

    /**
     * Writes the speakers' recording to {@code file} with ffmpeg: 48 kHz mono, {@value #PERIOD_SECONDS} s,
     * speech for the first {@value #SPEECH_SECONDS}: a 170 Hz voice gliding 30 Hz either way twice a
     * second, with its second and third harmonics, in 240 ms syllables 60 ms apart, peaking near -7 dBFS
     * (about what a microphone gives for speech, well above the SFU's -50 dBov speech threshold); then
     * digital silence.
     */
    static Path speechRecording(Path file) {
        Path ffmpeg = RealPeers.executable("ffmpeg", "ffmpeg");
        String pitch = "(170+30*sin(2*PI*2*t))";
        String voice = "sin(2*PI*" + pitch + "*t)+0.5*sin(4*PI*" + pitch + "*t)+0.25*sin(6*PI*" + pitch + "*t)";
        // Commas inside a filter argument are escaped for ffmpeg's filter graph parser.
        String expression = ("lt(t," + SPEECH_SECONDS + ")*gt(mod(t,0.3),0.06)*0.25*(" + voice + ")").replace(",", "\\,");
        ExternalProcess.Result r = ExternalProcess.runToEnd(List.of(ffmpeg.toString(), "-hide_banner", "-loglevel",
                "error", "-y", "-f", "lavfi", "-i", "aevalsrc='" + expression + "':s=48000:d=" + PERIOD_SECONDS,
                "-ac", "1", "-c:a", "pcm_s16le", file.toString()), file.resolveSibling("ffmpeg.log"),
                Duration.ofSeconds(30), Map.of());
        assertThat(r.exitCode()).as("ffmpeg making %s: %s", file, r.output()).isZero();
        return file;
    }

    private static void judge(SlotMeetingRun run) throws Exception {
        JsonNode result = run.result();
        long zero = Long.MAX_VALUE;
        for (JsonNode turns : result.path("speech")) {
            for (JsonNode turn : turns) {
                zero = Math.min(zero, turn.path("on").asLong());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String name : List.of("Ann", "Ben")) {
            List<String> turns = new ArrayList<>();
            for (JsonNode turn : result.path("speech").path(name)) {
                turns.add(seconds(turn.path("on").asLong() - zero) + "-"
                        + (turn.path("off").isNull() ? "" : seconds(turn.path("off").asLong() - zero)));
            }
            lines.add(String.format("SPEAKER-SPEECH run=%s page=%s turns=%s", run.run, name, String.join(",", turns)));
        }
        List<JsonNode> judged = new ArrayList<>();
        for (JsonNode change : result.path("changes")) {
            boolean judge = !change.path("firstTurn").asBoolean();
            if (judge) {
                judged.add(change);
            }
            lines.add(String.format("SPEAKER-CHANGE run=%s to=%s at=%s silenceBefore=%d judged=%s audioHeardMs=%s"
                    + " stageDecodedMs=%s stageSlotMs=%s activeSpeakerMs=%s height=%s->%s", run.run,
                    change.path("to").asText(), seconds(change.path("at").asLong() - zero),
                    change.path("at").asLong() - change.path("otherSilentSince").asLong(), judge,
                    change.path("audioHeardMs"), change.path("stageDecodedMs"), change.path("stageSlotMs"),
                    change.path("activeSpeakerMs"), change.path("heightBefore"), change.path("heightAfter")));
        }
        run.writeFigures(lines);

        String why = run.why();
        run.assertEveryStepCompleted();
        SoftAssertions soft = new SoftAssertions();
        for (String name : List.of("Ann", "Ben")) {
            soft.assertThat(result.path("speech").path(name).size()).as("%s's turns: %s", name, why)
                    .isGreaterThanOrEqualTo(2);
        }
        soft.assertThat(judged).as("turn changes after both spoke once, one to each: %s", why)
                .extracting(c -> c.path("to").asText()).contains("Ann", "Ben");
        for (JsonNode change : judged) {
            String to = change.path("to").asText() + " at " + seconds(change.path("at").asLong() - zero) + " s";
            soft.assertThat(change.path("audioHeardMs").isNumber()).as("%s: audio heard at all", to).isTrue();
            soft.assertThat(change.path("audioHeardMs").asLong()).as("%s: audio heard after (ms)", to)
                    .isLessThanOrEqualTo(FOLLOW_BOUND.toMillis());
            soft.assertThat(change.path("heightBefore").asInt()).as("%s: a thumbnail (or not shown) before", to)
                    .isLessThanOrEqualTo(THUMBNAIL_HEIGHT);
            soft.assertThat(change.path("stageDecodedMs").isNumber()).as("%s: on stage at all", to).isTrue();
            soft.assertThat(change.path("stageDecodedMs").asLong()).as("%s: on stage after (ms)", to)
                    .isLessThanOrEqualTo(FOLLOW_BOUND.toMillis());
        }
        soft.assertAll();
    }

    private static String seconds(long millis) {
        return String.format("%.2f", millis / 1000.0);
    }
}
