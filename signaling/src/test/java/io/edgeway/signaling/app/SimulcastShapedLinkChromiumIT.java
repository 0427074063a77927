package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeway.turn.interop.ExternalProcess;
import io.edgeway.turn.interop.InteropDirs;
import io.edgeway.turn.interop.NetworkNamespace;
import io.edgeway.turn.interop.RealPeers;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Issue #13, test 2: simulcast under a shaped link. Pia's Chromium publishes a 1280x720 fake camera
 * ({@link #busyCamera}, checked with getSettings) through the SDK as three simulcast layers (RIDs q, h, f:
 * 320x180, 640x360, 1280x720, at most 150, 500 and 1500 kbit/s). Una watches from a Chromium on this host;
 * Sal from a Chromium inside a {@link NetworkNamespace} whose link from this host is a {@value #SHAPED_BPS}
 * bit/s token bucket (tc tbf, 200 ms of queue, a bucket of one packet). Both see Pia on the stage of the
 * default view (720 px), so each should get the highest layer its downlink carries, as the SFU's estimate
 * from its transport-cc feedback allows:
 * <ul>
 *   <li>Una decodes the top layer (frame height 720) throughout the judged window;</li>
 *   <li>Sal decodes the lowest layer (180) throughout the same window, at least {@value #MIN_FPS} frames a
 *       second and without a single freeze (getStats {@code freezeCount});</li>
 *   <li>when the link then improves to {@value #IMPROVED_BPS} bit/s, Sal climbs above the lowest layer
 *       within {@link #CLIMB_BOUND}.</li>
 * </ul>
 * The window starts {@link #SETTLE} after both decode Pia and all three of her layers are sending (her
 * encoder brings them in as its own bandwidth estimate grows; the estimators' start above the link and the
 * first switches are not judged) and lasts {@link #WINDOW}. Figures, on stdout and in
 * {@code target/interop/slots/simulcast-*}{@code /stats.txt}:
 * <pre>
 * SIMULCAST-CAPTURE run= page=Pia camera=1280x720 layers=q:320x180,h:640x360,f:1280x720
 * SIMULCAST-PUBLISHER run= page=Pia &lt;s&gt;:&lt;her uplink estimate&gt;/&lt;q&gt;+&lt;h&gt;+&lt;f&gt; ... (kbit/s, every 2 s)
 * SIMULCAST-HEIGHTS run= page=&lt;viewer&gt; link=shaped|unshaped &lt;seconds since both decode&gt;:&lt;frame height&gt;[*freezes] ...
 * SIMULCAST-WINDOW run= page=&lt;viewer&gt; heights=[..] frames=+n fps=x freezes=+n freezeMs=+n lost=+n
 * SIMULCAST-CLIMB run= page=Sal from=180 to=&lt;height&gt; afterMs=&lt;since the link improved&gt;
 * SIMULCAST-LINK run= shaped=.. improved=.. tc=&lt;tc -s qdisc show of the shaped end&gt;
 * SFU-COUNTERS run= {...}
 * </pre>
 * The whole run takes about 50 s: browsers, joins and Pia's layers about 15 s, settling 6 s, the window 10
 * s, the climb typically under 10 s. The server keeps each participant's bandwidth estimation trace
 * ({@link SlotMeetingRun}).
 */
class SimulcastShapedLinkChromiumIT {

    static final long SHAPED_BPS = 400_000;
    static final long IMPROVED_BPS = 10_000_000;
    static final Duration SETTLE = Duration.ofSeconds(6);
    static final Duration WINDOW = Duration.ofSeconds(10);
    static final Duration CLIMB_BOUND = Duration.ofSeconds(20);
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(25);
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(130);
    /** How long Pia's encoder may take to send all three layers (it waits for its own uplink estimate). */
    static final Duration LAYERS_TIMEOUT = Duration.ofSeconds(40);
    static final int SAMPLE_PERIOD_MILLIS = 500;
    /** Decoded frames per second below which a picture counts as stalled even without a reported freeze. */
    static final int MIN_FPS = 5;
    static final int CAMERA_WIDTH = 1280;
    static final int CAMERA_HEIGHT = 720;
    /** Sal's /30 of RFC 2544's range (this stream's prefix ew13i). */
    static final String HOST_SIDE = "198.18.13.1";
    static final String INSIDE = "198.18.13.2";

    @Test
    void theShapedViewerGetsTheLowLayerWithoutFreezesAndClimbsWhenTheLinkImproves() throws Exception {
        Path work = InteropDirs.fresh("slots", "simulcast-net-");
        Path cameraDir = Files.createTempDirectory("ew13i-camera-");
        try (NetworkNamespace net = NetworkNamespace.create("ew13i-simul", InetAddress.getByName(HOST_SIDE),
                InetAddress.getByName(INSIDE), work);
                SlotMeetingRun run = SlotMeetingRun.start("simulcast", net.hostAddress(), "Simulcast under a shaped link")) {
            net.shapeToInside(SHAPED_BPS);
            Path camera = busyCamera(cameraDir.resolve("camera.y4m"), work);
            ObjectNode a = SlotMeetingRun.JSON.createObjectNode()
                    .put("insideChromium", net.wrap(RealPeers.executable("chromium", "chromium")).toString())
                    .put("baseUrl", run.baseUrl())
                    .put("insideBaseUrl", run.baseUrlAt(net.hostAddress()))
                    .put("samplePeriodMs", SAMPLE_PERIOD_MILLIS)
                    .put("settleMs", SETTLE.toMillis())
                    .put("windowMs", WINDOW.toMillis())
                    .put("layersTimeoutMs", LAYERS_TIMEOUT.toMillis())
                    .put("climbTimeoutMs", CLIMB_BOUND.toMillis() + 5_000)
                    .put("stepTimeoutMs", STEP_TIMEOUT.toMillis());
            a.set("publisher", run.participant("Pia", SlotMeetingRun.HOST));
            ArrayNode viewers = a.putArray("viewers");
            viewers.add(run.participant("Una", SlotMeetingRun.VIEWER));
            viewers.add(run.participant("Sal", SlotMeetingRun.VIEWER).put("inside", true));
            a.putObject("camera").put("width", CAMERA_WIDTH).put("height", CAMERA_HEIGHT);
            a.putArray("chromiumArgs").add("--use-file-for-fake-video-capture=" + camera);
            ArrayNode improve = a.putArray("improveLink");
            net.shapeToInsideCommand(IMPROVED_BPS).forEach(improve::add);

            run.runScript("simulcast-shaped.mjs", a, RUN_TIMEOUT);
            String tc = net.trafficControlStatistics();
            judge(run, tc);
        } finally {
            try (Stream<Path> files = Files.list(cameraDir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(cameraDir);
        }
    }

    /**
     * Writes the publisher's camera to {@code file} with ffmpeg: {@value #CAMERA_WIDTH}x{@value #CAMERA_HEIGHT}
     * at 20 frames a second, two seconds that Chromium loops, ffmpeg's moving test pattern under strong
     * temporal noise. Chromium's own fake camera draws a flat picture that VP8 codes in a fraction of its
     * layers' maxima (its 360p layer fits a 400 kbit/s link); like a real camera's picture, this one keeps
     * each layer at its maximum (about 150, 500 and 1500 kbit/s), so only the lowest fits the shaped link.
     * About 55 MB, in a temporary folder the test deletes.
     */
    static Path busyCamera(Path file, Path logs) {
        Path ffmpeg = RealPeers.executable("ffmpeg", "ffmpeg");
        ExternalProcess.Result r = ExternalProcess.runToEnd(List.of(ffmpeg.toString(), "-hide_banner", "-loglevel",
                "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=" + CAMERA_WIDTH + "x" + CAMERA_HEIGHT + ":rate=20",
                "-vf", "noise=alls=30:allf=t+u", "-t", "2", "-pix_fmt", "yuv420p", file.toString()),
                logs.resolve("ffmpeg-camera.log"), Duration.ofSeconds(60), Map.of());
        assertThat(r.exitCode()).as("ffmpeg making %s: %s", file, r.output()).isZero();
        return file;
    }

    private static void judge(SlotMeetingRun run, String tc) throws Exception {
        JsonNode result = run.result();
        JsonNode marks = result.path("marks");
        long decoding = marks.path("decoding").asLong();
        Map<String, Integer> layers = layerHeights(run.page("Pia"));
        JsonNode una = run.page("Una");
        JsonNode sal = run.page("Sal");

        List<String> lines = new ArrayList<>();
        JsonNode settings = run.page("Pia").path("settings");
        lines.add(String.format("SIMULCAST-CAPTURE run=%s page=Pia camera=%dx%d layers=%s", run.run,
                settings.path("width").asInt(), settings.path("height").asInt(), layerSizes(run.page("Pia"))));
        lines.add(publisherLine(run, run.page("Pia"), decoding));
        for (JsonNode viewer : List.of(una, sal)) {
            lines.add(heightsLine(run, viewer, decoding));
            lines.add(windowLine(run, viewer, marks));
        }
        long climbedAfter = marks.has("climbed")
                ? marks.path("climbed").asLong() - marks.path("improved").asLong() : -1;
        lines.add(String.format("SIMULCAST-CLIMB run=%s page=Sal from=%d to=%d afterMs=%d", run.run,
                layers.getOrDefault("q", 0), lastHeight(sal), climbedAfter));
        lines.add(String.format("SIMULCAST-LINK run=%s shaped=%d improved=%d tc=%s", run.run, SHAPED_BPS, IMPROVED_BPS,
                tc.replaceAll("\\s+", " ")));
        run.writeFigures(lines);

        String why = run.why();
        run.assertEveryStepCompleted();
        SoftAssertions soft = new SoftAssertions();
        // The publisher: the camera at 1280x720, three layers at a quarter, half and full size.
        soft.assertThat(settings.path("width").asInt()).as("camera width: %s", why).isEqualTo(CAMERA_WIDTH);
        soft.assertThat(settings.path("height").asInt()).as("camera height").isEqualTo(CAMERA_HEIGHT);
        soft.assertThat(layers).as("layer heights by RID").containsEntry("q", CAMERA_HEIGHT / 4)
                .containsEntry("h", CAMERA_HEIGHT / 2).containsEntry("f", CAMERA_HEIGHT);
        int low = CAMERA_HEIGHT / 4;

        List<JsonNode> unaWindow = within(una, marks.path("windowStart").asLong(), marks.path("windowEnd").asLong());
        List<JsonNode> salWindow = within(sal, marks.path("windowStart").asLong(), marks.path("windowEnd").asLong());
        int enoughSamples = (int) (WINDOW.toMillis() / SAMPLE_PERIOD_MILLIS / 2);
        soft.assertThat(unaWindow).as("Una's samples in the window").hasSizeGreaterThan(enoughSamples);
        soft.assertThat(salWindow).as("Sal's samples in the window").hasSizeGreaterThan(enoughSamples);
        // Unshaped: the top layer all along.
        soft.assertThat(heights(unaWindow)).as("Una's frame heights in the window (unshaped): %s", why)
                .containsExactly(CAMERA_HEIGHT);
        soft.assertThat(fps(unaWindow)).as("Una's decoded frames per second in the window").isGreaterThanOrEqualTo(MIN_FPS);
        // Shaped: the lowest layer all along, moving, never frozen.
        soft.assertThat(heights(salWindow)).as("Sal's frame heights in the window (%d bit/s): %s", SHAPED_BPS, why)
                .containsExactly(low);
        soft.assertThat(fps(salWindow)).as("Sal's decoded frames per second in the window").isGreaterThanOrEqualTo(MIN_FPS);
        soft.assertThat(delta(salWindow, "freezes")).as("Sal's freezes in the window").isZero();
        // The link improves: Sal climbs.
        soft.assertThat(marks.has("climbed")).as("Sal climbed above %d within %s of the link improving: %s", low,
                CLIMB_BOUND, why).isTrue();
        if (marks.has("climbed")) {
            soft.assertThat(Duration.ofMillis(climbedAfter)).as("Sal's climb").isLessThanOrEqualTo(CLIMB_BOUND);
            soft.assertThat(lastHeight(sal)).as("Sal's height after the climb").isGreaterThan(low);
        }
        soft.assertAll();
    }

    /** The publisher's layers by RID: the largest frame height each was seen sending. */
    private static Map<String, Integer> layerHeights(JsonNode publisher) {
        Map<String, Integer> heights = new TreeMap<>();
        for (JsonNode sample : publisher.path("layers")) {
            for (JsonNode out : sample.path("out")) {
                heights.merge(out.path("rid").asText("-"), out.path("height").asInt(), Math::max);
            }
        }
        return heights;
    }

    /** {@code q:320x180,h:640x360,f:1280x720}: each RID's largest size seen, smallest first. */
    private static String layerSizes(JsonNode publisher) {
        Map<String, String> sizes = new TreeMap<>();
        Map<String, Integer> heights = new TreeMap<>();
        for (JsonNode sample : publisher.path("layers")) {
            for (JsonNode out : sample.path("out")) {
                String rid = out.path("rid").asText("-");
                if (out.path("height").asInt() >= heights.getOrDefault(rid, 0)) {
                    heights.put(rid, out.path("height").asInt());
                    sizes.put(rid, out.path("width").asInt() + "x" + out.path("height").asInt());
                }
            }
        }
        List<String> parts = new ArrayList<>();
        heights.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .forEach(e -> parts.add(e.getKey() + ":" + sizes.get(e.getKey())));
        return String.join(",", parts);
    }

    /**
     * {@code <s>:<uplink estimate>/<q>+<h>+<f>} every two seconds, kbit/s: the publisher's own estimate of its
     * uplink (getStats availableOutgoingBitrate) and what each layer sent. Chromium brings a layer in only
     * when its estimate allows: a top layer that never starts is the publisher's uplink, not the SFU's choice.
     */
    private static String publisherLine(SlotMeetingRun run, JsonNode publisher, long zero) {
        StringBuilder line = new StringBuilder("SIMULCAST-PUBLISHER run=" + run.run + " page=Pia");
        JsonNode samples = publisher.path("layers");
        int step = Math.max(1, (int) (2_000 / SAMPLE_PERIOD_MILLIS));
        for (int i = step; i < samples.size(); i += step) {
            JsonNode before = samples.get(i - step);
            JsonNode now = samples.get(i);
            double seconds = (now.path("t").asLong() - before.path("t").asLong()) / 1000.0;
            List<String> rates = new ArrayList<>();
            for (String rid : List.of("q", "h", "f")) {
                rates.add(Long.toString(Math.round((bytesSent(now, rid) - bytesSent(before, rid)) * 8 / seconds / 1000)));
            }
            line.append(String.format(" %.1f:%d/%s", (now.path("t").asLong() - zero) / 1000.0,
                    now.path("outgoingBps").asLong() / 1000, String.join("+", rates)));
        }
        return line.toString();
    }

    private static long bytesSent(JsonNode sample, String rid) {
        for (JsonNode out : sample.path("out")) {
            if (rid.equals(out.path("rid").asText())) {
                return out.path("bytes").asLong();
            }
        }
        return 0;
    }

    private static String heightsLine(SlotMeetingRun run, JsonNode viewer, long zero) {
        StringBuilder line = new StringBuilder(String.format("SIMULCAST-HEIGHTS run=%s page=%s link=%s", run.run,
                viewer.path("name").asText(), viewer.path("inside").asBoolean() ? "shaped" : "unshaped"));
        long freezes = 0;
        for (JsonNode s : viewer.path("series")) {
            line.append(String.format(" %.1f:%d", (s.path("t").asLong() - zero) / 1000.0, s.path("height").asInt()));
            if (s.path("freezes").asLong() > freezes) {
                line.append('*').append(s.path("freezes").asLong() - freezes);
                freezes = s.path("freezes").asLong();
            }
        }
        return line.toString();
    }

    private static String windowLine(SlotMeetingRun run, JsonNode viewer, JsonNode marks) {
        List<JsonNode> w = within(viewer, marks.path("windowStart").asLong(), marks.path("windowEnd").asLong());
        return String.format("SIMULCAST-WINDOW run=%s page=%s heights=%s frames=+%d fps=%.1f freezes=+%d freezeMs=+%d lost=+%d",
                run.run, viewer.path("name").asText(), heights(w), delta(w, "frames"), fps(w), delta(w, "freezes"),
                delta(w, "freezeMs"), delta(w, "lost"));
    }

    /** The viewer's samples of the publisher's video taken between {@code from} and {@code to}. */
    private static List<JsonNode> within(JsonNode viewer, long from, long to) {
        List<JsonNode> samples = new ArrayList<>();
        for (JsonNode s : viewer.path("series")) {
            long t = s.path("t").asLong();
            if (t >= from && t <= to) {
                samples.add(s);
            }
        }
        return samples;
    }

    private static TreeSet<Integer> heights(List<JsonNode> samples) {
        TreeSet<Integer> heights = new TreeSet<>();
        samples.forEach(s -> heights.add(s.path("height").asInt()));
        return heights;
    }

    private static long delta(List<JsonNode> samples, String field) {
        return samples.size() < 2 ? 0
                : samples.get(samples.size() - 1).path(field).asLong() - samples.get(0).path(field).asLong();
    }

    private static double fps(List<JsonNode> samples) {
        if (samples.size() < 2) {
            return 0;
        }
        long millis = samples.get(samples.size() - 1).path("t").asLong() - samples.get(0).path("t").asLong();
        return millis <= 0 ? 0 : delta(samples, "frames") * 1000.0 / millis;
    }

    private static int lastHeight(JsonNode viewer) {
        JsonNode series = viewer.path("series");
        return series.isEmpty() ? 0 : series.get(series.size() - 1).path("height").asInt();
    }
}
