package dev.clusterlab.task06;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * State in this process's memory: correct for one process, wrong for a cluster. Each worker has its
 * own, so a session made on worker 1 is unknown on worker 2, a client gets the rate limit once per
 * worker, and each worker counts only what it served.
 */
final class InProcessState implements SharedState {
    private static final SecureRandom RANDOM = new SecureRandom();
    private record Session(String user, long expiresAtNanos) {
    }

    private record Window(long startNanos, int used) {
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<String> createSession(String user, Duration ttl) {
        String token = newToken();
        sessions.put(token, new Session(user, System.nanoTime() + ttl.toNanos()));
        return CompletableFuture.completedFuture(token);
    }

    @Override
    public CompletionStage<Optional<String>> sessionUser(String token) {
        Session session = sessions.get(token);
        return CompletableFuture.completedFuture(session == null || session.expiresAtNanos() < System.nanoTime()
                ? Optional.empty() : Optional.of(session.user()));
    }

    @Override
    public CompletionStage<Allowance> allow(String key, int limit, Duration window) {
        long now = System.nanoTime();
        Window w = windows.compute(key, (k, old) -> old == null || now - old.startNanos() >= window.toNanos()
                ? new Window(now, 1) : new Window(old.startNanos(), old.used() + 1));
        Duration retry = Duration.ofNanos(Math.max(0, w.startNanos() + window.toNanos() - now));
        return CompletableFuture.completedFuture(new Allowance(w.used() <= limit, Math.max(0, limit - w.used()), retry));
    }

    @Override
    public CompletionStage<Long> increment(String name) {
        return CompletableFuture.completedFuture(counters.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet());
    }

    @Override
    public CompletionStage<Long> count(String name) {
        AtomicLong counter = counters.get(name);
        return CompletableFuture.completedFuture(counter == null ? 0 : counter.get());
    }

    @Override
    public void close() {
    }

    /** A random session token: 128 bits, hex. */
    static String newToken() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
