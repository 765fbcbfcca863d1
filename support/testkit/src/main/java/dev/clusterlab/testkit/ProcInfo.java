package dev.clusterlab.testkit;

import java.nio.file.Path;
import java.util.List;

/**
 * A snapshot of one process as {@link ProcessHandle#info()} sees it, shaped for assertions.
 *
 * @param pid the process id
 * @param parentPid the parent's pid, or -1 when unknown (the process is gone or not ours to see)
 * @param command the executable's path, or "" when the OS does not tell
 * @param arguments the arguments after the executable, empty when the OS does not tell
 */
public record ProcInfo(long pid, long parentPid, String command, List<String> arguments) {

    /** Copies {@code arguments}, so a snapshot never changes under an assertion. */
    public ProcInfo {
        arguments = List.copyOf(arguments);
    }

    /** Takes a snapshot of {@code handle}; fields the OS hides come back empty. */
    public static ProcInfo of(ProcessHandle handle) {
        ProcessHandle.Info info = handle.info();
        return new ProcInfo(
                handle.pid(),
                handle.parent().map(ProcessHandle::pid).orElse(-1L),
                info.command().orElse(""),
                info.arguments().map(List::of).orElse(List.of()));
    }

    /** Whether the executable is a {@code java} launcher, i.e. this process is a JVM. */
    public boolean isJava() {
        if (command.isEmpty()) {
            return false;
        }
        Path name = Path.of(command).getFileName();
        return name != null && (name.toString().equals("java") || name.toString().equals("java.exe"));
    }

    /** The command and its arguments joined by spaces, as {@code ps} would show them. */
    public String commandLine() {
        return arguments.isEmpty() ? command : command + " " + String.join(" ", arguments);
    }

    /** Whether the command line contains {@code text}, e.g. a main class name. */
    public boolean commandLineContains(String text) {
        return commandLine().contains(text);
    }

    /** One line for a failure message: pid, parent and command line. */
    @Override
    public String toString() {
        return "pid " + pid + " (parent " + parentPid + "): " + commandLine();
    }
}
