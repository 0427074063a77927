package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A misspelt name anywhere is an error that names it, with the likely intended name. */
class UnknownKeyTest {

    @TempDir
    Path dir;

    @Test
    void unknownYamlKeySuggestsTheClosestKey() throws IOException {
        Path f = Files.writeString(dir.resolve("e.yaml"), "listening-prot: 3478\nrelay_ip: 10.0.0.1\nstatic-auth-secrets: x\n");
        assertThat(Loading.problems("--config", f.toString())).containsExactly(
                "listening-prot: unknown key in " + f + " (did you mean listening-port?)",
                "relay_ip: unknown key in " + f + " (did you mean relay-ip?)",
                "static-auth-secrets: unknown key in " + f + " (did you mean static-auth-secret?)");
    }

    @Test
    void farOffNamesGetNoSuggestion() throws IOException {
        Path f = Files.writeString(dir.resolve("e.yaml"), "zz-quux-frobnicate: 1\n");
        assertThat(Loading.problems("--config", f.toString()))
                .containsExactly("zz-quux-frobnicate: unknown key in " + f);
    }

    @Test
    void unknownEnvironmentVariableSuggestsTheClosest() {
        assertThat(Loading.problems(Map.of("EDGEWAY_MIN_PROT", "1", "EDGEWAY_CONFG", "x", "PATH", "/bin")))
                .containsExactly(
                        "EDGEWAY_CONFG: unknown environment variable (did you mean EDGEWAY_CONFIG?)",
                        "EDGEWAY_MIN_PROT: unknown environment variable (did you mean EDGEWAY_MIN_PORT?)");
    }

    @Test
    void unknownFlagSuggestsTheClosest() {
        assertThat(Loading.problems("--relam=x")).containsExactly("--relam: unknown option (did you mean --realm?)");
        assertThat(Loading.problems("--no-tls", "--no-dtls")).containsExactly("--no-dtls: unknown option (did you mean --no-tls?)");
    }

    @Test
    void distanceCountsSwapsAsOneEdit() {
        assertThat(DidYouMean.distance("relam", "realm")).isEqualTo(1);
        assertThat(DidYouMean.distance("min-prot", "min-port")).isEqualTo(1);
        assertThat(DidYouMean.distance("", "abc")).isEqualTo(3);
        assertThat(DidYouMean.closest("zzzzzz", List.of("realm"))).isEmpty();
    }
}
