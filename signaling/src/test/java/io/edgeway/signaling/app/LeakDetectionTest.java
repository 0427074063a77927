package io.edgeway.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.ResourceLeakDetector.Level;
import org.junit.jupiter.api.Test;

class LeakDetectionTest {

    @Test
    void anExplicitSettingWinsOverNettysProperty() {
        assertThat(LeakDetection.DISABLED.level("paranoid")).isEqualTo(Level.DISABLED);
        assertThat(LeakDetection.SIMPLE.level(null)).isEqualTo(Level.SIMPLE);
        assertThat(LeakDetection.ADVANCED.level("disabled")).isEqualTo(Level.ADVANCED);
        assertThat(LeakDetection.PARANOID.level(null)).isEqualTo(Level.PARANOID);
    }

    @Test
    void autoTurnsDetectionOffUnlessNettysPropertyWasGiven() {
        assertThat(LeakDetection.AUTO.level(null)).isEqualTo(Level.DISABLED);
        // The build runs every test with -Dio.netty.leakDetection.level=paranoid, which auto keeps: an
        // in-process server started by a test must not switch the suite's leak checks off.
        assertThat(System.getProperty(LeakDetection.NETTY_PROPERTY)).isEqualTo("paranoid");
        assertThat(LeakDetection.AUTO.level("paranoid")).isEqualTo(Level.PARANOID);
    }

    @Test
    void theSettingIsReadFromConfiguration() {
        assertThat(Loading.valid("--leak-detection", "simple").leakDetection()).isEqualTo(LeakDetection.SIMPLE);
        assertThat(Loading.valid().leakDetection()).isEqualTo(LeakDetection.AUTO);
    }
}
