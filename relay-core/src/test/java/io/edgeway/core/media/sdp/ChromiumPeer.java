package io.edgeway.core.media.sdp;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A headless Debian Chromium, driven through playwright-core by {@code src/test/resources/sdp/negotiate.mjs},
 * holding one RTCPeerConnection shaped like the fixture's (two sendrecv tracks from the fake devices, a
 * recvonly audio and a recvonly video transceiver). The test reads its offer and applies descriptions
 * to that same connection.
 *
 * <p>Nothing is skipped: if node, chromium or playwright-core is missing the test fails and says to run
 * {@code scripts/test.sh}, which installs them. Closing ends the script, which closes the browser; if it
 * does not end in time, the process and its children are killed by handle (never by name). Not
 * thread-safe: one test thread owns it.
 */
final class ChromiumPeer implements AutoCloseable {

    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final Path log;
    private final String browserVersion;
    private final String offer;

    /** What the page reported after a description was applied. */
    record Result(boolean ok, String error, String signalingState, String answer, List<String> transceivers,
                  List<String> tracks) {
    }

    private ChromiumPeer(Process process, Path log) throws IOException {
        this.process = process;
        this.log = log;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    stdout.add(line);
                }
            } catch (IOException e) {
                stdout.add("io-error " + e);
            }
        }, "chromium-peer-stdout");
        reader.setDaemon(true);
        reader.start();
        this.browserVersion = expect("ready");
        this.offer = decode(expect("offer"));
    }

    /** Starts node + Chromium with a fresh profile under {@code work}. */
    static ChromiumPeer start(Path work) throws IOException {
        Path moduleDir = Path.of("").toAbsolutePath();
        Path script = moduleDir.resolve("src/test/resources/sdp/negotiate.mjs");
        Path playwright = moduleDir.resolveSibling("stun-turn").resolve("src/test/js/node_modules/playwright-core");
        Path node = onPath("node");
        Path chromium = Files.isExecutable(Path.of("/usr/bin/chromium")) ? Path.of("/usr/bin/chromium")
                : onPath("chromium");
        if (node == null || chromium == null || !Files.isRegularFile(playwright.resolve("package.json"))
                || !Files.isRegularFile(script)) {
            fail("This test drives a real Chromium and needs node, chromium and playwright-core (" + playwright
                    + "); found node=" + node + ", chromium=" + chromium + ", playwright-core="
                    + Files.isRegularFile(playwright.resolve("package.json"))
                    + ". Run scripts/test.sh, which installs them (Debian chromium, Node.js 20+, npm ci in"
                    + " stun-turn/src/test/js).");
        }
        Path profile = Files.createDirectories(work.resolve("profile"));
        Path log = work.resolve("negotiate.log");
        String json = "{\"chromium\":\"" + chromium + "\",\"userDataDir\":\"" + profile + "\"}";
        Process p = new ProcessBuilder(List.of(node.toString(), script.toString(), json))
                .redirectError(log.toFile())
                .start();
        try {
            return new ChromiumPeer(p, log);
        } catch (RuntimeException | Error | IOException e) {
            kill(p);
            throw e;
        }
    }

    String browserVersion() {
        return browserVersion;
    }

    /** The connection's offer, already set as its local description. */
    String offer() {
        return offer;
    }

    /** Applies {@code sdp} as the remote description of {@code type} (answer or offer). */
    Result apply(String type, String sdp) throws IOException {
        stdin.write(type + " " + Base64.getEncoder().encodeToString(sdp.getBytes(StandardCharsets.UTF_8)) + "\n");
        stdin.flush();
        Properties p = new Properties();
        p.load(new StringReader(decode(expect("result"))));
        String answer = p.getProperty("answer");
        return new Result("true".equals(p.getProperty("ok")), p.getProperty("error"),
                p.getProperty("signalingState"),
                answer == null ? null : decode(answer),
                split(p.getProperty("transceivers")), split(p.getProperty("tracks")));
    }

    private String expect(String verb) {
        String line;
        try {
            line = stdout.poll(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for '" + verb + "'", e);
        }
        if (line == null) {
            throw new AssertionError("negotiate.mjs sent no '" + verb + "' within " + STEP_TIMEOUT.toSeconds()
                    + " s (alive=" + process.isAlive() + "); its stderr:\n" + logText());
        }
        if (!line.startsWith(verb + " ")) {
            throw new AssertionError("expected '" + verb + "' from negotiate.mjs, got: " + line + "\nstderr:\n"
                    + logText());
        }
        return line.substring(verb.length() + 1);
    }

    private String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "<unreadable " + log + ">";
        }
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private static List<String> split(String list) {
        return list == null || list.isEmpty() ? List.of() : List.of(list.split(","));
    }

    private static Path onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    @Override
    public void close() {
        try {
            stdin.write("end\n");
            stdin.close();
        } catch (IOException e) {
            // the script is gone already; make sure below
        }
        try {
            if (!process.waitFor(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(process);
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
