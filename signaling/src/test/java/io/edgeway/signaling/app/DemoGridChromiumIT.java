package io.edgeway.signaling.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Issue #13, client control: the demo page as a grid for a large meeting. A real {@link EdgewayProcess}
 * (the SDK runs' process, {@link SdkMeetingRun#SERVER_ARGS}) whose participants get only {@link #PAGE_SIZE}
 * video slots (and last-N as many), so that five headless Chromium pages (fake camera and microphone) make
 * two pages of tiles on the first page, Ann's. The meeting is set up over REST as an app's server would,
 * everyone with the host preset (which may pin: pins are the meeting's); {@code src/test/js/grid-meeting.mjs}
 * opens one page per participant token, leaves only Ben's and Cy's microphones on (the fake microphones
 * all beep alike; a meeting where everyone talks at once would reorder each page's last-N twice a second),
 * waits until each page decodes its slots' videos, drives Ann's page through its own buttons and reports
 * what it shows at each phase; this test judges that:
 * <ol>
 *   <li>in the pages layout, page 1 of 2 has the tiles of the first two to join after Ann (Ben, Cy) and page
 *       2 those of the next two (Dee, Eve), in join order, each decoding video, and the server sends Ann
 *       the video of exactly the page's participants; the sound of page 1's participants plays on while
 *       page 2 is shown;</li>
 *   <li>Eve turning her camera off shows on her tile (camera off, her initials instead of a picture);</li>
 *   <li>pinning Dee puts her on the stage, decoding video;</li>
 *   <li>back in the active-speaker layout, when Cy turns her microphone off and only Ben's is on, he is the
 *       active speaker: the stage shows him, highlighted, and nobody else is; the others' tiles show their
 *       microphones off; then Cy turns hers on and Ben his off, and the highlight and the stage follow her.</li>
 * </ol>
 * The two pages are judged on a pair of readings a second apart in which their tiles kept decoding: on this
 * shared machine the server's bandwidth estimate toward Ann's page dips now and then (CPU starvation read
 * as queueing delay), and the server then rightly pauses a thumbnail until it recovers, so the script reads
 * again, within the step's bound, after such a pair ({@code unsteady} in the result and the stats line).
 * Each phase's wait is written as a line on stdout and in {@code target/interop/grid/<run>/stats.txt},
 * with the figures the page showed (see {@link ChromiumMeetingRun}):
 * <pre>
 * GRID-PHASE run=&lt;run&gt; phase=&lt;phase&gt; waitedMs=&lt;ms&gt; [highlightMs=&lt;ms&gt; stageVideoMs=&lt;ms&gt;] [unsteady=&lt;pairs&gt;] label=&lt;layout:page label&gt; stage=&lt;name&gt; tiles=[&lt;name&gt;:&lt;frames&gt;,...]
 * </pre>
 * and the PNG of Ann's page at each phase is kept in the run's folder. Everything is bounded: each step by
 * {@link #STEP_TIMEOUT}, the whole script by {@link #RUN_TIMEOUT}.
 */
class DemoGridChromiumIT {

    static final int PAGE_SIZE = 2;
    static final List<String> NAMES = List.of("Ann", "Ben", "Cy", "Dee", "Eve");
    static final List<String> PHASES = List.of("pages1", "pages2", "cameraOff", "pinned", "speakerView", "speaker1",
            "speaker2");
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(20);
    static final Duration SAMPLE_GAP = Duration.ofSeconds(1);
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

    @Test
    void twoPagesOfTilesPinningAndTheSpeakerHighlight() throws Exception {
        try (GridRun run = new GridRun("pages")) {
            run.browse();
            run.writeStats("GRID-STATS", "GRID-TRANSPORT", List.of());
            run.assertEveryStepCompleted();
            run.judge();
        }
    }

    /** The process with few video slots, the script, and the judgement. */
    private static final class GridRun extends ChromiumMeetingRun {

        private final Path shots;

        GridRun(String run) throws Exception {
            super("grid", run, 13, withSlots());
            this.shots = workDir().resolve("screenshots");
            Files.createDirectories(shots);
        }

        private static String[] withSlots() {
            return Stream.concat(Stream.of(SdkMeetingRun.SERVER_ARGS), Stream.of("--sfu-video-slots",
                    String.valueOf(PAGE_SIZE), "--sfu-last-n", String.valueOf(PAGE_SIZE))).toArray(String[]::new);
        }

        /** Sets the meeting up over REST (a host preset, the meeting, a token each), then runs the pages. */
        void browse() throws Exception {
            SdkMeetingRun.Rest rest = new SdkMeetingRun.Rest(baseUrl());
            rest.hostPreset("host");
            String meetingId = rest.meeting("grid " + run).path("id").asText();
            ObjectNode a = JSON.createObjectNode()
                    .put("baseUrl", baseUrl())
                    .put("pageSize", PAGE_SIZE)
                    .put("stepTimeoutMs", STEP_TIMEOUT.toMillis())
                    .put("sampleGapMs", SAMPLE_GAP.toMillis())
                    .put("screenshotDir", shots.toString());
            ArrayNode participants = a.putArray("participants");
            for (String name : NAMES) {
                ObjectNode p = rest.participant(meetingId, name, "host");
                participants.addObject().put("name", name).put("token", p.path("token").asText());
            }
            runScript("grid-meeting.mjs", a, RUN_TIMEOUT);
        }

        /** One line per phase that was reached: how long its wait took and what Ann's page showed. */
        @Override
        List<String> moreStats() {
            Map<String, String> names = namesById();
            List<String> lines = new ArrayList<>();
            for (String phase : PHASES) {
                JsonNode first = result().path("phases").path(phase).path("first");
                if (first.isMissingNode() || first.isNull()) {
                    continue;
                }
                List<String> tiles = new ArrayList<>();
                for (JsonNode tile : first.path("tiles")) {
                    tiles.add(names.getOrDefault(tile.path("id").asText(), "?") + ":" + tile.path("frames").asLong());
                }
                JsonNode stage = first.path("stage");
                JsonNode marks = result().path("phases").path(phase).path("marks");
                StringBuilder marked = new StringBuilder();
                marks.fieldNames().forEachRemaining(m -> marked.append(' ').append(m).append("Ms=")
                        .append(marks.path(m).asLong()));
                int unsteady = result().path("phases").path(phase).path("unsteady").size();
                if (unsteady > 0) {
                    marked.append(" unsteady=").append(unsteady);
                }
                lines.add(String.format("GRID-PHASE run=%s phase=%s waitedMs=%d%s label=%s stage=%s tiles=%s", run,
                        phase, result().path("phases").path(phase).path("waitedMs").asLong(), marked,
                        first.path("layout").asText() + ":" + first.path("pageLabel").asText().replace(' ', '_'),
                        stage.isObject() ? names.getOrDefault(stage.path("id").asText(), "?") : "none", tiles));
            }
            return lines;
        }

        void judge() {
            Map<String, String> names = namesById();
            String ben = id("Ben");
            String cy = id("Cy");
            String dee = id("Dee");
            String eve = id("Eve");
            SoftAssertions soft = new SoftAssertions();
            for (JsonNode page : result().path("pages")) {
                soft.assertThat(page.path("errors").size()).as("server errors at %s: %s", page.path("name"), why())
                        .isZero();
            }

            // Pages of the joined list, in join order; the server sends exactly the page's videos.
            for (String phase : List.of("pages1", "pages2")) {
                List<String> expected = phase.equals("pages1") ? List.of(ben, cy) : List.of(dee, eve);
                JsonNode first = reading(phase, "first");
                JsonNode second = reading(phase, "second");
                soft.assertThat(first.path("layout").asText()).as("layout at %s", phase).isEqualTo("pages");
                soft.assertThat(first.path("pageLabel").asText()).as("page label at %s", phase)
                        .isEqualTo(phase.equals("pages1") ? "Page 1 of 2" : "Page 2 of 2");
                soft.assertThat(ids(first.path("tiles"))).as("tiles at %s (names %s): %s", phase, names, why())
                        .isEqualTo(expected);
                for (String id : expected) {
                    decoding(soft, phase, names.get(id), tile(first, id), tile(second, id));
                }
                soft.assertThat(new HashSet<>(ids(second.path("active")))).as("videos received at %s", phase)
                        .isEqualTo(new HashSet<>(expected));
            }
            soft.assertThat(playedOn(reading("pages2", "first"), reading("pages2", "second"), Set.of(ben, cy)))
                    .as("the sound of page 1's participants plays on while page 2 is shown: %s", why()).isTrue();

            // Camera off: the tile says so and shows the initials.
            JsonNode eveTile = tile(reading("cameraOff", "second"), eve);
            soft.assertThat(eveTile.path("camera").asText()).as("Eve's camera state").isEqualTo("off");
            soft.assertThat(eveTile.path("video").asBoolean()).as("Eve's tile shows a picture").isFalse();
            soft.assertThat(eveTile.path("initials").asText()).as("Eve's initials").isEqualTo("E");

            // Pinned: on the stage, with video.
            JsonNode pinned = reading("pinned", "first");
            soft.assertThat(pinned.path("stage").path("id").asText()).as("on stage after pinning Dee").isEqualTo(dee);
            soft.assertThat(pinned.path("stage").path("pinned").asBoolean()).as("the stage's pin is pressed").isTrue();
            soft.assertThat(tile(pinned, dee).path("pinned").asBoolean()).as("Dee's tile's pin is pressed").isTrue();
            decoding(soft, "pinned (stage)", "Dee", pinned.path("stage"), reading("pinned", "second").path("stage"));

            // Back to the active speaker: no pager, nothing pinned.
            JsonNode speakerView = reading("speakerView", "first");
            soft.assertThat(speakerView.path("layout").asText()).isEqualTo("speaker");
            soft.assertThat(speakerView.path("pagerShown").asBoolean()).as("pager in the speaker layout").isFalse();

            // The highlight follows the active speaker; the muted show it.
            for (String phase : List.of("speaker1", "speaker2")) {
                String speaker = phase.equals("speaker1") ? ben : cy;
                JsonNode first = reading(phase, "first");
                JsonNode second = reading(phase, "second");
                soft.assertThat(first.path("lastActiveSpeaker").asText()).as("active speaker at %s", phase)
                        .isEqualTo(speaker);
                soft.assertThat(first.path("stage").path("id").asText()).as("on stage at %s", phase).isEqualTo(speaker);
                soft.assertThat(first.path("stage").path("speaking").asBoolean()).as("stage highlighted at %s", phase)
                        .isTrue();
                soft.assertThat(highlighted(first)).as("highlighted at %s: %s", phase, why()).containsOnly(speaker);
                decoding(soft, phase + " (stage)", names.get(speaker), first.path("stage"), second.path("stage"));
                soft.assertThat(first.path("self").path("mic").asText()).as("Ann's own mic at %s", phase)
                        .isEqualTo("off");
                soft.assertThat(first.path("tiles").size()).as("thumbnails at %s", phase).isPositive();
                for (JsonNode tile : first.path("tiles")) {
                    if (!tile.path("id").asText().equals(speaker)) {
                        soft.assertThat(tile.path("mic").asText()).as("mic of %s at %s", names.get(tile.path("id")
                                .asText()), phase).isEqualTo("off");
                    }
                }
            }
            soft.assertAll();
        }

        private String id(String name) {
            return page(name).path("id").asText();
        }

        private JsonNode reading(String phase, String which) {
            JsonNode reading = result().path("phases").path(phase).path(which);
            if (!reading.isObject()) {
                throw new AssertionError("phase " + phase + " has no " + which + " reading: " + why());
            }
            return reading;
        }

        private static List<String> ids(JsonNode list) {
            List<String> ids = new ArrayList<>();
            for (JsonNode item : list) {
                ids.add(item.isTextual() ? item.asText() : item.path("id").asText());
            }
            return ids;
        }

        private static JsonNode tile(JsonNode reading, String id) {
            for (JsonNode tile : reading.path("tiles")) {
                if (tile.path("id").asText().equals(id)) {
                    return tile;
                }
            }
            return JSON.createObjectNode();
        }

        /** The ids of every highlighted figure: the stage, the own tile, the participants' tiles. */
        private static List<String> highlighted(JsonNode reading) {
            List<String> ids = new ArrayList<>();
            for (JsonNode figure : Stream.concat(Stream.of(reading.path("stage"), reading.path("self")),
                    StreamSupport.stream(reading.path("tiles").spliterator(), false)).toList()) {
                if (figure.path("speaking").asBoolean()) {
                    ids.add(figure.path("id").asText());
                }
            }
            return ids;
        }

        /** A figure shows a picture of some size, and it kept decoding between the two readings. */
        private void decoding(SoftAssertions soft, String phase, String name, JsonNode first, JsonNode second) {
            soft.assertThat(first.path("video").asBoolean()).as("%s shows video at %s: %s", name, phase, why()).isTrue();
            soft.assertThat(first.path("videoWidth").asInt()).as("%s's picture width at %s", name, phase).isPositive();
            soft.assertThat(second.path("frames").asLong()).as("%s's frames keep coming at %s", name, phase)
                    .isGreaterThan(first.path("frames").asLong());
        }

        /**
         * Some audio element plays the track of one of {@code owners} in the first reading, and that element
         * played on until the second (its position advanced). The track may carry another speaker by then:
         * the server's audio slots follow the loudest.
         */
        private static boolean playedOn(JsonNode first, JsonNode second, Set<String> owners) {
            for (JsonNode a : first.path("audio")) {
                if (!owners.contains(a.path("owner").asText()) || !a.path("playing").asBoolean()) {
                    continue;
                }
                for (JsonNode b : second.path("audio")) {
                    if (b.path("track").asText().equals(a.path("track").asText()) && b.path("playing").asBoolean()
                            && b.path("time").asDouble() > a.path("time").asDouble()) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
