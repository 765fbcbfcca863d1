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

    static void setup(Class<?> mainClass, SchedulingPolicy policy) {
        Cluster.setupPrimary(ClusterSettings.builder().mainClass(mainClass).args().silent(false)
                .schedulingPolicy(policy).build());
    }

    static CompletableFuture<InetSocketAddress> listening(Worker worker) {
        CompletableFuture<InetSocketAddress> address = new CompletableFuture<>();
        worker.onListening(address::complete);
        worker.onExit(s -> address.completeExceptionally(new AssertionError(worker + " exited: " + s)));
        return address;
    }

    /** Sends {@code message} once the worker is online and returns the worker's first message back. */
    static com.fasterxml.jackson.databind.JsonNode ask(Worker worker, java.util.Map<String, ?> message) throws Exception {
        CompletableFuture<com.fasterxml.jackson.databind.JsonNode> reply = new CompletableFuture<>();
        CompletableFuture<Void> online = new CompletableFuture<>();
        worker.onOnline(() -> online.complete(null));
        try (Subscription s = worker.onMessage(reply::complete)) {
            if (worker.state() != WorkerState.NONE) {
                online.complete(null); // it was online before we listened
            }
            online.get(30, TimeUnit.SECONDS);
            worker.send(message).get(10, TimeUnit.SECONDS);
            return reply.get(20, TimeUnit.SECONDS);
        }
    }

    /**
     * Kills every worker and standby this primary still has and waits for them, so no test leaks a
     * JVM. Standbys are turned off first, then killed before the workers, and it goes round again
     * in case a standby was promoted or forked meanwhile.
     */
    static void killAll() {
        if (Cluster.settings().standby() > 0) {
            Cluster.setupPrimary(Cluster.settings().toBuilder().standby(0).build());
        }
        for (int round = 0; round < 10; round++) {
            java.util.List<Worker> all = new java.util.ArrayList<>(Cluster.standbys().values());
            all.addAll(Cluster.workers().values());
            if (all.isEmpty()) {
                return;
            }
            for (Worker w : all) {
                w.process().destroyForcibly();
                try {
                    w.process().onExit().get(10, TimeUnit.SECONDS);
                    w.exited().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError("worker " + w.id() + " did not die", e);
                }
            }
        }
        throw new AssertionError("workers still appear after 10 rounds of killing: " + Cluster.workers()
                + ", standbys " + Cluster.standbys());
    }

    /** This JVM's open file descriptors: the primary's, in these tests. */
    static long openFds() throws java.io.IOException {
        try (java.util.stream.Stream<java.nio.file.Path> fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /** A private field of the runtime, for tests that act as a process the primary must not trust. */
    static Object field(Class<?> type, Object owner, String name) throws ReflectiveOperationException {
        java.lang.reflect.Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(owner);
    }
}
