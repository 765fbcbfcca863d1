package dev.clusterlab.grader.watch;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Tells when files below a folder change, with the JDK's {@link WatchService}; it watches one
 * folder at a time, so every sub-folder is registered, new ones as they appear.
 */
public final class SourceWatcher implements AutoCloseable {
    private final Path root;
    private final WatchService service;
    private final Map<WatchKey, Path> folders = new HashMap<>();

    /** Starts watching {@code root} and everything below it. */
    public SourceWatcher(Path root) throws IOException {
        this.root = root;
        this.service = FileSystems.getDefault().newWatchService();
        registerTree(root);
    }

    /**
     * Blocks until a file changes, then until {@code quiet} passes without another change (an
     * editor's save is a burst of events); returns what changed. Editor swap and backup files
     * (hidden, {@code ~}) do not count.
     */
    public Set<Path> awaitChange(Duration quiet) throws IOException, InterruptedException {
        var changed = new TreeSet<Path>();
        while (changed.isEmpty()) {
            WatchKey key = service.take();
            while (key != null) {
                collect(key, changed);
                key = service.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        return changed;
    }

    private void collect(WatchKey key, Set<Path> changed) throws IOException {
        Path folder = folders.get(key);
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == OVERFLOW || folder == null) {
                changed.add(root);  // events were lost: something changed somewhere
                continue;
            }
            Path path = folder.resolve((Path) event.context());
            if (event.kind() == ENTRY_CREATE && Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                registerTree(path);
            }
            if (!scratch(path)) {
                changed.add(path);
            }
        }
        if (!key.reset()) {
            folders.remove(key);
        }
    }

    private static boolean scratch(Path path) {
        String name = path.getFileName().toString();
        return name.startsWith(".") || name.endsWith("~") || name.startsWith("#");
    }

    private void registerTree(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path dir : walk.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                folders.put(dir.register(service, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE), dir);
            }
        }
    }

    @Override
    public void close() throws IOException {
        service.close();
    }
}
