package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.turn.config.TurnServerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example configuration shipped in deploy/config loads, validates and maps to a server config. */
class DeployExamplesTest {

    static Stream<Path> examples() throws IOException {
        Path dir = Path.of("..", "deploy", "config");
        assertThat(dir).as("deploy/config next to the signaling module").isDirectory();
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void exampleLoadsAndValidates(Path example) {
        EdgewayConfig config = Loading.valid("--config", example.toString());
        TurnServerConfig turn = config.toTurnServerConfig();
        assertThat(turn.realm()).isNotBlank();
        assertThat(turn.minPort()).isLessThanOrEqualTo(turn.maxPort());
        assertThat(turn.staticUsers().isEmpty() && turn.authSecrets().isEmpty())
                .as("an example must configure credentials").isFalse();
    }

    @Test
    void theDevLaptopExampleIsLoopbackOnlyOnEveryPort() {
        EdgewayConfig config = Loading.valid("--config", Path.of("..", "deploy", "config", "dev-laptop.yaml").toString());
        assertThat(config.get(ConfigKeys.LISTENING_IP)).isNotEmpty().allMatch(InetAddress::isLoopbackAddress);
        assertThat(config.httpListeningIps()).as("the HTTP port follows listening-ip")
                .isNotEmpty().allMatch(InetAddress::isLoopbackAddress);
        assertThat(config.get(ConfigKeys.RELAY_IP)).isNotEmpty().allMatch(InetAddress::isLoopbackAddress);
    }
}
