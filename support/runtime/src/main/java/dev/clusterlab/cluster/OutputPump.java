package dev.clusterlab.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/**
 * Reads a worker's stdout or stderr line by line on a daemon thread, so that lines of different
 * workers never interleave mid-line, and forwards each whole line.
 */
final class OutputPump {
    private OutputPump() {
    }

    /**
     * Starts pumping {@code in}; each line goes to {@code listeners} and, unless {@code to} is null,
     * is printed there with {@code prefix}.
     */
    static Thread start(String name, InputStream in, PrintStream to, String prefix,
                        BiConsumer<Boolean, String> listeners, boolean stderr) {
        return Thread.ofPlatform().daemon().name(name).start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (to != null) {
                        synchronized (to) {
                            to.println(prefix + line);
                        }
                    }
                    listeners.accept(stderr, line);
                }
            } catch (IOException e) {
                // The pipe broke because the worker is gone; its exit event reports that.
            }
        });
    }
}
