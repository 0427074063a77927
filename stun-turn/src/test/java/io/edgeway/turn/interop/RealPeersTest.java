package io.edgeway.turn.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A missing peer fails the test, naming the package and the script that installs it; it never skips. */
class RealPeersTest {

    @Test
    void aMissingExecutableIsAFailureThatPointsAtTheTestScript() {
        assertThatThrownBy(() -> RealPeers.executable("edgeway-no-such-peer", "edgeway-no-such-package"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("edgeway-no-such-package")
                .hasMessageContaining("scripts/test.sh");
    }

    @Test
    void aMissingFileIsAFailureThatSaysWhatProvidesIt() {
        assertThatThrownBy(() -> RealPeers.file(Path.of("/nonexistent/edgeway"), "npm ci somewhere"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("npm ci somewhere")
                .hasMessageContaining("scripts/test.sh");
    }

    @Test
    void findsAnExecutableOnThePath() {
        assertThat(RealPeers.executable("sh", "dash")).isExecutable();
    }
}
