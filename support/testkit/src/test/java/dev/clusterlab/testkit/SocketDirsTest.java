package dev.clusterlab.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SocketDirsTest {

    @Test
    void deletesTheDirectoriesOfTheGivenPidsOnly() throws IOException, InterruptedException {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long deadPid = gone.pid();
        long otherPid = ProcessHandle.current().pid();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path left = Files.createTempDirectory(tmp, "clusterlab-" + deadPid + "-");
        Files.writeString(left.resolve("primary.sock"), "");
        Path kept = Files.createTempDirectory(tmp, "clusterlab-" + otherPid + "-");
        try {
            SocketDirs.deleteOf(List.of(deadPid));

            assertThat(left).doesNotExist();
            assertThat(kept).isDirectory();
        } finally {
            Files.deleteIfExists(kept);
        }
    }
}
