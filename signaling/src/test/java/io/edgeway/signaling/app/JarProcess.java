package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged jar ({@code target/edgeway.jar}, built before the integration tests) run as its own process,
 * optionally behind a wrapper command ({@code prlimit ...}, {@code ip netns exec ...}), with the
 * environment's {@code EDGEWAY_*} variables removed. Its output (stdout and stderr) is read on a thread of
 * its own, so the pipe never fills; {@link #await} waits, bounded, for a line.
 */
public final class JarProcess implements AutoCloseable {

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private JarProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ended) {
                // the process ended
            }
        }, "edgeway-jar-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code wrapper} (may be empty) followed by {@code java -jar edgeway.jar args}. */
    public static JarProcess start(List<String> wrapper, List<String> args) throws IOException {
        Path jar = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("target/edgeway.jar");
        assertThat(jar).as("the shaded jar; run through 'mvn verify'").exists();
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith(ConfigKey.ENV_PREFIX));
        return new JarProcess(pb.start());
    }

    /** The first line (from now on) that {@code pattern} finds something in; fails after {@code within}. */
    public Matcher await(Pattern pattern, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(line).as("a line matching %s within %s; output so far:\n%s", pattern, within, output()).isNotNull();
            seen.add(line);
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return m;
            }
        }
    }

    /** Every line {@link #await} has read so far. */
    public String output() {
        return String.join("\n", seen);
    }

    /** SIGKILL: no shutdown hook runs, nothing is closed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("killed").isTrue();
    }

    /** SIGTERM, then SIGKILL if it has not ended within 30 s. */
    @Override
    public void close() throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
