package io.edgeway.turn.interop;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the real peers' executables and files. A missing one fails the test, never skips it: interop
 * that silently does not run is worse than none. {@code scripts/test.sh} installs all of them.
 */
public final class RealPeers {

    private RealPeers() {
    }

    /** The executable {@code name} from PATH (or /usr/bin, /usr/sbin), else an AssertionError naming the package. */
    public static Path executable(String name, String debianPackage) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(List.of("/usr/bin", "/usr/sbin", "/usr/local/bin"));
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw missing("executable '" + name + "' (Debian package " + debianPackage + ")");
    }

    /** {@code file} itself when it exists, else an AssertionError saying what provides it. */
    public static Path file(Path file, String providedBy) {
        if (!Files.exists(file)) {
            throw missing(file.toAbsolutePath() + " (" + providedBy + ")");
        }
        return file;
    }

    private static AssertionError missing(String what) {
        return new AssertionError("Interop peer missing: " + what
                + ". Run scripts/test.sh from the repository root: it installs every real peer the tests need.");
    }
}
