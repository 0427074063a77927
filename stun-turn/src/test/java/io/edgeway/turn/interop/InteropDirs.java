package io.edgeway.turn.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where interop tests keep their output and scratch files: {@code <module>/target/interop/<name>}. */
public final class InteropDirs {

    private InteropDirs() {
    }

    /** The folder of the module under test; failsafe sets {@code basedir}, an IDE usually runs from it. */
    public static Path moduleDir() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
    }

    /** A fresh-or-existing folder {@code target/interop/<name>} (created). */
    public static Path output(String name) {
        Path dir = moduleDir().resolve("target").resolve("interop").resolve(name);
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new, empty folder under {@code target/interop/<name>}, for profiles and databases. */
    public static Path fresh(String name, String prefix) {
        try {
            return Files.createTempDirectory(output(name), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
