package io.edgeway.turn.interop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link UclientSummary} reads the lines turnutils_uclient (coturn 4.6) really prints. */
class UclientSummaryTest {

    @Test
    void readsTheClosingFiguresAndIgnoresProgressLines() {
        String output = """
                0: : Total connect time is 0
                5: : start_mclient: msz=2, tot_send_msgs=40, tot_recv_msgs=38, tot_send_bytes ~ 4800, tot_recv_bytes ~ 4560
                6: : start_mclient: tot_send_msgs=80, tot_recv_msgs=79
                6: : start_mclient: tot_send_bytes ~ 9600, tot_recv_bytes ~ 9480
                6: : Total transmit time is 6
                6: : Total lost packets 1 (1.250000%), total send dropped 2 (2.439024%)
                6: : Average round trip delay 0.000000 ms; min = 0 ms, max = 0 ms
                """;

        UclientSummary s = UclientSummary.parse(output);

        assertThat(s.complete()).isTrue();
        assertThat(s.sentMessages()).isEqualTo(80);
        assertThat(s.receivedMessages()).isEqualTo(79);
        assertThat(s.sentBytes()).isEqualTo(9600);
        assertThat(s.receivedBytes()).isEqualTo(9480);
        assertThat(s.lostPackets()).isEqualTo(1);
        assertThat(s.sendDropped()).isEqualTo(2);
        assertThat(s.errorLines()).isEmpty();
    }

    @Test
    void aRefusedAllocationLeavesTheFiguresMissingAndKeepsTheErrorLine() {
        UclientSummary s = UclientSummary.parse("0: : ERROR: Cannot complete Allocation\n");

        assertThat(s.complete()).isFalse();
        assertThat(s.sentMessages()).isEqualTo(-1);
        assertThat(s.errorLines()).containsExactly("0: : ERROR: Cannot complete Allocation");
    }

    @Test
    void anErrorResponseLineCountsAsAnError() {
        UclientSummary s = UclientSummary.parse("""
                0: : channel bind sent
                0: : cb response received:\s
                0: : channel bind: error 400 (Bad Request)
                """);

        assertThat(s.errorLines()).containsExactly("0: : channel bind: error 400 (Bad Request)");
    }

    @Test
    void anAllocationMismatchUclientRetriedIsRecoveredNotAnError() {
        // As printed in a CI run: an earlier run's allocation still held the 5-tuple the kernel reused.
        UclientSummary s = UclientSummary.parse("""
                0: : error 437 (Allocation Mismatch)
                0: : error 437 (Allocation Mismatch)
                0: : trying allocate again 437...
                1: : Total connect time is 1
                7: : start_mclient: tot_send_msgs=80, tot_recv_msgs=80
                """);

        assertThat(s.errorLines()).isEmpty();
        assertThat(s.recoveredMismatches()).containsExactly("0: : error 437 (Allocation Mismatch)",
                "0: : error 437 (Allocation Mismatch)");
    }

    @Test
    void anAllocationMismatchWithoutARetryIsAnError() {
        UclientSummary s = UclientSummary.parse("0: : error 437 (Allocation Mismatch)\n");

        assertThat(s.errorLines()).containsExactly("0: : error 437 (Allocation Mismatch)");
        assertThat(s.recoveredMismatches()).isEmpty();
    }

    @Test
    void tlsVersionProbesAreNotErrors() {
        // uclient tries older TLS versions first; a server refusing them is doing the right thing.
        UclientSummary s = UclientSummary.parse("""
                0: : tls_connect: cannot connect: rc=-1, ctx=1
                0: : errno=0, err=0, error:0A00042E:SSL routines::tlsv1 alert protocol version (1)
                """);

        assertThat(s.errorLines()).isEmpty();
    }
}
