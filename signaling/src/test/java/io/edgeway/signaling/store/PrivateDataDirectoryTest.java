package io.edgeway.signaling.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data directory holds the token-signing private key and the TURN minting secret (in the H2 file):
 * it is made private to the service user, 0700, and its files 0600, with a real H2 database opened in it.
 * Before issue #10's fix it was created with the process's umask (0755, files 0644 here).
 */
class PrivateDataDirectoryTest {

    @TempDir
    Path parent;

    @Test
    void aNewDataDirectoryAndTheDatabaseFilesArePrivate() throws Exception {
        Path dir = parent.resolve("data");
        PrivateDataDirectory.prepare(dir);
        Database.open(Database.h2Url(dir), null, null, 2).close();
        PrivateDataDirectory.restrictFiles(dir);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("edgeway.mv.db");
        for (Path file : files) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString())
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void anExistingDirectoryOpenToOthersIsTightened() throws Exception {
        Path dir = Files.createDirectory(parent.resolve("shared"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxr-x"));
        Path file = Files.createFile(dir.resolve("edgeway.mv.db"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        PrivateDataDirectory.prepare(dir);
        PrivateDataDirectory.restrictFiles(dir);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}
