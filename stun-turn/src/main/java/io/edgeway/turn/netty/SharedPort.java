package io.edgeway.turn.netty;

import java.io.IOException;

/**
 * UDP and TCP listeners on one port number, as TURN clients expect (3478 for both). When the port is left
 * to the kernel (0), it picks a number for UDP, and that number's TCP twin may already be taken, by any
 * outgoing connection's ephemeral port among others; the UDP side is then given back and the kernel asked
 * again, a bounded number of times. A port the operator chose is tried once: its failure is the answer.
 */
final class SharedPort {

    /** How often a kernel-chosen pair is tried; a clash is rare, eight in a row would mean something else. */
    static final int ATTEMPTS = 8;

    /** The listeners of one address, bound by the transport. */
    interface Listeners {
        /** Binds the UDP listeners to {@code port} (0: the kernel picks) and returns the port they got. */
        int bindUdp(int port) throws Exception;

        /** Binds the TCP listener to {@code port}. */
        void bindTcp(int port) throws Exception;

        /** Closes and forgets the UDP listeners the last {@link #bindUdp} opened. */
        void releaseUdp();
    }

    private SharedPort() {
    }

    /** Binds what is enabled on {@code requested}, retrying kernel-chosen pairs whose TCP twin is taken. */
    static void bind(int requested, boolean udp, boolean tcp, Listeners listeners) throws Exception {
        boolean kernelChosen = requested == 0 && udp && tcp;
        for (int attempt = 1; ; attempt++) {
            int port = udp ? listeners.bindUdp(requested) : requested;
            if (!tcp) {
                return;
            }
            try {
                listeners.bindTcp(port);
                return;
            } catch (Exception e) {
                // Netty rethrows a bind failure undeclared, as an IOException (EADDRINUSE)
                if (!kernelChosen || attempt == ATTEMPTS || !(e instanceof IOException)) {
                    throw e;
                }
                listeners.releaseUdp();
            }
        }
    }
}
