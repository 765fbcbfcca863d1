package dev.clusterlab.grader.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceWatcherTest {
    private static final Duration QUIET = Duration.ofMillis(200);

    @TempDir
    Path main;

    private static CompletableFuture<Set<Path>> await(SourceWatcher watcher) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return watcher.awaitChange(QUIET);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aSavedFileInANestedFolderIsAChange() throws Exception {
        Path pkg = Files.createDirectories(main.resolve("java/dev/clusterlab/task03"));
        Path source = Files.writeString(pkg.resolve("Supervisor.java"), "class Supervisor {}");
        try (var watcher = new SourceWatcher(main)) {
            var change = await(watcher);
            Files.writeString(source, "class Supervisor { int restarts; }");
            assertThat(change.get(30, TimeUnit.SECONDS)).contains(source);
        }
    }

    @Test
    void aFolderCreatedWhileWatchingIsWatchedToo() throws Exception {
        try (var watcher = new SourceWatcher(main)) {
            Path pkg = Files.createDirectories(main.resolve("java/dev"));
            assertThat(await(watcher).get(30, TimeUnit.SECONDS)).isNotEmpty();
            var change = await(watcher);
            Path source = Files.writeString(pkg.resolve("New.java"), "class New {}");
            assertThat(change.get(30, TimeUnit.SECONDS)).contains(source);
        }
    }

    @Test
    void editorScratchFilesAreNoChange() throws Exception {
        try (var watcher = new SourceWatcher(main)) {
            var change = await(watcher);
            Files.writeString(main.resolve(".Server.java.swp"), "swap");
            Files.writeString(main.resolve("Server.java~"), "backup");
            Thread.sleep(QUIET.toMillis() * 3);
            assertThat(change).isNotDone();
            Path source = Files.writeString(main.resolve("Server.java"), "class Server {}");
            assertThat(change.get(30, TimeUnit.SECONDS)).containsExactly(source);
        }
    }
}
