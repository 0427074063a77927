package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.core.time.Clock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --print-config}: the effective configuration as YAML, secrets redacted, loadable again. */
class PrintConfigTest {

    private static final String[] ARGS = {
        "--listening-ip", "127.0.0.1", "--listening-ip", "::1", "--listening-port", "3480",
        "--alt-tls-listening-port", "443", "--no-udp", "--external-ip", "203.0.113.1/10.0.0.1",
        "--min-port", "50000", "--max-port", "50100", "--realm", "example.org", "--software", "",
        "--user", "alice:very-secret-password", "--user", "bob:0x0123456789abcdef0123456789abcdef",
        "--use-auth-secret", "--static-auth-secret", "rest-secret-one", "--static-auth-secret", "rest-secret-two",
        "--allowed-peer-ip", "127.0.0.0/8", "--transport", "epoll", "--log-format", "json", "--max-bps", "99"};

    @TempDir
    Path dir;

    private static String print(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = new Main(new PrintStream(out, true, StandardCharsets.UTF_8), System.err, Map.of(), new Random(3), Clock.SYSTEM)
                .run(args);
        assertThat(status).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String[] with(String... more) {
        List<String> all = new ArrayList<>(List.of(ARGS));
        all.add(PRINT_CONFIG);
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }

    private static final String PRINT_CONFIG = "--print-config";

    @Test
    void secretsAreRedacted() {
        String yaml = print(with());
        assertThat(yaml).doesNotContain("very-secret-password", "0123456789abcdef", "rest-secret-one", "rest-secret-two")
                .contains("  - alice:<redacted>", "  - bob:<redacted>")
                .contains("static-auth-secret:\n  - <redacted>\n  - <redacted>\n");
    }

    @Test
    void listsEveryKey() {
        String yaml = print(with());
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            assertThat(yaml).contains("\n" + key.name() + ":");
        }
    }

    @Test
    void printedYamlLoadsBackToTheSameConfigurationOnceSecretsAreGiven() throws IOException {
        String yaml = print(with());
        Path file = Files.writeString(dir.resolve("printed.yaml"), yaml);

        // As printed, the placeholders are refused rather than taken as passwords.
        assertThat(Loading.problems("--config", file.toString())).containsExactly(
                "user: password of alice is the <redacted> placeholder from --print-config; give the real password",
                "user: password of bob is the <redacted> placeholder from --print-config; give the real password",
                "static-auth-secret: is the <redacted> placeholder from --print-config; give the real secret",
                "static-auth-secret: is the <redacted> placeholder from --print-config; give the real secret");

        // With the secrets supplied again (here by environment, which beats the file), it is the same.
        EdgewayConfig reloaded = Loading.valid(Map.of(
                "EDGEWAY_USER", "alice:very-secret-password,bob:0x0123456789abcdef0123456789abcdef",
                "EDGEWAY_STATIC_AUTH_SECRET", "rest-secret-one,rest-secret-two"), "--config", file.toString());
        EdgewayConfig original = Loading.valid(ARGS);
        assertThat(reloaded.toYaml()).isEqualTo(original.toYaml());
        assertThat(reloaded.toTurnServerConfig()).usingRecursiveComparison().isEqualTo(original.toTurnServerConfig());
    }

    @Test
    void generatedCredentialsArePrintedRedactedToo() {
        String yaml = print(PRINT_CONFIG);
        assertThat(yaml).contains("user:\n  - edgeway:<redacted>\n").contains("static-auth-secret:\n  - <redacted>\n");
    }
}
