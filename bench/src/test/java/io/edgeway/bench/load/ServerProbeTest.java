package io.edgeway.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerProbeTest {

    @Test
    void heapUsedIsReadFromG1Output() {
        String g1 = "12345:\n"
                + " garbage-first heap   total 262144K, used 61440K [0x0000000700000000, 0x0000000800000000)\n"
                + "  region size 1024K, 45 young (46080K), 3 survivors (3072K)\n"
                + " Metaspace       used 20480K, committed 20992K, reserved 1114112K\n"
                + "  class space    used 2048K, committed 2304K, reserved 1048576K\n";
        assertThat(ServerProbe.parseHeapUsed(g1)).isEqualTo(61440L * 1024);
    }

    @Test
    void heapUsedSumsYoungAndOldOfParallelOutput() {
        String parallel = " PSYoungGen      total 76288K, used 10000K [0x00000007b5580000, 0x00000007c0000000)\n"
                + "  eden space 65536K, 15% used [0x00000007b5580000,0x00000007b5f1c000,0x00000007b9580000)\n"
                + " ParOldGen       total 175104K, used 5000K [0x0000000740000000, 0x000000074ab00000)\n"
                + " Metaspace       used 3000K, committed 3200K, reserved 1056768K\n";
        assertThat(ServerProbe.parseHeapUsed(parallel)).isEqualTo(15000L * 1024);
    }

    @Test
    void unknownOutputGivesMinusOne() {
        assertThat(ServerProbe.parseHeapUsed("Could not attach")).isEqualTo(-1);
    }

    @Test
    void thisProcessHasCpuTimeAndMemory() {
        ServerProbe self = ServerProbe.self();
        assertThat(self.cpuSeconds()).isPositive();
        assertThat(self.systemCpuSeconds()).isBetween(0.0, self.cpuSeconds());
        assertThat(self.rssBytes()).isPositive();
        assertThat(self.rssPeakBytes()).isGreaterThanOrEqualTo(self.rssBytes());
        assertThat(self.isJvm()).isTrue();
    }

    @Test
    void aMissingProcessReadsAsMinusOne() {
        ServerProbe missing = new ServerProbe(Long.MAX_VALUE);
        assertThat(missing.cpuSeconds()).isEqualTo(-1);
        assertThat(missing.systemCpuSeconds()).isEqualTo(-1);
        assertThat(missing.rssBytes()).isEqualTo(-1);
        assertThat(missing.isJvm()).isFalse();
        assertThat(missing.heapUsedBytes(false)).isEqualTo(-1);
    }
}
