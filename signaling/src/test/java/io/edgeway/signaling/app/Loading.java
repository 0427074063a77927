package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Test helper: runs {@link ConfigLoader} with a given environment and a seeded random source. */
final class Loading {

    /** Output of the last load's notices (the coturn import report). */
    final ByteArrayOutputStream notices = new ByteArrayOutputStream();

    private Loading() {
    }

    static Loading create() {
        return new Loading();
    }

    ConfigLoader.Outcome load(Map<String, String> env, String... args) {
        return ConfigLoader.load(args, env, new Random(42), new PrintStream(notices, true, StandardCharsets.UTF_8));
    }

    String notices() {
        return notices.toString(StandardCharsets.UTF_8);
    }

    /** Loads and expects a valid configuration. */
    static EdgewayConfig valid(Map<String, String> env, String... args) {
        ConfigLoader.Outcome o = create().load(env, args);
        if (o instanceof ConfigLoader.Invalid) {
            throw new AssertionError("expected a valid configuration, got " + ((ConfigLoader.Invalid) o).problems());
        }
        assertThat(o).isInstanceOf(ConfigLoader.Loaded.class);
        return ((ConfigLoader.Loaded) o).config();
    }

    static EdgewayConfig valid(String... args) {
        return valid(Map.of(), args);
    }

    /** Loads and expects an invalid configuration; returns the problems. */
    static List<String> problems(Map<String, String> env, String... args) {
        ConfigLoader.Outcome o = create().load(env, args);
        assertThat(o).as("outcome").isInstanceOf(ConfigLoader.Invalid.class);
        return ((ConfigLoader.Invalid) o).problems();
    }

    static List<String> problems(String... args) {
        return problems(Map.of(), args);
    }
}
