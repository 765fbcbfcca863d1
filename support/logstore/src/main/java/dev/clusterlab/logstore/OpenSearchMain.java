package dev.clusterlab.logstore;

import org.codelibs.opensearch.runner.OpenSearchRunner;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one single-node OpenSearch on 127.0.0.1 until its parent process goes away: the log store that
 * checks ship log lines to. Started by the testkit's {@code OpenSearch} as a JVM of its own, with the
 * class path {@link OpenSearchClassPath#get()}.
 *
 * <pre>
 * PORT=9200 java -Xmx256m -cp CLASS_PATH dev.clusterlab.logstore.OpenSearchMain BASE_DIR [TRANSPORT_PORT]
 * </pre>
 *
 * <p>{@code CLASS_PATH} is what {@link OpenSearchClassPath#get()} returns.
 *
 * <ul>
 *   <li>{@code PORT} (environment): the HTTP port.</li>
 *   <li>{@code BASE_DIR}: where the node keeps its data and configuration ({@code BASE_DIR/node_1}).</li>
 *   <li>{@code TRANSPORT_PORT} (argument, else environment {@code TRANSPORT_PORT}): the node-to-node
 *       port. A single node still binds one, and the default 9300 may be taken by another check.</li>
 * </ul>
 *
 * <p>Once the cluster is green it prints {@value #READY} followed by its URL. It exits when its standard
 * input ends, which happens when the process that launched it dies, even by SIGKILL: an OpenSearch
 * never outlives the test that started it. Run by hand, keep its standard input open (a terminal does).
 */
public final class OpenSearchMain {

    /** The start of the line printed once the cluster is green, e.g. {@code OpenSearch ready on http://...}. */
    public static final String READY = "OpenSearch ready on ";
    private static final String CLUSTER_NAME = "clusterlab-logstore";
    /**
     * The real standard output. OpenSearch's logging replaces {@link System#out} with a stream that logs
     * at INFO, which our WARN-level configuration drops: the ready line goes here instead.
     */
    private static final PrintStream CONSOLE = System.out;

    private final OpenSearchRunner runner = new OpenSearchRunner();
    private final AtomicBoolean closed = new AtomicBoolean();

    private OpenSearchMain() {
    }

    /**
     * Starts the node, waits until it is green and prints the ready line.
     *
     * @param args the base directory, then optionally the transport port
     */
    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: PORT=<http port> OpenSearchMain <base dir> [<transport port>]");
            System.exit(2);
        }
        // A dependency brings slf4j-api without a provider; without this it warns about that in three lines.
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        Path baseDir = Path.of(args[0]).toAbsolutePath();
        int httpPort = port("PORT", System.getenv("PORT"));
        int transportPort = port("transport port", args.length > 1 ? args[1] : System.getenv("TRANSPORT_PORT"));
        OpenSearchMain main = new OpenSearchMain();
        Runtime.getRuntime().addShutdownHook(new Thread(main::close, "opensearch-shutdown"));
        main.exitWhenStdinEnds();
        try {
            long start = System.nanoTime();
            main.start(baseDir, httpPort, transportPort);
            CONSOLE.printf("%shttp://127.0.0.1:%d (green after %d ms)%n", READY, httpPort,
                    (System.nanoTime() - start) / 1_000_000);
            CONSOLE.flush();
        } catch (RuntimeException | Error e) {
            e.printStackTrace(CONSOLE);
            // The stdin watcher is not a daemon thread: without exit() a failed start would hang here.
            System.exit(1);
        }
    }

    private void start(Path baseDir, int httpPort, int transportPort) {
        installLogConfig(baseDir);
        // The runner numbers nodes from 1 and gives node n the HTTP port baseHttpPort + n; without a
        // maximum (-1) it takes that port as is instead of probing upwards to its default cap of 9299.
        runner.setMaxHttpPort(-1);
        runner.onBuild((node, settings) -> settings
                .put("discovery.type", "single-node")
                .put("network.host", "127.0.0.1")
                .put("http.port", httpPort)
                .put("transport.port", transportPort)
                // One node has nowhere to put a replica: with the default of 1 every index stays yellow.
                .put("cluster.default_number_of_replicas", 0)
                // The shared disk may be more than 85% full; OpenSearch would then refuse to allocate shards.
                .put("cluster.routing.allocation.disk.threshold_enabled", false));
        runner.build(OpenSearchRunner.newConfigs()
                .basePath(baseDir.toString())
                .numOfNode(1)
                .clusterName(CLUSTER_NAME)
                .baseHttpPort(httpPort - 1));
        runner.ensureGreen();
    }

    /**
     * Puts our WARN-level console logging where the runner looks for {@code log4j2.properties}; the
     * runner copies its own (INFO, plus log files) only when the file is not there yet.
     */
    private static void installLogConfig(Path baseDir) {
        Path config = baseDir.resolve("node_1").resolve("config");
        try (InputStream in = OpenSearchMain.class.getResourceAsStream("log4j2.properties")) {
            if (in == null) {
                throw new IllegalStateException("log4j2.properties is missing from the clusterlab-logstore jar");
            }
            Files.createDirectories(config);
            Files.copy(in, config.resolve("log4j2.properties"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the log configuration under " + config, e);
        }
    }

    /** A thread that reads stdin to its end (the parent died or closed it), then stops the node and exits. */
    private void exitWhenStdinEnds() {
        Thread watcher = new Thread(() -> {
            try (InputStream in = System.in) {
                in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                // A broken stdin means the same as its end: the parent is gone.
            }
            close();
            System.exit(0);
        }, "opensearch-stdin-watcher");
        watcher.start();
    }

    private void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                runner.close();
            } catch (IOException | RuntimeException e) {
                System.err.println("OpenSearch did not close cleanly: " + e);
            }
        }
    }

    private static int port(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is not set");
        }
        int port = Integer.parseInt(value.strip());
        if (port < 2 || port > 65535) {
            throw new IllegalArgumentException(what + " must be in 2..65535, was " + port);
        }
        return port;
    }
}
