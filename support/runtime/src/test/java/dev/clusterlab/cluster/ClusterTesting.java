package dev.clusterlab.cluster;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** What the runtime's tests share: settings for test workers, waiting for events, and cleanup. */
final class ClusterTesting {
    private ClusterTesting() {
    }

    static void setup(Class<?> mainClass) {
        Cluster.setupPrimary(ClusterSettings.builder().mainClass(mainClass).args().silent(false).build());
    }

    static CompletableFuture<InetSocketAddress> listening(Worker worker) {
        CompletableFuture<InetSocketAddress> address = new CompletableFuture<>();
        worker.onListening(address::complete);
        worker.onExit(s -> address.completeExceptionally(new AssertionError(worker + " exited: " + s)));
        return address;
    }

    /** Kills every worker this primary still has and waits for them, so no test leaks a JVM. */
    static void killAll() {
        for (Worker w : Cluster.workers().values()) {
            w.process().destroyForcibly();
            try {
                w.process().onExit().get(10, TimeUnit.SECONDS);
                w.exited().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("worker " + w.id() + " did not die", e);
            }
        }
    }
}
