package io.edgeway.core.tls;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * Writes {@link TlsMaterial} as PEM for {@link TlsMaterial#writePem}: the key as unencrypted PKCS#8
 * ({@code PRIVATE KEY}, the one form every tool reads for every key type), the chain as
 * {@code CERTIFICATE} blocks. Stateless; blocking file I/O.
 */
final class PemTlsMaterialWriter {

    private PemTlsMaterialWriter() {
    }

    static void write(TlsMaterial material, Path certificateFile, Path keyFile) throws IOException {
        // Key first: see TlsMaterial#writePem for why this order is safe for a watching reloader.
        writeAtomically(keyFile, true, out -> {
            try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
                pem.writeObject(new JcaPKCS8Generator(material.key(), null));
            }
        });
        writeAtomically(certificateFile, false, out -> {
            try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
                for (X509Certificate certificate : material.chain()) {
                    pem.writeObject(certificate);
                }
            }
        });
    }

    private interface PemBody {
        void writeTo(Writer out) throws IOException;
    }

    /** Writes a sibling temporary file, then renames it over the target. */
    private static void writeAtomically(Path target, boolean secret, PemBody body) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        Path temporary;
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            // Set at creation, so the key is never readable by others, not even briefly. Certificates are
            // public; they get the usual mode rather than createTempFile's owner-only default.
            String mode = secret ? "rw-------" : "rw-r--r--";
            temporary = Files.createTempFile(directory, "." + absolute.getFileName(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
        } else {
            temporary = Files.createTempFile(directory, "." + absolute.getFileName(), ".tmp");
        }
        try {
            try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.US_ASCII)) {
                body.writeTo(out);
            }
            try {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
