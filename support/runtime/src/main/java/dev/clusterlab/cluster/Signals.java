package dev.clusterlab.cluster;

import java.io.IOException;
import java.util.Map;

/** POSIX signal names and how Java sends them to another process. */
final class Signals {
    private static final Map<String, Integer> NUMBERS = Map.ofEntries(
            Map.entry("SIGHUP", 1), Map.entry("SIGINT", 2), Map.entry("SIGQUIT", 3), Map.entry("SIGABRT", 6),
            Map.entry("SIGKILL", 9), Map.entry("SIGUSR1", 10), Map.entry("SIGSEGV", 11), Map.entry("SIGUSR2", 12),
            Map.entry("SIGTERM", 15), Map.entry("SIGCONT", 18), Map.entry("SIGSTOP", 19));

    private Signals() {
    }

    static String nameOfExitCode(int code) {
        if (code <= 128) {
            return null;
        }
        return NUMBERS.entrySet().stream().filter(e -> e.getValue() == code - 128)
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    /** Sends {@code signal} to {@code process}; SIGTERM and SIGKILL need no helper program. */
    static void send(ProcessHandle process, String signal) {
        String name = signal.startsWith("SIG") ? signal : "SIG" + signal;
        if (!NUMBERS.containsKey(name)) {
            throw new IllegalArgumentException("unknown signal " + signal + "; use one of " + NUMBERS.keySet());
        }
        switch (name) {
            case "SIGTERM" -> process.destroy();
            case "SIGKILL" -> process.destroyForcibly();
            default -> {
                try {
                    new ProcessBuilder("kill", "-s", name.substring(3), Long.toString(process.pid()))
                            .inheritIO().start().waitFor();
                } catch (IOException e) {
                    throw new IllegalStateException("cannot send " + name + " to " + process.pid(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
