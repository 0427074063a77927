package io.edgeway.bench.sfu.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Both DTLS roles of the harness against each other in memory, and the fingerprint check. */
class DtlsHandshakeTest {

    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void clientAndServerDeriveMirroredSrtpKeys() throws Exception {
        DtlsHandshake.warmUp(executor, 1);
    }

    @Test
    void aPeerWhoseCertificateIsNotTheSdpsFingerprintIsRefused() {
        DtlsIdentity client = DtlsIdentity.generate("client");
        DtlsIdentity server = DtlsIdentity.generate("server");
        DtlsIdentity impostor = DtlsIdentity.generate("impostor");
        DtlsHandshake[] pair = new DtlsHandshake[2];
        // The client expects the impostor's fingerprint, but the server presents its own certificate.
        pair[0] = new DtlsHandshake(client, true, impostor.sdpFingerprint(), r -> pair[1].offer(r));
        pair[1] = new DtlsHandshake(server, false, client.sdpFingerprint(), r -> pair[0].offer(r));
        CompletableFuture<DtlsHandshake.Keys> outcome = new CompletableFuture<>();
        pair[1].start(executor, new DtlsHandshake.Listener() {
            @Override
            public void onKeys(DtlsHandshake.Keys keys) {
            }

            @Override
            public void onFailed(Exception cause) {
            }
        });
        pair[0].start(executor, new DtlsHandshake.Listener() {
            @Override
            public void onKeys(DtlsHandshake.Keys keys) {
                outcome.complete(keys);
            }

            @Override
            public void onFailed(Exception cause) {
                outcome.completeExceptionally(cause);
            }
        });
        assertThatThrownBy(() -> outcome.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("bad_certificate");
        pair[0].close();
        pair[1].close();
        assertThat(outcome).isCompletedExceptionally();
    }
}
