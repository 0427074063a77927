package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.core.time.Clock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HelpTest {

    private static String help() {
        ConfigLoader.Outcome o = Loading.create().load(Map.of(), "--help");
        assertThat(o).isInstanceOf(ConfigLoader.ShowText.class);
        return ((ConfigLoader.ShowText) o).text();
    }

    @Test
    void helpListsEveryKeyWithItsEnvironmentVariable() {
        String help = help();
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            assertThat(help).as(key.name()).contains(key.option()).contains(key.envName());
        }
        assertThat(help).contains("--config", "EDGEWAY_CONFIG", "--coturn-config", "EDGEWAY_COTURN_CONFIG",
                "--print-config", "--version", "--help");
    }

    @Test
    void helpShowsDefaultsAndCoturnOrigin() {
        assertThat(help())
                .contains("Default: 3478. Env: EDGEWAY_LISTENING_PORT. Same as coturn.")
                .contains("Default: off. Env: EDGEWAY_ALT_TLS_LISTENING_PORT.")
                .contains("Env: EDGEWAY_USER. Same as coturn. Repeatable.")
                .contains("Precedence: built-in defaults < --coturn-config < --config < environment < flags.");
    }

    @Test
    void helpAndVersionExitZeroOnStdout() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Main main = new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(), new Random(1), Clock.SYSTEM);
        assertThat(main.run(new String[] {"--version"})).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Edgeway ");
        assertThat(main.run(new String[] {"-h"})).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: edgeway [OPTIONS]");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void versionComesFromTheBuild() {
        assertThat(Version.current()).doesNotContain("${").isNotEqualTo("unknown");
    }
}
