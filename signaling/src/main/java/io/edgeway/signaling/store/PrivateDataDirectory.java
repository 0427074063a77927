package io.edgeway.signaling.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded database's directory ({@code data-dir}), kept private to the service user: it holds the
 * participant-token signing key and the TURN minting secret (both in the H2 file), so anyone who can
 * read it can mint tokens and TURN credentials. The directory is made 0700 (created so, or tightened
 * with a WARN when it was open to others) and the files in it 0600; new files H2 makes later sit inside
 * the private directory.
 *
 * <p>On a file system without POSIX permissions nothing is changed and a WARN says so once.
 */
public final class PrivateDataDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(PrivateDataDirectory.class);
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateDataDirectory() {
    }

    /** Creates {@code dir} (and missing parents) or tightens it: 0700. */
    public static void prepare(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            Files.createDirectories(dir);
        }
        PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
        if (view == null) {
            LOG.warn("data-dir {} is on a file system without POSIX permissions: keep it private to the service"
                    + " user by other means (it holds the token-signing key and the TURN secret)", dir);
            return;
        }
        Set<PosixFilePermission> before = view.readAttributes().permissions();
        if (!before.equals(DIRECTORY)) {
            view.setPermissions(DIRECTORY);
            if (before.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                LOG.warn("data-dir {} was {} (open to other users): made it rwx------, as it holds the token-signing"
                        + " key and the TURN secret", dir, PosixFilePermissions.toString(before));
            }
        }
    }

    /** Makes every regular file directly in {@code dir} 0600 (after the database created its files). */
    public static void restrictFiles(Path dir) throws IOException {
        if (Files.getFileAttributeView(dir, PosixFileAttributeView.class) == null) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file) && !Files.isSymbolicLink(file)) {
                    Files.setPosixFilePermissions(file, FILE);
                }
            }
        }
    }
}
