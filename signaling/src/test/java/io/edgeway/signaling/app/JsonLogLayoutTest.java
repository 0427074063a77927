package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

class JsonLogLayoutTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static LoggingEvent event(String message, Throwable t) {
        LoggerContext ctx = new LoggerContext();
        Logger logger = ctx.getLogger("io.edgeway.Test");
        LoggingEvent e = new LoggingEvent("fqcn", logger, Level.WARN, message, t, null);
        e.setThreadName("main");
        e.setTimeStamp(1_700_000_000_123L);
        return e;
    }

    @Test
    void writesOneJsonObjectPerLine() throws Exception {
        LoggingEvent e = event("quote \" backslash \\ newline \n tab \t done", null);
        e.addKeyValuePair(new KeyValuePair("allocations", 3));
        String line = new JsonLogLayout().doLayout(e);
        assertThat(line).endsWith(System.lineSeparator());
        assertThat(line.strip()).doesNotContain("\n");
        JsonNode n = JSON.readTree(line);
        assertThat(n.get("ts").asText()).isEqualTo("2023-11-14T22:13:20.123Z");
        assertThat(n.get("level").asText()).isEqualTo("WARN");
        assertThat(n.get("logger").asText()).isEqualTo("io.edgeway.Test");
        assertThat(n.get("thread").asText()).isEqualTo("main");
        assertThat(n.get("msg").asText()).isEqualTo("quote \" backslash \\ newline \n tab \t done");
        assertThat(n.get("allocations").asText()).isEqualTo("3");
        assertThat(n.has("error")).isFalse();
    }

    @Test
    void includesTheStackTraceAsOneField() throws Exception {
        String line = new JsonLogLayout().doLayout(event("failed", new IllegalStateException("boom")));
        JsonNode n = JSON.readTree(line);
        assertThat(n.get("error").asText()).startsWith("java.lang.IllegalStateException: boom").contains("\tat ");
    }

    @Test
    void logbackXmlSelectsTheAppenderByLogFormat() throws Exception {
        assertThat(layoutOf("json")).isInstanceOf(JsonLogLayout.class);
        assertThat(layoutOf("text")).isNotInstanceOf(JsonLogLayout.class);
    }

    private static Object layoutOf(String format) throws Exception {
        LoggerContext ctx = new LoggerContext();
        ctx.putProperty(LogSetup.PROPERTY, format);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(ctx);
        configurator.doConfigure(JsonLogLayoutTest.class.getResource("/logback.xml"));
        ConsoleAppender<?> appender = (ConsoleAppender<?>) ctx.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT");
        assertThat(appender).as("STDOUT appender for " + format).isNotNull();
        assertThat(ctx.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.INFO);
        Object encoder = appender.getEncoder();
        Object layout = encoder instanceof LayoutWrappingEncoder ? ((LayoutWrappingEncoder<?>) encoder).getLayout() : encoder;
        ctx.stop();
        return layout;
    }
}
