package dev.clusterlab.cluster;

import dev.clusterlab.cluster.fixtures.TestWorkerApp;
import dev.clusterlab.testkit.Http;
import dev.clusterlab.testkit.HttpResult;
import dev.clusterlab.testkit.Ports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Warm standby workers ({@link ClusterSettings.Builder#standby(int)}), beyond Node: real worker
 * JVMs of {@link TestWorkerApp}, one serving and one standby. The bounds are generous (this runs
 * on small, noisy machines); what is asserted is who serves and when.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class StandbyTest {
    private static final Duration START = Duration.ofSeconds(30);

    @AfterEach
    void killLeftovers() {
        ClusterTesting.killAll();
    }

    /**
     * A standby listens but gets nothing while the serving worker is there; when that one is killed
     * with SIGKILL, the standby is promoted (the event names both), serves every request, and a new
     * standby is forked in its place.
     */
    @ParameterizedTest
    @EnumSource(value = SchedulingPolicy.class, names = {"ROUND_ROBIN", "SHARED"})
    void aStandbyGetsNoConnectionUntilItReplacesAKilledWorker(SchedulingPolicy policy) throws Exception {
        CompletableFuture<Worker[]> promotion = new CompletableFuture<>();
        try (Subscription s = Cluster.onPromote((promoted, replaced) -> promotion.complete(new Worker[] {promoted, replaced}))) {
            Cluster.setupPrimary(settings(policy).build());
            Worker serving = Cluster.fork();
            int port = ClusterTesting.listening(serving).get(START.toSeconds(), TimeUnit.SECONDS).getPort();
            Worker standby = awaitReadyStandby(serving);
            assertThat(Cluster.workers().values()).as("Cluster.workers() with a standby").containsExactly(serving);

            for (int i = 0; i < 100; i++) {
                assertThat(answer(port)).as("connection %d before the promotion", i).startsWith(name(serving));
            }

            serving.process().destroyForcibly();
            Worker[] promoted = promotion.get(START.toSeconds(), TimeUnit.SECONDS);
            assertThat(promoted).as("the promotion: [standby, replaced]").containsExactly(standby, serving);
            assertThat(standby.isStandby()).isFalse();
            assertThat(serving.replacement()).isSameAs(standby);
            await().atMost(Duration.ofSeconds(10)).until(() -> !Cluster.workers().containsValue(serving));
            assertThat(Cluster.workers().values()).as("Cluster.workers() after the promotion").containsExactly(standby);
            for (int i = 0; i < 20; i++) {
                assertThat(answer(port)).as("connection %d after the promotion", i).startsWith(name(standby));
            }
            Worker next = awaitReadyStandby(standby);
            assertThat(next).isNotSameAs(standby);
        }
    }

    /**
     * A rolling reload's disconnect promotes the standby at once, while the old worker still drains
     * its request in flight: new connections go to the promoted one, and the slow request still
     * gets its answer from the old one.
     */
    @Test
    void disconnectingAServingWorkerPromotesTheStandbyBeforeItHasDrained() throws Exception {
        Cluster.setupPrimary(settings(SchedulingPolicy.ROUND_ROBIN).build());
        Worker old = Cluster.fork();
        int port = ClusterTesting.listening(old).get(START.toSeconds(), TimeUnit.SECONDS).getPort();
        Worker standby = awaitReadyStandby(old);
        CompletableFuture<Worker> promoted = new CompletableFuture<>();
        try (Subscription s = Cluster.onPromote((p, replaced) -> promoted.complete(p))) {
            CompletableFuture<HttpResult> slow = CompletableFuture.supplyAsync(
                    () -> Http.getOnNewConnection(port, "/slow?ms=3000", Duration.ofSeconds(20)));
            await().atMost(Duration.ofSeconds(10)).until(() -> old.stats().open() > 0);

            CompletableFuture<ExitStatus> exited = old.disconnect(Duration.ofSeconds(20));
            assertThat(promoted.get(5, TimeUnit.SECONDS)).isSameAs(standby);
            assertThat(old.isDead()).as("the old worker is still draining when its standby is promoted").isFalse();
            for (int i = 0; i < 10; i++) {
                assertThat(answer(port)).as("connection %d while the old worker drains", i).startsWith(name(standby));
            }
            HttpResult answer = slow.get(20, TimeUnit.SECONDS);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("slow done by " + old.process().pid());
            assertThat(exited.get(20, TimeUnit.SECONDS)).isEqualTo(new ExitStatus(0, null));
            assertThat(old.replacement()).isSameAs(standby);
        }
    }

    /**
     * A standby killed with SIGKILL is replaced by a new standby; the serving worker keeps its pid
     * and answers every request meanwhile, and no cluster-wide event mentions the standby.
     */
    @Test
    void aStandbyThatDiesIsReplacedWithoutTouchingServingWorkers() throws Exception {
        List<String> clusterEvents = new CopyOnWriteArrayList<>();
        try (Subscription exits = Cluster.onExit((w, status) -> clusterEvents.add("exit " + w.id()));
             Subscription promotions = Cluster.onPromote((p, r) -> clusterEvents.add("promote " + p.id()));
             Subscription forks = Cluster.onFork(w -> clusterEvents.add("fork " + w.id()))) {
            Cluster.setupPrimary(settings(SchedulingPolicy.ROUND_ROBIN).build());
            Worker serving = Cluster.fork();
            long pid = serving.process().pid();
            int port = ClusterTesting.listening(serving).get(START.toSeconds(), TimeUnit.SECONDS).getPort();
            Worker standby = awaitReadyStandby(serving);

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger answered = new AtomicInteger();
            List<String> failures = new CopyOnWriteArrayList<>();
            Thread client = Thread.ofVirtual().start(() -> {
                while (running.get()) {
                    try {
                        assertThat(answer(port)).startsWith(name(serving));
                        answered.incrementAndGet();
                    } catch (AssertionError | RuntimeException e) {
                        failures.add(e.toString());
                    }
                }
            });
            try {
                standby.process().destroyForcibly();
                standby.exited().get(10, TimeUnit.SECONDS);
                Worker next = awaitReadyStandby(serving);
                assertThat(next).isNotSameAs(standby);
                int before = answered.get();
                await().atMost(Duration.ofSeconds(10)).until(() -> answered.get() > before + 20);
            } finally {
                running.set(false);
                client.join(Duration.ofSeconds(20));
            }
            assertThat(failures).as("failed requests of %d while the standby was replaced", answered.get()).isEmpty();
            assertThat(serving.isDead()).isFalse();
            assertThat(serving.process().pid()).isEqualTo(pid);
            assertThat(Cluster.workers().values()).containsExactly(serving);
            assertThat(clusterEvents).as("cluster-wide events").containsExactly("fork " + serving.id());
        }
    }

    /**
     * Under REUSEPORT a standby binds only when promoted: before, every connection of many goes to
     * the serving worker (a bound listener would get about half of them); after, the standby serves.
     */
    @Test
    void underReusePortAStandbyBindsOnlyWhenPromoted() throws Exception {
        int port = Ports.freePort();
        Cluster.setupPrimary(settings(SchedulingPolicy.REUSEPORT).env("PORT", Integer.toString(port)).build());
        Worker serving = Cluster.fork();
        ClusterTesting.listening(serving).get(START.toSeconds(), TimeUnit.SECONDS);
        Worker standby = awaitReadyStandby(serving);
        for (int i = 0; i < 100; i++) {
            assertThat(answer(port)).as("connection %d before the promotion", i).startsWith(name(serving));
        }
        serving.process().destroyForcibly();
        serving.exited().get(10, TimeUnit.SECONDS);
        assertThat(serving.replacement()).isSameAs(standby);
        // The bind follows the promote message; the next new connection may come first.
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .untilAsserted(() -> assertThat(answer(port)).startsWith(name(standby)));
        for (int i = 0; i < 20; i++) {
            assertThat(answer(port)).as("connection %d after the promotion", i).startsWith(name(standby));
        }
    }

    /**
     * The warm-up hook runs before the standby reports listening, so it counts as ready only once
     * warm: its "warmed" message (sent at the hook's end) arrives before its listening event.
     */
    @Test
    void aStandbyWarmsUpBeforeItCountsAsReady() throws Exception {
        Cluster.setupPrimary(settings(SchedulingPolicy.ROUND_ROBIN).env("WARM_UP_MS", "1500").build());
        List<String> seen = new CopyOnWriteArrayList<>();
        Worker serving = Cluster.fork();
        // Subscribed while its JVM starts: the warm-up alone takes 1.5 s after that.
        await().atMost(START).until(() -> !Cluster.standbys().isEmpty());
        Worker standby = Cluster.standbys().values().iterator().next();
        standby.onMessage(m -> seen.add("message " + m.path("warmed").asInt() + " standby=" + m.path("standby").asBoolean()
                + " state=" + standby.state()));
        standby.onListening(a -> seen.add("listening"));
        ClusterTesting.listening(serving).get(START.toSeconds(), TimeUnit.SECONDS);
        await().atMost(START).until(() -> standby.state() == WorkerState.LISTENING);
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains("listening"));
        assertThat(seen).as("what the standby's own events said, in order")
                .containsExactly("message " + standby.id() + " standby=true state=ONLINE", "listening");
    }

    private static ClusterSettings.Builder settings(SchedulingPolicy policy) {
        return ClusterSettings.builder().mainClass(TestWorkerApp.class).args().silent(false)
                .schedulingPolicy(policy).standby(1);
    }

    /** Waits for a standby other than {@code notThis} that listens (ready to be promoted); returns it. */
    private static Worker awaitReadyStandby(Worker notThis) {
        await().atMost(START).until(() -> Cluster.standbys().values().stream()
                .anyMatch(w -> w != notThis && w.state() == WorkerState.LISTENING));
        Worker standby = Cluster.standbys().values().stream()
                .filter(w -> w != notThis && w.state() == WorkerState.LISTENING).findFirst().orElseThrow();
        assertThat(standby.isStandby()).isTrue();
        return standby;
    }

    private static String name(Worker worker) {
        return "worker " + worker.id() + " pid " + worker.process().pid();
    }

    /** The body of GET / on a new connection: {@code worker <id> pid <pid>}. */
    private static String answer(int port) {
        HttpResult result = Http.getOnNewConnection(port, "/", Http.DEFAULT_TIMEOUT);
        assertThat(result.status()).as("status of GET / (%s)", result.body()).isEqualTo(200);
        return result.body();
    }
}
