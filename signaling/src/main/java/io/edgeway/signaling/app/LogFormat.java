package io.edgeway.signaling.app;

/** Format of log lines on stdout; chosen by {@code log-format} and applied by {@link LogSetup}. */
public enum LogFormat {
    /** One short human-readable line per event. */
    TEXT,
    /** One JSON object per line (see {@link JsonLogLayout}). */
    JSON
}
