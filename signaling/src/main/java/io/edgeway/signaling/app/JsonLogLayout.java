package io.edgeway.signaling.app;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.time.Instant;
import java.util.List;
import org.slf4j.event.KeyValuePair;

/**
 * Writes each log event as one JSON object on one line, for log collectors:
 * <pre>{"ts":"2025-01-01T10:00:00.123Z","level":"INFO","logger":"io.edgeway...","thread":"main","msg":"...","error":"..."}</pre>
 * SLF4J key-value pairs ({@code log.atInfo().addKeyValue(k, v)}) become extra string fields;
 * {@code error} appears only with a throwable. Selected by {@code log-format: json} through
 * logback.xml. Stateless apart from logback's lifecycle; safe for concurrent appenders.
 */
public final class JsonLogLayout extends LayoutBase<ILoggingEvent> {

    private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder sb = new StringBuilder(256);
        sb.append('{');
        field(sb, "ts", Instant.ofEpochMilli(event.getTimeStamp()).toString());
        sb.append(',');
        field(sb, "level", event.getLevel().toString());
        sb.append(',');
        field(sb, "logger", event.getLoggerName());
        sb.append(',');
        field(sb, "thread", event.getThreadName());
        sb.append(',');
        field(sb, "msg", event.getFormattedMessage());
        List<KeyValuePair> kvs = event.getKeyValuePairs();
        if (kvs != null) {
            for (KeyValuePair kv : kvs) {
                sb.append(',');
                field(sb, kv.key, String.valueOf(kv.value));
            }
        }
        if (event.getThrowableProxy() != null) {
            sb.append(',');
            field(sb, "error", ThrowableProxyUtil.asString(event.getThrowableProxy()));
        }
        sb.append('}').append(CoreConstants.LINE_SEPARATOR);
        return sb.toString();
    }

    private static void field(StringBuilder sb, String name, String value) {
        sb.append('"');
        ENCODER.quoteAsString(name, sb);
        sb.append("\":");
        if (value == null) {
            sb.append("null");
            return;
        }
        sb.append('"');
        ENCODER.quoteAsString(value, sb);
        sb.append('"');
    }
}
