package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * README.md's configuration table is generated from {@link ConfigKeys}; this fails when the two
 * differ. Run with {@code -Dedgeway.updateReadme=true} to rewrite the table in place.
 */
class ConfigReferenceTest {

    private static Path readme() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("../README.md").normalize();
    }

    @Test
    void readmeTableMatchesTheKeyRegistry() throws IOException {
        Path readme = readme();
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        String expected = ConfigReference.replaceTable(text);
        if (Boolean.getBoolean("edgeway.updateReadme") && !expected.equals(text)) {
            Files.writeString(readme, expected, StandardCharsets.UTF_8);
            text = expected;
        }
        assertThat(text).as("README.md configuration table; regenerate with -Dedgeway.updateReadme=true")
                .isEqualTo(expected);
    }

    @Test
    void tableHasOneRowPerKey() {
        String table = ConfigReference.markdownTable();
        assertThat(table.lines().count()).isEqualTo(ConfigKeys.ALL.size() + 2);
        assertThat(table).contains("| `min-port` | `EDGEWAY_MIN_PORT` | `49152` | Lowest relay port. Value: `port`. Same as coturn. |");
        assertThat(table).contains("Value: `port\\|off`.");
    }
}
