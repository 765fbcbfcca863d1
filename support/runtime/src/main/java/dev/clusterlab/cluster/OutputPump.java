package dev.clusterlab.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a worker's stdout or stderr line by line on a daemon thread, so that lines of different
 * workers never interleave mid-line, and forwards each whole line. A line longer than
 * {@link #MAX_LINE_CHARS} is forwarded in pieces of that size: a worker that prints without end
 * must not take the primary's heap with it.
 */
final class OutputPump {
    /** The longest line forwarded whole: 1 Mi characters. */
    static final int MAX_LINE_CHARS = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(OutputPump.class);

    private OutputPump() {
    }

    /**
     * Starts pumping {@code in}; each line goes to {@code listeners} and, unless {@code to} is null,
     * is printed there with {@code prefix}.
     */
    static Thread start(String name, InputStream in, PrintStream to, String prefix,
                        BiConsumer<Boolean, String> listeners, boolean stderr) {
        return Thread.ofPlatform().daemon().name(name).start(() -> {
            Consumer<String> forward = line -> {
                if (to != null) {
                    synchronized (to) {
                        to.println(prefix + line);
                    }
                }
                listeners.accept(stderr, line);
            };
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                pump(name, reader, forward);
            } catch (IOException e) {
                // The pipe broke because the worker is gone; its exit event reports that.
            }
        });
    }

    /** Splits what {@code reader} gives into lines ended by \n or \r\n, at most {@link #MAX_LINE_CHARS} long. */
    static void pump(String name, Reader reader, Consumer<String> lines) throws IOException {
        char[] buffer = new char[8192];
        StringBuilder line = new StringBuilder();
        boolean warned = false;
        int n;
        while ((n = reader.read(buffer)) != -1) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (buffer[i] == '\n') {
                    line.append(buffer, start, i - start);
                    int end = line.length();
                    lines.accept(line.substring(0, end > 0 && line.charAt(end - 1) == '\r' ? end - 1 : end));
                    line.setLength(0);
                    start = i + 1;
                } else if (line.length() + (i + 1 - start) == MAX_LINE_CHARS) {
                    line.append(buffer, start, i + 1 - start);
                    lines.accept(line.toString());
                    line.setLength(0);
                    start = i + 1;
                    if (!warned) {
                        LOG.warn("{}: a line longer than {} characters, forwarded in pieces", name, MAX_LINE_CHARS);
                        warned = true;
                    }
                }
            }
            line.append(buffer, start, n - start);
        }
        if (!line.isEmpty()) {
            lines.accept(line.toString()); // the last line, without its line end
        }
    }
}
