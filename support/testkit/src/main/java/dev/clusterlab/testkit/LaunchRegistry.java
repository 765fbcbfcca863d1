package dev.clusterlab.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every app the testkit launched and has not closed yet, in launch order.
 *
 * <p>Checks in one JVM run one after another (one Surefire fork, no parallel execution), so "the apps
 * launched since mark M" are exactly the apps one check (or one class) started. A JVM shutdown hook
 * closes whatever is left, as a last resort when a test JVM is stopped mid-check.
 */
final class LaunchRegistry {

    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final ConcurrentSkipListMap<Long, LaunchedApp> OPEN = new ConcurrentSkipListMap<>();
    /** Log files of every launch, kept after close so a failure message can still point at them. */
    private static final ConcurrentSkipListMap<Long, Path> LOGS = new ConcurrentSkipListMap<>();
    private static volatile String currentTest;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeSince(0), "testkit-cleanup"));
    }

    private LaunchRegistry() {
    }

    /** A mark to pass to {@link #closeSince}: apps launched after this call. */
    static long mark() {
        return SEQUENCE.get() + 1;
    }

    /** Records a newly launched app; the returned number orders it against marks. */
    static long register(LaunchedApp app) {
        long sequence = SEQUENCE.incrementAndGet();
        OPEN.put(sequence, app);
        LOGS.put(sequence, app.logFile());
        return sequence;
    }

    /** Forgets an app that was closed. */
    static void unregister(long sequence) {
        OPEN.remove(sequence);
    }

    /** The apps launched at or after {@code mark} and still open, oldest first. */
    static List<LaunchedApp> openSince(long mark) {
        return new ArrayList<>(OPEN.tailMap(mark).values());
    }

    /** The log files of the apps launched at or after {@code mark}, open or closed, oldest first. */
    static List<Path> logFilesSince(long mark) {
        return new ArrayList<>(LOGS.tailMap(mark).values());
    }

    /** Closes (kills the whole tree of) each app launched at or after {@code mark}, newest first. */
    static void closeSince(long mark) {
        List<LaunchedApp> apps = openSince(mark);
        // Newest first: a later app may be a client of an earlier one, and is the likelier to hang.
        for (int i = apps.size() - 1; i >= 0; i--) {
            try {
                apps.get(i).close();
            } catch (RuntimeException e) {
                System.err.println("testkit: could not close " + apps.get(i) + ": " + e);
            }
        }
    }

    /** Names the running test, so launched apps get log files a student can match to a check. */
    static void setCurrentTest(String name) {
        currentTest = name;
    }

    /** The running test's name, or null outside a test. */
    static String currentTest() {
        return currentTest;
    }
}
