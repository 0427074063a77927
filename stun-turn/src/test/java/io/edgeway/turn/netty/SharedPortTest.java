package io.edgeway.turn.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.BindException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharedPortTest {

    /** Listeners whose TCP bind fails on the ports in {@code takenTcp}; UDP gets 40000, 40001, ... for 0. */
    private static final class ScriptedListeners implements SharedPort.Listeners {
        final List<Integer> takenTcp;
        final List<String> calls = new ArrayList<>();
        int nextKernelPort = 40000;

        ScriptedListeners(List<Integer> takenTcp) {
            this.takenTcp = takenTcp;
        }

        @Override
        public int bindUdp(int port) {
            int bound = port == 0 ? nextKernelPort++ : port;
            calls.add("udp " + bound);
            return bound;
        }

        @Override
        public void bindTcp(int port) throws IOException {
            calls.add("tcp " + port);
            if (takenTcp.contains(port)) {
                throw new BindException("Address already in use");
            }
        }

        @Override
        public void releaseUdp() {
            calls.add("release udp");
        }
    }

    @Test
    void aKernelChosenPortWhoseTcpTwinIsTakenIsChosenAgain() throws Exception {
        ScriptedListeners listeners = new ScriptedListeners(List.of(40000, 40001));
        SharedPort.bind(0, true, true, listeners);
        assertThat(listeners.calls).containsExactly("udp 40000", "tcp 40000", "release udp",
                "udp 40001", "tcp 40001", "release udp", "udp 40002", "tcp 40002");
    }

    @Test
    void aPortTheOperatorChoseIsTriedOnce() {
        ScriptedListeners listeners = new ScriptedListeners(List.of(3478));
        assertThatThrownBy(() -> SharedPort.bind(3478, true, true, listeners)).isInstanceOf(BindException.class);
        assertThat(listeners.calls).containsExactly("udp 3478", "tcp 3478");
    }

    @Test
    void clashesAreRetriedABoundedNumberOfTimes() {
        List<Integer> everyPort = new ArrayList<>();
        for (int p = 40000; p < 40000 + 2 * SharedPort.ATTEMPTS; p++) {
            everyPort.add(p);
        }
        ScriptedListeners listeners = new ScriptedListeners(everyPort);
        assertThatThrownBy(() -> SharedPort.bind(0, true, true, listeners)).isInstanceOf(BindException.class);
        assertThat(listeners.calls.stream().filter(c -> c.startsWith("tcp"))).hasSize(SharedPort.ATTEMPTS);
        // the last attempt's UDP listeners stay for the caller's cleanup (the server closes everything)
        assertThat(listeners.calls.stream().filter(c -> c.equals("release udp"))).hasSize(SharedPort.ATTEMPTS - 1);
    }

    @Test
    void onlyTheEnabledSidesAreBound() throws Exception {
        ScriptedListeners udpOnly = new ScriptedListeners(List.of());
        SharedPort.bind(0, true, false, udpOnly);
        assertThat(udpOnly.calls).containsExactly("udp 40000");

        ScriptedListeners tcpOnly = new ScriptedListeners(List.of());
        SharedPort.bind(0, false, true, tcpOnly);
        assertThat(tcpOnly.calls).containsExactly("tcp 0");
    }
}
