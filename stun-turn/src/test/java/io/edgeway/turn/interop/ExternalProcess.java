package io.edgeway.turn.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One child process started by a test, its stdout and stderr going to a log file. Closing it kills
 * the process and everything it started (by process handle, never by name), so nothing outlives the
 * test. Not thread-safe: one test thread owns it.
 */
public final class ExternalProcess implements AutoCloseable {

    private final List<String> command;
    private final Process process;
    private final Path log;

    private ExternalProcess(List<String> command, Process process, Path log) {
        this.command = command;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} with stdin closed and both output streams appended to {@code log}. */
    public static ExternalProcess start(List<String> command, Path log, Map<String, String> extraEnv) {
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        pb.environment().putAll(extraEnv);
        try {
            Files.writeString(log, "");
            return new ExternalProcess(List.copyOf(command), pb.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
    }

    /** Outcome of {@link #runToEnd}. */
    public record Result(int exitCode, String output, Path log) {
    }

    /**
     * Runs {@code command} to its end and returns its exit code and output. If it has not ended
     * within {@code timeout} it is killed with its children and an AssertionError says so.
     */
    public static Result runToEnd(List<String> command, Path log, Duration timeout, Map<String, String> extraEnv) {
        try (ExternalProcess p = start(command, log, extraEnv)) {
            int code = p.awaitExit(timeout);
            return new Result(code, p.output(), log);
        }
    }

    /** Waits for the process to end; kills it and throws AssertionError after {@code timeout}. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw new AssertionError("Timed out after " + timeout.toSeconds() + " s, killed: "
                        + String.join(" ", command) + "\nlog " + log + ":\n" + tail(output(), 40));
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new AssertionError("interrupted while waiting for " + command.get(0), e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** Everything the process printed so far. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<unreadable log " + log + ": " + e + ">";
        }
    }

    public static String tail(String text, int lines) {
        String[] all = text.split("\n", -1);
        int from = Math.max(0, all.length - lines);
        return String.join("\n", java.util.Arrays.asList(all).subList(from, all.length));
    }

    private void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive() || process.descendants().findAny().isPresent()) {
            // Ask politely first so servers flush their logs, then make sure.
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(3, TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
            }
            process.descendants().forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File("/dev/null");
    }
}
