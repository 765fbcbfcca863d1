package dev.clusterlab.ipc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A temporary directory only this user can enter (0700), holding the primary's IPC socket: other
 * users cannot even connect, and the handshake keeps out this user's other processes.
 */
public final class PrivateSocketDir implements AutoCloseable {
    /** The start of every such directory's name; the owner's pid follows. */
    public static final String PREFIX = "clusterlab-";
    private final Path dir;

    private PrivateSocketDir(Path dir) {
        this.dir = dir;
    }

    // tag::create[]
    /**
     * Creates a fresh directory under the system temp dir, named {@code clusterlab-<pid>-<random>}
     * after this process, so that whoever finds it knows whose it was.
     */
    public static PrivateSocketDir create() {
        try {
            // Unix socket paths are limited to ~104 bytes: prefer the short /tmp when java.io.tmpdir is long.
            Path base = Path.of(System.getProperty("java.io.tmpdir"));
            if (base.toString().length() > 60 && Files.isDirectory(Path.of("/tmp"))) {
                base = Path.of("/tmp");
            }
            String prefix = PREFIX + ProcessHandle.current().pid() + "-";
            Path dir = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                    ? Files.createTempDirectory(base, prefix,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
                    : Files.createTempDirectory(base, prefix);
            return new PrivateSocketDir(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the cluster's private IPC directory", e);
        }
    }
    // end::create[]

    /** The path of a socket named {@code name} in this directory. */
    public Path socket(String name) {
        return dir.resolve(name);
    }

    /** The directory. */
    public Path path() {
        return dir;
    }

    /** Deletes the directory and the sockets in it. */
    @Override
    public void close() {
        delete(dir);
    }

    /**
     * Deletes {@code dir}, a directory this class created, and the sockets in it: for a worker
     * that outlives a primary killed too hard to clean up after itself.
     */
    public static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // Best effort: a leftover empty dir in /tmp harms nobody.
        }
    }
}
