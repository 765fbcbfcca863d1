package dev.clusterlab.cluster;

/**
 * How a worker process ended: Node's {@code (code, signal)} pair of the {@code exit} event.
 *
 * <p>Java reports a process ended by signal N as exit code 128+N, and a JVM that handles SIGTERM
 * itself exits with 143; so {@link #signal()} names the signal whenever the code is 128+N for a
 * known signal.
 *
 * @param code   the exit code as the JDK reports it
 * @param signal the signal's name, such as {@code SIGKILL}, or null
 */
public record ExitStatus(int code, String signal) {

    /** The status of a process whose JDK exit value is {@code code}. */
    public static ExitStatus of(int code) {
        return new ExitStatus(code, Signals.nameOfExitCode(code));
    }

    /** Whether the process exited on its own with code 0. */
    public boolean isSuccess() {
        return code == 0;
    }

    @Override
    public String toString() {
        return signal == null ? "code " + code : "code " + code + " (" + signal + ")";
    }
}
