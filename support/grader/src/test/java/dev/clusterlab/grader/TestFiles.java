package dev.clusterlab.grader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small file trees for tests. */
public final class TestFiles {
    private TestFiles() {
    }

    /** Writes {@code text} to {@code root/relative}, creating folders. */
    public static Path write(Path root, String relative, String text) {
        try {
            Path file = root.resolve(relative);
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads {@code root/relative}. */
    public static String read(Path root, String relative) {
        try {
            return Files.readString(root.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A minimal clusterlab repository: an aggregator pom listing {@code labs/task01} and
     * {@code labs/task02}, their poms, graded checks worth 3+5 and 10 points, and solutions.
     */
    public static Path repo(Path root) {
        write(root, "pom.xml", """
                <project>
                  <modules>
                    <module>support/runtime</module>
                    <module>labs/task01</module>
                    <module>labs/task02</module>
                    <module>solutions/task01</module>
                  </modules>
                </project>
                """);
        write(root, "mvnw", "#!/bin/sh\nexit 0\n");
        write(root, "labs/task01/pom.xml", "<project/>");
        write(root, "labs/task02/pom.xml", "<project/>");
        write(root, "labs/task01/src/test/java/dev/clusterlab/task01/ServerChecks.java", """
                package dev.clusterlab.task01;

                @Graded
                class ServerChecks {
                    @Test
                    @Points(3)
                    @Hint("Does the server answer on PORT?")
                    void answers() {
                    }

                    @Test
                    @DisplayName("CPU work blocks the event loop")
                    @Points(5)
                    void blocks() {
                    }
                }
                """);
        write(root, "labs/task02/src/test/java/dev/clusterlab/task02/ClusterChecks.java", """
                package dev.clusterlab.task02;

                class ClusterChecks {
                    @Points(10) @Test void forksOnePerCore() { }
                }
                """);
        write(root, "labs/task01/src/main/java/dev/clusterlab/task01/Server.java", "class Server { /* lab */ }\n");
        write(root, "labs/task02/src/main/java/dev/clusterlab/task02/Cluster.java", "class Cluster { /* lab */ }\n");
        write(root, "solutions/task01/src/main/java/dev/clusterlab/task01/Server.java", "class Server { /* SOLVED */ }\n");
        write(root, "solutions/task02/src/main/java/dev/clusterlab/task02/Cluster.java", "class Cluster { /* SOLVED */ }\n");
        write(root, "support/runtime/pom.xml", "<project/>");
        write(root, "support/runtime/target/junk.txt", "build output");
        return root;
    }
}
