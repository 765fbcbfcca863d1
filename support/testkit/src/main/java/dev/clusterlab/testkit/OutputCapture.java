package dev.clusterlab.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The merged stdout and stderr of one launched app: kept in memory for the check and mirrored to a
 * log file for the student. A daemon thread pumps the pipe, so the app never blocks on a full pipe.
 */
final class OutputCapture {

    /** Keeps a chatty app from exhausting the test JVM's heap; the log file still has everything. */
    private static final int MAX_CHARS = 8 * 1024 * 1024;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final StringBuilder text = new StringBuilder();
    private final Path logFile;
    private int dropped;
    private boolean ended;

    private OutputCapture(Path logFile) {
        this.logFile = logFile;
    }

    /** Starts pumping {@code stream} into a new capture that mirrors to {@code logFile}. */
    static OutputCapture start(InputStream stream, Path logFile, String threadName) {
        OutputCapture capture = new OutputCapture(logFile);
        Thread pump = new Thread(() -> capture.pump(stream), threadName);
        pump.setDaemon(true);
        pump.start();
        return capture;
    }

    Path logFile() {
        return logFile;
    }

    private void pump(InputStream stream) {
        char[] buffer = new char[8192];
        try (Reader reader = new InputStreamReader(stream, StandardCharsets.UTF_8);
             Writer log = openLog()) {
            int n;
            while ((n = reader.read(buffer)) >= 0) {
                append(buffer, n);
                if (log != null) {
                    log.write(buffer, 0, n);
                    // Flush each chunk: a student tails the file while the check runs.
                    log.flush();
                }
            }
        } catch (IOException e) {
            // The pipe closes when the process tree is killed; what we have is what there was.
        } finally {
            lock.lock();
            try {
                ended = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private Writer openLog() {
        try {
            Files.createDirectories(logFile.getParent());
            return Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // Capturing in memory matters more than the mirror; a read-only target/ must not fail checks.
            return null;
        }
    }

    private void append(char[] chars, int n) {
        lock.lock();
        try {
            text.append(chars, 0, n);
            if (text.length() > MAX_CHARS) {
                int cut = text.length() - MAX_CHARS / 2;
                text.delete(0, cut);
                dropped += cut;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Everything captured so far (the start may be dropped past {@value #MAX_CHARS} chars). */
    String text() {
        lock.lock();
        try {
            return dropped == 0 ? text.toString() : "[... " + dropped + " chars dropped ...]\n" + text;
        } finally {
            lock.unlock();
        }
    }

    /** The last {@code n} lines captured so far. */
    String tail(int n) {
        List<String> lines = text().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    /** Whether the pipe has closed: the app and every process holding its stdout are gone. */
    boolean ended() {
        lock.lock();
        try {
            return ended;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the captured output matches {@code pattern} (searched from the start), until the
     * output ends, or until {@code timeout} passes; empty in the last two cases.
     */
    Optional<MatchResult> await(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                Matcher matcher = pattern.matcher(text);
                if (matcher.find()) {
                    return Optional.of(matcher.toMatchResult());
                }
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    return Optional.empty();
                }
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }
}
