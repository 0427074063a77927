package io.edgeway.bench.sfu;

import com.fasterxml.jackson.core.type.TypeReference;
import io.edgeway.bench.sfu.signal.JsonSocket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The two headless Chromium probes of a run (issue #12): during the measurement window
 * {@code bench/src/main/js/sfu-probe.mjs} opens a publisher with a fake camera from a y4m file of
 * 960x540 (made here with ffmpeg, in the run's folder, and deleted afterwards: no media is committed) and
 * a subscriber in room 0, and reports the subscriber's getStats for the publisher's video
 * (framesDecoded, freezeCount, totalFreezesDuration, jitterBufferDelay, ...) into the report's
 * {@code probes}. Node and Chromium come from the PATH; the script reuses stun-turn's Chromium launcher
 * (playwright-core from {@code stun-turn/src/test/js}).
 */
final class ChromiumProbes implements Consumer<Map<String, Object>> {

    private final SfuTarget target;
    private final Path script;
    private final String listen;
    private final Path work;
    private final Duration window;
    /** 0: the publisher and subscriber pair; else that many pages that all publish and receive (Edgeway). */
    private final int pages;

    ChromiumProbes(SfuTarget target, Path script, String listen, Path work, Duration window) {
        this(target, script, listen, work, window, 0);
    }

    /**
     * Probes that are {@code pages} meeting pages instead of the pair: each publishes the y4m camera and the
     * fake microphone and receives the others (at most 4, the tokens Edgeway's target makes for them).
     */
    ChromiumProbes(SfuTarget target, Path script, String listen, Path work, Duration window, int pages) {
        if (pages < 0 || pages > 4) {
            throw new IllegalArgumentException("0 to 4 meeting pages: " + pages);
        }
        this.target = target;
        this.script = script;
        this.listen = listen;
        this.work = work;
        this.window = window;
        this.pages = pages;
    }

    @Override
    public void accept(Map<String, Object> probes) {
        Path y4m = work.resolve("probe-camera.y4m");
        try {
            camera(y4m);
            Map<String, Object> args = new LinkedHashMap<>(target.probeArguments());
            args.put("chromium", executable("chromium").toString());
            args.put("listen", listen);
            args.put("y4m", y4m.toAbsolutePath().toString());
            args.put("durationMs", Math.max(5_000, window.toMillis() - 2_000));
            args.put("resultFile", work.resolve("probe.json").toAbsolutePath().toString());
            if (pages > 0) {
                args.put("pages", pages);
            }
            List<String> argv = new ArrayList<>(List.of("node", script.toString(), JsonSocket.JSON.writeValueAsString(args)));
            Process node = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(work.resolve("probe.log").toFile()).start();
            if (!node.waitFor(window.toSeconds() + 60, TimeUnit.SECONDS)) {
                node.destroyForcibly();
                probes.put("failed", "the probe script did not end; see " + work.resolve("probe.log"));
                return;
            }
            if (node.exitValue() != 0 || !Files.exists(work.resolve("probe.json"))) {
                probes.put("failed", "the probe script exited " + node.exitValue() + "; see " + work.resolve("probe.log"));
                return;
            }
            probes.putAll(JsonSocket.JSON.readValue(work.resolve("probe.json").toFile(),
                    new TypeReference<Map<String, Object>>() { }));
        } catch (IOException e) {
            probes.put("failed", "probes: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            probes.put("failed", "interrupted");
        } finally {
            try {
                Files.deleteIfExists(y4m);
            } catch (IOException e) {
                // in the run's temporary folder anyway
            }
        }
    }

    /** {@code name} from the PATH (playwright wants a path, not a name). */
    static Path executable(String name) throws IOException {
        String path = System.getenv().getOrDefault("PATH", "") + java.io.File.pathSeparator + "/usr/bin";
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = dir.isEmpty() ? null : Path.of(dir, name);
            if (candidate != null && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IOException(name + " is not on the PATH (Debian package " + name + ")");
    }

    /** A 960x540, 30 fps, 3 s moving test pattern (ffmpeg's testsrc2), which Chromium's fake camera loops. */
    static void camera(Path y4m) throws IOException, InterruptedException {
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                "testsrc2=size=960x540:rate=30", "-t", "3", "-pix_fmt", "yuv420p", y4m.toString())
                .redirectErrorStream(true).start();
        String output = new String(ffmpeg.getInputStream().readAllBytes());
        if (!ffmpeg.waitFor(60, TimeUnit.SECONDS) || ffmpeg.exitValue() != 0) {
            throw new IOException("ffmpeg could not make the probe's camera file (Debian package ffmpeg): " + output);
        }
    }
}
