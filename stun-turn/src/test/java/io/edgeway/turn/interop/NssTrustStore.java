package io.edgeway.turn.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A throwaway HOME whose NSS database ({@code ~/.pki/nssdb}, what Chromium on Linux reads for locally
 * trusted certificates) trusts one server certificate, made with {@code certutil} from Debian
 * {@code libnss3-tools}. Chromium launched with this HOME then validates our TURN-over-TLS
 * certificate for real, instead of having validation switched off.
 */
public final class NssTrustStore {

    private NssTrustStore() {
    }

    /** Creates {@code home/.pki/nssdb} trusting {@code certificatePem} as a TLS server (trust "P,,"). */
    public static Path homeTrusting(Path certificatePem, Path home) {
        return home(certificatePem, home, "P,,");
    }

    /**
     * Creates {@code home/.pki/nssdb} trusting {@code authorityPem} as a certificate authority for TLS
     * servers (trust "C,,"): every server certificate it issued is accepted after the usual chain and name
     * checks.
     */
    public static Path homeTrustingAuthority(Path authorityPem, Path home) {
        return home(authorityPem, home, "C,,");
    }

    private static Path home(Path certificatePem, Path home, String trust) {
        Path certutil = RealPeers.executable("certutil", "libnss3-tools");
        Path db = home.resolve(".pki").resolve("nssdb");
        try {
            Files.createDirectories(db);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String dbArg = "sql:" + db;
        run(List.of(certutil.toString(), "-N", "-d", dbArg, "--empty-password"), home.resolve("certutil-new.log"));
        run(List.of(certutil.toString(), "-A", "-d", dbArg, "-t", trust, "-n", "edgeway-interop-turns",
                "-i", certificatePem.toString()), home.resolve("certutil-add.log"));
        return home;
    }

    private static void run(List<String> command, Path log) {
        ExternalProcess.Result r = ExternalProcess.runToEnd(command, log, Duration.ofSeconds(30), Map.of());
        if (r.exitCode() != 0) {
            throw new AssertionError("certutil failed (exit " + r.exitCode() + "): " + command + "\n" + r.output());
        }
    }
}
