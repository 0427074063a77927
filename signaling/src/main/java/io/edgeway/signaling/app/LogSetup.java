package io.edgeway.signaling.app;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import java.util.Locale;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code log-format} to logback. logback.xml picks its appender from the
 * {@value #PROPERTY} property; because logback may already have configured itself by the time
 * the configuration is read, this sets the property and has logback configure itself again.
 * Call once, from the main thread, before the first log line that matters.
 */
final class LogSetup {

    /** The property logback.xml reads: {@code text} or {@code json}. */
    static final String PROPERTY = "edgeway.log.format";

    private LogSetup() {
    }

    static void apply(LogFormat format) {
        System.setProperty(PROPERTY, format.name().toLowerCase(Locale.ROOT));
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext)) {
            // Another SLF4J binding was put on the class path on purpose; leave it alone.
            return;
        }
        LoggerContext ctx = (LoggerContext) factory;
        ctx.reset();
        try {
            new ContextInitializer(ctx).autoConfig();
        } catch (JoranException e) {
            throw new IllegalStateException("logback configuration failed", e);
        }
    }
}
