package dev.clusterlab.task06;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** A process's resident set size, from Linux's {@code /proc/<pid>/status}: the memory it really holds. */
final class ProcMemory {
    private ProcMemory() {
    }

    /** {@code VmRSS} of {@code pid} in bytes; empty where there is no {@code /proc} or the process is gone. */
    static OptionalLong rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) { // "VmRSS:    123456 kB"
                    return OptionalLong.of(Long.parseLong(line.replaceAll("\\D+", "")) * 1024);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone, or not Linux
        }
        return OptionalLong.empty();
    }
}
