package io.edgeway.core.media.dtls;

import java.util.Arrays;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.TlsContext;

/**
 * Derives the SRTP master keys of a completed DTLS-SRTP handshake with the TLS exporter.
 *
 * <p>RFC 5764 §4.2: label {@code "EXTRACTOR-dtls_srtp"}, no context value (RFC 5705 treats "no
 * context" and "empty context" differently, so this must be {@code null}, not an empty array), and
 * {@code 2 * (key_length + salt_length)} bytes.
 *
 * <p>Call it from the peer's {@code notifyHandshakeComplete()}, on the handshake thread: Bouncy Castle
 * 1.84 refuses exports anywhere else with an IllegalStateException.
 */
final class DtlsKeyExporter {

    private DtlsKeyExporter() {
    }

    static SrtpKeyMaterial export(TlsContext context, SrtpProtectionProfile profile) {
        byte[] exported = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, profile.exporterLength());
        try {
            return SrtpKeyMaterial.fromExporterOutput(profile,
                    context.isServer() ? DtlsRole.SERVER : DtlsRole.CLIENT, exported);
        } finally {
            // The split copies live on in SrtpKeyMaterial; this one is not needed any more.
            Arrays.fill(exported, (byte) 0);
        }
    }
}
