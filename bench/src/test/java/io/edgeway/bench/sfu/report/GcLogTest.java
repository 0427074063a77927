package io.edgeway.bench.sfu.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GcLogTest {

    @Test
    void readsThePausesOfUnifiedGcLogLines() {
        GcLog.Pauses p = GcLog.parse("""
                [0.012s] Using G1
                [3.456s] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->8M(256M) 2.500ms
                [4.001s] GC(1) Pause Young (Concurrent Start) (G1 Humongous Allocation) 30M->9M(256M) 1.250ms
                [4.100s] GC(2) Concurrent Mark Cycle 20.000ms
                """);
        assertThat(p.count()).isEqualTo(2);
        assertThat(p.totalMillis()).isEqualTo(3.75);
        assertThat(p.maxMillis()).isEqualTo(2.5);
    }
}
