package dev.clusterlab.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts a worker JVM: the settings' command, the worker's environment, the bootstrap on stdin. */
final class WorkerLauncher {
    private static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

    private WorkerLauncher() {
    }

    static List<String> command(ClusterSettings settings) {
        List<String> cmd = new ArrayList<>();
        cmd.add(settings.javaBinary().toString());
        cmd.addAll(settings.jvmArgs());
        if (settings.jvmArgs().stream().noneMatch(a -> a.startsWith("--enable-native-access"))) {
            cmd.add(NATIVE_ACCESS); // Netty's epoll is JNI; JDK 24+ warns (later: refuses) without it
        }
        cmd.add("-cp");
        cmd.add(settings.classPath());
        cmd.add(settings.mainClass());
        cmd.addAll(settings.args());
        return cmd;
    }

    // tag::spawn[]
    /**
     * Starts the process and writes {@code bootstrap} to its stdin, which stays open: when the
     * primary dies, the worker reads end-of-file and exits.
     */
    static Process start(ClusterSettings settings, Map<String, String> forkEnv, Bootstrap bootstrap) {
        if (settings.mainClass().isBlank()) {
            throw new IllegalStateException("no main class to fork: call Cluster.setupPrimary(ClusterSettings"
                    + ".builder().mainClass(YourApp.class).build()) first");
        }
        ProcessBuilder pb = new ProcessBuilder(command(settings))
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .redirectError(ProcessBuilder.Redirect.PIPE);
        if (settings.cwd() != null) {
            pb.directory(settings.cwd().toFile());
        }
        Map<String, String> env = pb.environment();
        env.putAll(settings.env());
        env.putAll(forkEnv);
        env.put(Bootstrap.ENV_ID, Integer.toString(bootstrap.id()));
        try {
            Process process = pb.start();
            OutputStream stdin = process.getOutputStream();
            stdin.write(bootstrap.toLine().getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start worker " + bootstrap.id() + " with " + command(settings), e);
        }
    }
    // end::spawn[]
}
