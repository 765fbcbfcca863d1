package dev.clusterlab.load.standby;

import static dev.clusterlab.load.Percentiles.median;
import static dev.clusterlab.load.Percentiles.ms;
import static dev.clusterlab.load.Percentiles.percentile;

import dev.clusterlab.cluster.Cluster;
import dev.clusterlab.cluster.ClusterSettings;
import dev.clusterlab.cluster.Scheduler;
import dev.clusterlab.cluster.Worker;
import dev.clusterlab.cluster.WorkerLoad;
import dev.clusterlab.cluster.WorkerState;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a warm standby buys when a worker is killed: {@code ./workbook bench standby}. This JVM is
 * the primary of two task 2 workers (round-robin) under load from {@code CLIENTS} threads, each
 * sending {@code GET /} on a new connection after the other. Each round SIGKILLs one serving
 * worker and times, on the primary's clock, kill → the primary sees it (the worker's first
 * disconnect or exit event) → the first connection the primary hands to the worker that takes its
 * place (from the round-robin {@link Scheduler}'s picks, which are the hand-offs) → the first
 * response from that worker (client side). With a standby ({@code standby(1)}) the taker is the
 * promoted standby; without, it is a worker forked from the exit event, as a supervisor does.
 * Rounds with and without alternate, so both see the same noise.
 *
 * <p>Arguments: {@code <java> <worker class path> <port> <kills>}.
 */
public final class StandbyBench {
    private static final Pattern WORKER_ID = Pattern.compile("worker (\\d+)");
    /** Each worker id's first hand-off, nanoTime: the primary's picks, on its IPC loop. */
    private static final Map<Integer, Long> FIRST_HANDED = new ConcurrentHashMap<>();
    /** Each worker id's first answer, nanoTime, as the load's clients saw it. */
    private static final Map<Integer, Long> FIRST_ANSWER = new ConcurrentHashMap<>();
    private static final AtomicLong FAILED = new AtomicLong();
    private static final AtomicLong ANSWERED = new AtomicLong();

    private StandbyBench() {
    }

    /** One kill: milliseconds from the SIGKILL to each event. */
    record Kill(double seen, double firstHanded, double firstAnswer) {
        double seenToHanded() {
            return firstHanded - seen;
        }
    }

    /** Runs the benchmark and prints its table. */
    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: StandbyBench JAVA WORKER_CLASS_PATH PORT KILLS");
            System.exit(2);
        }
        Path java = Path.of(args[0]);
        String classPath = args[1];
        int port = Integer.parseInt(args[2]);
        int kills = Integer.parseInt(args[3]);
        int clients = Integer.parseInt(System.getenv().getOrDefault("CLIENTS", "4"));
        // tag::settings[]
        ClusterSettings without = ClusterSettings.builder().javaBinary(java).classPath(classPath)
                .mainClass("dev.clusterlab.task02.ClusterServer").args().jvmArgs("--enable-native-access=ALL-UNNAMED")
                .env("PORT", Integer.toString(port)).silent(true).aotCache(null)
                .scheduler(StandbyBench::recordingScheduler).standby(0).build();
        ClusterSettings with = without.toBuilder().standby(1).build();
        // end::settings[]
        Cluster.setupPrimary(with);
        Cluster.fork();
        Cluster.fork();
        awaitSteady(true);
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> load = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            load.add(Thread.ofPlatform().daemon().name("load-" + i).start(() -> {
                while (running.get()) {
                    get(port);
                }
            }));
        }
        Thread.sleep(2000); // warm: the workers' JIT, this JVM's client and primary

        List<Kill> withStandby = new ArrayList<>();
        List<Kill> withoutStandby = new ArrayList<>();
        for (int i = 0; i < kills; i++) {
            boolean standbyFirst = i % 2 == 0; // A B, B A: neither always follows the other
            for (boolean standby : standbyFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
                if (Cluster.settings() != (standby ? with : without)) {
                    Cluster.setupPrimary(standby ? with : without); // replaces the standby, or retires it
                }
                awaitSteady(standby);
                Thread.sleep(1500); // the new JVMs' start is over: it does not compete with the kill
                (standby ? withStandby : withoutStandby).add(kill(standby));
            }
        }
        running.set(false);
        for (Thread t : load) {
            t.join(15_000);
        }
        System.out.printf("%n%d kills each of one of two task 2 workers under load (%d clients, a new connection per"
                + " request, %d answered, %d failed), interleaved; ms, median / p90:%n%n", kills, clients,
                ANSWERED.get(), FAILED.get());
        System.out.println("| standby | kill → primary sees it | seen → first handed connection | kill → first answer |");
        System.out.println("|---|---|---|---|");
        row("standby(1)", withStandby);
        row("none (fork on exit)", withoutStandby);
        System.out.printf("%nseen → first handed, median with standby: %.1f ms (without: %.1f ms)%n",
                median(withStandby.stream().mapToDouble(Kill::seenToHanded).toArray()),
                median(withoutStandby.stream().mapToDouble(Kill::seenToHanded).toArray()));
        Cluster.setupPrimary(without);
        Cluster.disconnect().get(30, TimeUnit.SECONDS);
        System.exit(0);
    }

    /** A round-robin scheduler that notes each worker's first hand-off. */
    private static Scheduler recordingScheduler() {
        Scheduler inTurn = Scheduler.roundRobin();
        return candidates -> {
            WorkerLoad picked = inTurn.pick(candidates);
            FIRST_HANDED.putIfAbsent(picked.workerId(), System.nanoTime());
            return picked;
        };
    }

    /** SIGKILLs the oldest serving worker and times what follows. */
    private static Kill kill(boolean standby) throws Exception {
        Worker victim = Cluster.workers().values().iterator().next();
        CompletableFuture<Long> seen = new CompletableFuture<>();
        CompletableFuture<Worker> taker = new CompletableFuture<>();
        victim.onDisconnect(() -> seen.complete(System.nanoTime()));
        victim.onExit(status -> {
            seen.complete(System.nanoTime());
            if (!standby) {
                taker.complete(Cluster.fork()); // what a supervisor does
            }
        });
        long killed = System.nanoTime();
        victim.kill("SIGKILL");
        if (standby) {
            // Set at the promotion, before the events above run.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (victim.replacement() == null && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            if (victim.replacement() == null) {
                throw new IllegalStateException("no standby was promoted in place of " + victim);
            }
            taker.complete(victim.replacement());
        }
        int id = taker.get(10, TimeUnit.SECONDS).id();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((!FIRST_HANDED.containsKey(id) || !FIRST_ANSWER.containsKey(id)) && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        if (!FIRST_HANDED.containsKey(id) || !FIRST_ANSWER.containsKey(id)) {
            throw new IllegalStateException("worker " + id + " got no connection within 30 s of the kill");
        }
        victim.exited().get(10, TimeUnit.SECONDS);
        long seenAt = seen.get(10, TimeUnit.SECONDS);
        return new Kill(ms(seenAt - killed), ms(FIRST_HANDED.get(id) - killed), ms(FIRST_ANSWER.get(id) - killed));
    }

    /** Waits until two workers serve and, with standbys, one standby is ready. */
    private static void awaitSteady(boolean standby) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            long serving = Cluster.workers().values().stream().filter(w -> w.state() == WorkerState.LISTENING).count();
            long ready = Cluster.standbys().values().stream().filter(w -> w.state() == WorkerState.LISTENING).count();
            long standbys = Cluster.standbys().size();
            if (serving == 2 && Cluster.workers().size() == 2 && (standby ? ready == 1 && standbys == 1 : standbys == 0)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the cluster did not settle: " + Cluster.workers() + ", standbys "
                + Cluster.standbys());
    }

    /** One {@code GET /} on a new connection; notes which worker answered, first time per worker. */
    private static void get(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            long now = System.nanoTime();
            Matcher m = WORKER_ID.matcher(response);
            if (!response.startsWith("HTTP/1.1 200") || !m.find()) {
                FAILED.incrementAndGet();
                return;
            }
            ANSWERED.incrementAndGet();
            FIRST_ANSWER.putIfAbsent(Integer.parseInt(m.group(1)), now);
        } catch (IOException e) {
            FAILED.incrementAndGet(); // a connection the killed worker held: reset
        }
    }

    private static void row(String name, List<Kill> kills) {
        System.out.printf("| %s | %s | %s | %s |%n", name, stat(kills.stream().mapToDouble(Kill::seen).toArray()),
                stat(kills.stream().mapToDouble(Kill::seenToHanded).toArray()),
                stat(kills.stream().mapToDouble(Kill::firstAnswer).toArray()));
    }

    private static String stat(double[] values) {
        return String.format("%.1f / %.1f", median(values), percentile(values, 0.9));
    }
}
