package dev.clusterlab.testkit;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Removes the IPC directories that primaries killed by a check leave behind: the clusterlab runtime
 * names each {@code clusterlab-<pid>-<random>} in the temp dir, and deletes it itself unless the
 * whole cluster was killed at once. Only directories of the given (dead) pids are touched.
 */
final class SocketDirs {
    private SocketDirs() {
    }

    /** Deletes {@code clusterlab-<pid>-*} for each of {@code deadPids}; best effort. */
    static void deleteOf(Collection<Long> deadPids) {
        Set<Path> bases = new LinkedHashSet<>();
        bases.add(Path.of("/tmp"));
        bases.add(Path.of(System.getProperty("java.io.tmpdir")));
        for (Path base : bases) {
            for (long pid : deadPids) {
                try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base, "clusterlab-" + pid + "-*")) {
                    for (Path dir : dirs) {
                        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                            delete(dir);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // A leftover directory harms nobody; never fail a check for it.
                }
            }
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
