package io.edgeway.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test fixture: the executor blocking DTLS handshakes run on (never an event loop), as the process
 * has one, with daemon threads named {@code dtls-handshake-N}, and its orderly shutdown.
 */
final class HandshakeThreads {

    private HandshakeThreads() {
    }

    static ExecutorService start() {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "dtls-handshake-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Interrupts running handshakes and asserts that every thread ended. */
    static void stop(ExecutorService handshakes) throws InterruptedException {
        handshakes.shutdownNow();
        assertThat(handshakes.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
}
