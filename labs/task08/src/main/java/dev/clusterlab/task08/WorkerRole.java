package dev.clusterlab.task08;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterlab.cluster.Cluster;
import dev.clusterlab.http.Execution;
import dev.clusterlab.http.HttpApp;
import dev.clusterlab.http.HttpServer;
import dev.clusterlab.http.Request;
import dev.clusterlab.http.Response;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker: receives the database password over its {@link SecureChannel} and serves HTTP on the
 * shared port.
 *
 * <ul>
 *   <li>{@code GET /whoami}: {@code {"workerId":1,"pid":4242}};</li>
 *   <li>{@code GET /secret}: the SHA-256 of the password it received (never the password), 503 until then;</li>
 *   <li>{@code GET /keys}: the epoch of the key it seals with now;</li>
 *   <li>{@code GET /ping}: a sealed round trip to the primary and back;</li>
 *   <li>{@code POST /test-hooks/inbound}, only with {@value #HOOKS_ENV}{@code =1}: a TEST HOOK that hands
 *       the request body to the channel as if the primary had sent it over IPC, so that checks can
 *       replay, tamper with and forge frames. Never enable it in production.</li>
 * </ul>
 */
final class WorkerRole {
    /** The environment variable that enables the test hook. */
    static final String HOOKS_ENV = "TASK08_TEST_HOOKS";
    private static final Logger LOG = LoggerFactory.getLogger(WorkerRole.class);
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(5);

    private final int id;
    private final SecureChannel channel;
    private final AtomicReference<byte[]> password = new AtomicReference<>();
    private final Map<Long, CompletableFuture<Void>> pongs = new ConcurrentHashMap<>();
    private final AtomicLong pingIds = new AtomicLong();

    /** The answer of {@code GET /whoami}. */
    record WhoAmI(int workerId, long pid) {
    }

    /** The answer of {@code GET /secret}: proof that this worker holds the password, without it. */
    record SecretDigest(int workerId, String sha256) {
    }

    /** The answer of {@code GET /keys}. */
    record Keys(int workerId, int epoch) {
    }

    /** The answer of {@code GET /ping}. */
    record PingAnswer(int workerId, int epoch, long micros) {
    }

    /** The answer of the test hook: accepted with the message's type, or rejected with the reason. */
    record HookAnswer(int workerId, boolean accepted, String type, String reason) {
    }

    private WorkerRole(int id) {
        this.id = id;
        this.channel = SecureChannel.inWorker(id, Cluster.deriveKey(SecureChannel.keyPurpose(id)),
                WorkerRole::sendToPrimary, Tap.fromEnvironment("worker-" + id));
    }

    private static void sendToPrimary(JsonNode frame) {
        Cluster.worker().send(frame).exceptionally(e -> {
            LOG.warn("could not send a frame to the primary: {}", e.getMessage());
            return null;
        });
    }

    /** Starts this worker: listens to the primary, then serves on {@code port}. */
    static HttpServer run(int port, boolean testHooks) {
        WorkerRole worker = new WorkerRole(Cluster.worker().id());
        Cluster.worker().onMessage(worker::fromPrimary);
        HttpServer server = worker.serve(port, testHooks);
        LOG.info("worker {} (pid {}) listening on {}{}", worker.id, ProcessHandle.current().pid(), server.port(),
                testHooks ? " with the TEST HOOK /test-hooks/inbound enabled" : "");
        return server;
    }

    private HttpServer serve(int port, boolean testHooks) {
        long pid = ProcessHandle.current().pid();
        HttpApp app = HttpApp.create()
                .execution(Execution.VIRTUAL_THREADS) // /ping waits for the primary's answer
                .get("/whoami", request -> Response.json(new WhoAmI(id, pid)))
                .get("/secret", request -> secret())
                .get("/keys", request -> Response.json(new Keys(id, channel.epoch())))
                .get("/ping", request -> ping());
        if (testHooks) {
            app.post("/test-hooks/inbound", this::inbound);
        }
        return app.listen(port);
    }

    private void fromPrimary(JsonNode frame) {
        try {
            handle(channel.receive(frame, "ipc"));
        } catch (RejectedFrameException rejected) {
            // Logged by the channel as a security event; the frame is dropped and the worker goes on.
        }
    }

    /** Acts on a message that passed every check of the channel. */
    private void handle(Message message) {
        switch (message) {
            case Message.DbPassword delivered -> {
                byte[] before = password.getAndSet(delivered.password());
                if (before != null) {
                    Arrays.fill(before, (byte) 0);
                }
                LOG.info("worker {} received the database password ({} bytes)", id, delivered.password().length);
            }
            case Message.RotateKey rotate -> {
                channel.onRotateKey(rotate);
                LOG.info("worker {} now seals with key epoch {}", id, rotate.epoch());
            }
            case Message.Pong pong -> {
                CompletableFuture<Void> waiting = pongs.get(pong.id());
                if (waiting != null) {
                    waiting.complete(null);
                }
            }
            case Message other -> LOG.warn("worker {}: the primary sent a {}, which only workers send", id,
                    other.getClass().getSimpleName());
        }
    }

    private Response secret() throws NoSuchAlgorithmException {
        byte[] current = password.get();
        if (current == null) {
            return Response.error(503, "worker " + id + " has no database password yet");
        }
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(current));
        return Response.json(new SecretDigest(id, sha256));
    }

    private Response ping() throws InterruptedException, ExecutionException {
        long pingId = pingIds.incrementAndGet();
        CompletableFuture<Void> pong = new CompletableFuture<>();
        pongs.put(pingId, pong);
        long start = System.nanoTime();
        try {
            channel.send(new Message.Ping(pingId));
            pong.get(PING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return Response.json(new PingAnswer(id, channel.epoch(), (System.nanoTime() - start) / 1000));
        } catch (TimeoutException e) {
            return Response.error(504, "worker " + id + ": no pong from the primary within " + PING_TIMEOUT.toSeconds()
                    + " s");
        } finally {
            pongs.remove(pingId);
        }
    }

    // tag::test-hook[]
    /** TEST HOOK: the body, a JSON envelope, goes through exactly the checks an IPC frame goes through. */
    private Response inbound(Request request) {
        JsonNode frame = request.json(); // not JSON at all: 400, from the HTTP layer
        try {
            Message message = channel.receive(frame, "test-hook");
            handle(message);
            return Response.json(new HookAnswer(id, true, message.getClass().getSimpleName(), null));
        } catch (RejectedFrameException rejected) {
            return Response.json(new HookAnswer(id, false, null, rejected.reason().name())).withStatus(403);
        }
    }
    // end::test-hook[]
}
