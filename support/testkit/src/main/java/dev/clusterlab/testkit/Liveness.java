package dev.clusterlab.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a process is still running, zombies counted as gone.
 *
 * <p>{@link ProcessHandle#isAlive()} is true for a zombie: a process that has exited but whose parent
 * has not reaped it yet. An orphan killed by {@link LaunchedApp#close()} is re-parented to pid 1, which
 * may reap only every few seconds; waiting for that would slow every check for nothing. On Linux the
 * state is read from {@code /proc/<pid>/stat}; elsewhere we fall back to {@code isAlive()}.
 */
final class Liveness {

    private Liveness() {
    }

    /** Whether {@code handle} is alive and not a zombie. */
    static boolean running(ProcessHandle handle) {
        return handle.isAlive() && !isZombie(handle.pid());
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name in parentheses may itself contain spaces or parentheses.
            int close = stat.lastIndexOf(')');
            char state = close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
            return state == 'Z' || state == 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
