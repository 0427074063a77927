package io.edgeway.bench.sfu.report;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GC pauses from a JVM's unified GC log ({@code -Xlog:gc:file=...}): the lines appended between two
 * offsets of the file, so that only the measurement window counts. A line reads like
 * {@code [12.345s] GC(3) Pause Young (Normal) (G1 Evacuation Pause) 23M->5M(256M) 3.456ms}.
 */
public final class GcLog {

    private static final Pattern PAUSE = Pattern.compile("Pause.*\\s([0-9]+(?:\\.[0-9]+)?)ms\\s*$");

    /** Pauses in a window: how many, their sum and the longest, in milliseconds. */
    public record Pauses(long count, double totalMillis, double maxMillis) {
        public static final Pauses NONE = new Pauses(0, 0, 0);
    }

    private GcLog() {
    }

    /** The log's length now, or 0 when it does not exist yet. */
    public static long offset(Path log) {
        try {
            return log == null ? 0 : Files.size(log);
        } catch (IOException e) {
            return 0;
        }
    }

    /** The pauses logged from byte {@code from} to {@code to}. */
    public static Pauses between(Path log, long from, long to) {
        if (log == null || to <= from) {
            return Pauses.NONE;
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            byte[] bytes = new byte[(int) Math.min(to - from, 64L << 20)];
            file.seek(from);
            file.readFully(bytes);
            return parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Pauses.NONE;
        }
    }

    static Pauses parse(String text) {
        long count = 0;
        double total = 0;
        double max = 0;
        for (String line : text.split("\n")) {
            Matcher m = PAUSE.matcher(line);
            if (m.find()) {
                double millis = Double.parseDouble(m.group(1));
                count++;
                total += millis;
                max = Math.max(max, millis);
            }
        }
        return new Pauses(count, total, max);
    }
}
