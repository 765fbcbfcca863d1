package dev.clusterlab.task08;

import dev.clusterlab.testkit.KeepAliveConnection;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clusterlab.testkit.AppLauncher;
import dev.clusterlab.testkit.Graded;
import dev.clusterlab.testkit.Hint;
import dev.clusterlab.testkit.Http;
import dev.clusterlab.testkit.HttpResult;
import dev.clusterlab.testkit.LaunchedApp;
import dev.clusterlab.testkit.Points;
import dev.clusterlab.testkit.ProcInfo;
import dev.clusterlab.testkit.ProcessTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Task 8 as a running cluster: {@link SecureCluster} with WORKERS=2, a database password in a file
 * (DB_PASSWORD_FILE), the tap on (TASK08_TAP_DIR: every frame each process sends, as sent) and, where a
 * check plays the attacker, the workers' test hook (TASK08_TEST_HOOKS=1: POST /test-hooks/inbound hands
 * a raw frame to the worker's channel as if it came over IPC). Everything is looked at from outside:
 * HTTP, the tap files, the process tree, /proc and the apps' output.
 */
@Graded
@Hint("Look at PrimaryRole, WorkerRole and SecureChannel in src/main and the crypto classes they use (Sealed,"
        + " Sealer, Opener, ReplayWindow, Keyring, PasswordSource). Run the app (./mvnw -pl labs/task08 compile"
        + " exec:exec) and read what it prints; the checks' own apps log to target/testkit-logs/.")
class SecureClusterTest {

    private static final int WORKERS = 2;
    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static final Duration REQUEST = Duration.ofSeconds(10);
    private static final Duration LOG_WAIT = Duration.ofSeconds(10);
    private static final String HOOK = "/test-hooks/inbound";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final Leaks password = Leaks.newPassword();

    @Test
    @Points(1)
    @Hint("Every frame on the wire must be a Sealed envelope {epoch, seq, nonce, ciphertext} whose ciphertext"
            + " is real AES-GCM output: no form of the password (as is, base64, hex) may appear in it, and the"
            + " workers must still get the password (GET /secret gives its SHA-256). Look at"
            + " PrimaryRole.deliverPassword, SecureChannel.send and Sealer.seal.")
    void thePasswordCrossesTheSocketOnlyEncrypted() {
        try (LaunchedApp app = start(Map.of())) {
            Set<Integer> workers = awaitPasswordInEveryWorker(app);
            for (int i = 0; i < 4; i++) {
                HttpResult ping = Http.getOnNewConnection(app.port(), "/ping", REQUEST);
                assertThat(ping.status()).as("GET /ping, a sealed round trip (body: %s)", ping.body().strip())
                        .isEqualTo(200);
            }

            List<Taps.Tapped> tapped = Taps.read(tapDir());
            assertThat(tapped).as("frames in the tap (%s)", tapDir()).isNotEmpty();
            String inRaw = password.foundIn(Taps.rawBytes(tapDir()));
            assertThat(inRaw).as("what the tap saw on the wire contains the password (%s)", inRaw).isNull();
            List<byte[]> firstToEach = new ArrayList<>();
            for (Taps.Tapped t : tapped) {
                assertThat(fieldNames(t.frame())).as("the fields of a frame %s sent to %s: %s", t.from(), t.to(), t.line())
                        .containsExactlyInAnyOrder("epoch", "seq", "nonce", "ciphertext");
                byte[] ciphertext = base64(t.frame().path("ciphertext").asText(), t.line());
                String inCiphertext = password.foundIn(ciphertext);
                assertThat(inCiphertext).as("the decoded ciphertext of %s contains the password (%s)", t.line(),
                        inCiphertext).isNull();
                assertThat(isJsonObject(ciphertext)).as("whether the decoded ciphertext of %s is plain JSON", t.line())
                        .isFalse();
            }
            for (int worker : workers) {
                List<JsonNode> toWorker = Taps.toWorker(tapDir(), worker);
                assertThat(toWorker).as("the frames the primary sent to worker-%d, in the tap", worker).isNotEmpty();
                byte[] first = base64(toWorker.get(0).path("ciphertext").asText(), toWorker.get(0).toString());
                firstToEach.add(Arrays.copyOf(first, Math.max(0, first.length - 16))); // without the tag
            }
            assertThat(firstToEach.get(0)).as("the encrypted part of the first frames to the two workers (the same"
                    + " password, but each under that worker's own key)").isNotEqualTo(firstToEach.get(1));
            String inOutput = password.foundIn(app.output());
            assertThat(inOutput).as("the apps' output contains the password (%s)", inOutput).isNull();
        }
    }

    @Test
    @Points(1)
    @Hint("A frame the worker already accepted (same seq) must be rejected as REPLAYED: ReplayWindow.accept,"
            + " called by SecureChannel.receive after the frame opened. A frame with a flipped byte, or another"
            + " seq, must fail GCM's tag check (AUTHENTICATION_FAILED in Opener.open). Each rejection is logged.")
    void tamperedAndReplayedFramesAreRejectedAndLogged() {
        try (LaunchedApp app = start(Map.of(WorkerRole.HOOKS_ENV, "1"))) {
            awaitPasswordInEveryWorker(app);
            try (KeepAliveConnection worker = new KeepAliveConnection(app.port(), REQUEST)) {
                int id = whoAmI(worker);
                ObjectNode delivered = (ObjectNode) Taps.toWorker(tapDir(), id).get(0);
                long seq = delivered.path("seq").asLong();
                int epoch = delivered.path("epoch").asInt();

                assertRejected(worker, delivered, "REPLAYED", "the password frame replayed, exactly as the tap saw it");
                awaitSecurityLog(app, "REPLAYED", id);

                byte[] ciphertext = base64(delivered.path("ciphertext").asText(), delivered.toString());
                byte[] flipped = ciphertext.clone();
                flipped[0] ^= 0x01;
                assertRejected(worker, delivered.deepCopy().put("ciphertext", Base64.getEncoder().encodeToString(flipped)),
                        null, "the password frame with one ciphertext bit flipped");
                long otherSeq = seq + 1_000;
                assertRejected(worker, ReferenceGcm.envelope(epoch, otherSeq,
                                ReferenceGcm.nonce(epoch, ReferenceGcm.TO_WORKER, otherSeq), ciphertext),
                        "AUTHENTICATION_FAILED", "the password frame with its seq (and nonce) changed to " + otherSeq);
                long thirdSeq = seq + 2_000;
                assertRejected(worker, ReferenceGcm.envelope(epoch, thirdSeq,
                                ReferenceGcm.nonce(epoch, ReferenceGcm.TO_WORKER, thirdSeq), flipped),
                        "AUTHENTICATION_FAILED", "the password frame with a flipped bit and a new seq " + thirdSeq);
                awaitSecurityLog(app, "AUTHENTICATION_FAILED", id);

                assertStillServing(worker, id);
            }
        }
    }

    @Test
    @Points(1)
    @Hint("Without the worker's key nobody can get a message accepted: a frame sealed with another key fails"
            + " the GCM tag (AUTHENTICATION_FAILED), a frame naming an epoch the worker does not hold is"
            + " UNKNOWN_EPOCH (Keyring.forEpoch), and a plain JSON command is not an envelope at all (MALFORMED,"
            + " Sealed.parse). Each is logged, and the worker's password stays what the primary sent.")
    void aClientWithoutTheKeyCannotGetACommandAccepted() {
        try (LaunchedApp app = start(Map.of(WorkerRole.HOOKS_ENV, "1"))) {
            awaitPasswordInEveryWorker(app);
            try (KeepAliveConnection worker = new KeepAliveConnection(app.port(), REQUEST)) {
                int id = whoAmI(worker);
                byte[] command = ("{\"type\":\"db-password\",\"password\":\""
                        + Base64.getEncoder().encodeToString("forged-password".getBytes(StandardCharsets.UTF_8)) + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
                byte[] guessedKey = new byte[32];
                new SecureRandom().nextBytes(guessedKey);

                assertRejected(worker, ReferenceGcm.envelope(guessedKey, 0, 500, id, command), "AUTHENTICATION_FAILED",
                        "a db-password command sealed with a key of our own, in the right layout");
                awaitSecurityLog(app, "AUTHENTICATION_FAILED", id);
                assertRejected(worker, ReferenceGcm.envelope(guessedKey, 7, 501, id, command), "UNKNOWN_EPOCH",
                        "a db-password command under key epoch 7, which the worker never received");
                awaitSecurityLog(app, "UNKNOWN_EPOCH", id);
                assertRejected(worker, JSON.readTree(command), "MALFORMED", "a db-password command in plain JSON");
                awaitSecurityLog(app, "MALFORMED", id);

                assertStillServing(worker, id);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    @Points(1)
    @Hint("Sealed.parse must reject an envelope whose ciphertext is over MAX_CIPHERTEXT_BYTES as OVERSIZED"
            + " (before decoding it) and anything that is not exactly {epoch: int >= 0, seq: long >= 1, nonce:"
            + " base64 of 12 bytes, ciphertext: base64 of 16+ bytes} as MALFORMED; the worker logs each and goes on"
            + " serving. The runtime does the same one layer down: garbage on the IPC socket closes only that"
            + " connection.")
    void oversizedAndMalformedFramesAreRejectedAndHarmNothingElse() throws Exception {
        try (LaunchedApp app = start(Map.of(WorkerRole.HOOKS_ENV, "1"))) {
            Set<Integer> workers = awaitPasswordInEveryWorker(app);
            Set<Long> workerPids = ProcessTree.pids(app.javaChildren());
            String nonce = Base64.getEncoder().encodeToString(new byte[12]);
            String tag = Base64.getEncoder().encodeToString(new byte[16]);
            try (KeepAliveConnection worker = new KeepAliveConnection(app.port(), REQUEST)) {
                int id = whoAmI(worker);
                String huge = Base64.getEncoder().encodeToString(new byte[64 * 1024]);
                assertRejected(worker, envelope("0", "99", q(nonce), q(huge)), "OVERSIZED",
                        "an envelope with 64 KiB of ciphertext");
                awaitSecurityLog(app, "OVERSIZED", id);

                Map<String, String> malformed = new LinkedHashMap<>();
                malformed.put("a JSON array", "[1,2,3]");
                malformed.put("a JSON string", "\"hello\"");
                malformed.put("an object without seq, nonce and ciphertext", "{\"epoch\":0}");
                malformed.put("an extra field", envelope("0", "99", q(nonce), q(tag)).deepCopy().put("x", 1).toString());
                malformed.put("epoch as a string", envelope("\"0\"", "99", q(nonce), q(tag)).toString());
                malformed.put("a negative epoch", envelope("-1", "99", q(nonce), q(tag)).toString());
                malformed.put("seq 0", envelope("0", "0", q(nonce), q(tag)).toString());
                malformed.put("seq 1.5", envelope("0", "1.5", q(nonce), q(tag)).toString());
                malformed.put("a nonce that is not base64", envelope("0", "99", q("not base64!"), q(tag)).toString());
                malformed.put("a nonce of 8 bytes", envelope("0", "99", q(Base64.getEncoder().encodeToString(new byte[8])),
                        q(tag)).toString());
                malformed.put("a ciphertext shorter than a tag", envelope("0", "99", q(nonce), q("AAAA")).toString());
                for (Map.Entry<String, String> bad : malformed.entrySet()) {
                    assertRejected(worker, JSON.readTree(bad.getValue()), "MALFORMED", "an envelope that is " + bad.getKey()
                            + ": " + bad.getValue());
                }
                awaitSecurityLog(app, "MALFORMED", id);
                KeepAliveConnection.Answer notJson = worker.post(HOOK, "this is not JSON");
                assertThat(notJson.status()).as("POST %s with a body that is not JSON: the HTTP layer's 400 (body: %s)",
                        HOOK, notJson.body()).isEqualTo(400);
                assertStillServing(worker, id);
            }

            List<Path> sockets = IpcProbe.listeningSockets(app.pid());
            assertThat(sockets).as("the Unix sockets the primary listens on (its IPC server), from /proc").isNotEmpty();
            for (Path socket : sockets) {
                assertThat(IpcProbe.closedAfterSending(socket, ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).array(),
                        Duration.ofSeconds(10))).as("whether the primary hung up on a client of %s that announced a 2 GiB"
                        + " frame", socket).isTrue();
                assertThat(IpcProbe.closedAfterSending(socket, IpcProbe.frame("not JSON at all".getBytes(
                        StandardCharsets.UTF_8)), Duration.ofSeconds(10))).as("whether the primary hung up on a client of"
                        + " %s that sent a frame of garbage", socket).isTrue();
            }

            Set<Integer> pinged = new HashSet<>();
            long deadline = System.nanoTime() + STARTUP.toNanos();
            while (!pinged.equals(workers) && System.nanoTime() < deadline) {
                HttpResult ping = Http.getOnNewConnection(app.port(), "/ping", REQUEST);
                assertThat(ping.status()).as("GET /ping after the bad frames (body: %s)", ping.body().strip())
                        .isEqualTo(200);
                pinged.add(json(ping.body()).path("workerId").asInt());
            }
            assertThat(pinged).as("the workers that answered GET /ping (a sealed round trip) after the bad frames")
                    .isEqualTo(workers);
            assertThat(ProcessTree.pids(app.javaChildren())).as("the workers' pids after the bad frames: none may have"
                    + " died or been replaced").isEqualTo(workerPids);
            assertThat(app.isAlive()).as("whether the primary still runs").isTrue();
        }
    }

    @Test
    @Points(1)
    @Hint("With ROTATE_MILLIS=300 the primary sends each worker a new random key every 300 ms (RotateKey, sealed"
            + " under the current key), the worker installs it and confirms under it (KeyRotated). Pings must go"
            + " on working throughout, with no frame rejected and no worker restarted, and a frame under epoch 0,"
            + " retired by then, must be rejected as UNKNOWN_EPOCH. Look at SecureChannel.rotate, onRotateKey and"
            + " Keyring.")
    void keysRotateWithoutARestartAndRetiredKeysAreRefused() {
        try (LaunchedApp app = start(Map.of(WorkerRole.HOOKS_ENV, "1", "ROTATE_MILLIS", "300"))) {
            Set<Integer> workers = awaitPasswordInEveryWorker(app);
            Set<Long> workerPids = ProcessTree.pids(app.javaChildren());
            Map<Integer, Integer> epochs = new HashMap<>();
            int pings = 0;
            long deadline = System.nanoTime() + STARTUP.toNanos();
            while ((epochs.size() < WORKERS || epochs.values().stream().anyMatch(e -> e < 3))
                    && System.nanoTime() < deadline) {
                HttpResult ping = Http.getOnNewConnection(app.port(), "/ping", REQUEST);
                assertThat(ping.status()).as("GET /ping number %d while keys rotate (body: %s)", pings + 1,
                        ping.body().strip()).isEqualTo(200);
                pings++;
                JsonNode answer = json(ping.body());
                epochs.merge(answer.path("workerId").asInt(), answer.path("epoch").asInt(), Math::max);
                sleep(50);
            }
            assertThat(epochs.keySet()).as("the workers that answered GET /ping").isEqualTo(workers);
            assertThat(epochs.values()).as("the key epoch of each worker (by id: %s) after %s of rotation every 300 ms",
                    epochs, STARTUP).allSatisfy(e -> assertThat(e).isGreaterThanOrEqualTo(3));
            assertThat(ProcessTree.pids(app.javaChildren())).as("the workers' pids after the rotations: keys must change"
                    + " without a restart").isEqualTo(workerPids);
            assertThat(app.output()).as("the apps' output: no frame may be rejected while keys rotate")
                    .doesNotContain("SECURITY frame rejected");

            Map<String, Set<String>> nonces = new HashMap<>();
            Set<String> upstreamEpochs = new HashSet<>();
            for (Taps.Tapped t : Taps.read(tapDir())) {
                String key = t.from() + "->" + t.to() + "@" + t.frame().path("epoch").asInt();
                assertThat(nonces.computeIfAbsent(key, k -> new HashSet<>()).add(t.frame().path("nonce").asText()))
                        .as("whether the nonce of %s is new under its key (%s)", t.line(), key).isTrue();
                if (t.to().equals("primary")) {
                    upstreamEpochs.add(t.from() + "@" + t.frame().path("epoch").asInt());
                }
            }
            for (int worker : workers) {
                assertThat(upstreamEpochs).as("worker-%d's frames to the primary under rotated keys (epochs 1 and 2)",
                        worker).contains("worker-" + worker + "@1", "worker-" + worker + "@2");
            }

            try (KeepAliveConnection worker = new KeepAliveConnection(app.port(), REQUEST)) {
                int id = whoAmI(worker);
                JsonNode epochZero = Taps.toWorker(tapDir(), id).get(0);
                assertRejected(worker, epochZero, "UNKNOWN_EPOCH", "the first frame to worker " + id + ", sealed under"
                        + " key epoch 0, after three rotations");
                awaitSecurityLog(app, "UNKNOWN_EPOCH", id);
            }
        }
    }

    @Test
    @Points(1)
    @Hint("No process of the cluster may carry the password in its command line or environment"
            + " (/proc/<pid>/cmdline, /proc/<pid>/environ): read it from the file named by DB_PASSWORD_FILE"
            + " (PasswordSource.load), fork workers without it (PrimaryRole.forkWorkers) and send it sealed. With"
            + " DB_PASSWORD set in its environment the primary must refuse to start and name DB_PASSWORD_FILE.")
    void thePasswordIsInNoCommandLineOrEnvironment() throws IOException {
        try (LaunchedApp app = start(Map.of())) {
            awaitPasswordInEveryWorker(app);
            List<Long> pids = new ArrayList<>();
            pids.add(app.pid());
            app.descendants().stream().map(ProcInfo::pid).forEach(pids::add);
            assertThat(pids).as("the primary and its workers").hasSizeGreaterThanOrEqualTo(1 + WORKERS);
            for (long pid : pids) {
                for (String file : List.of("cmdline", "environ")) {
                    Path proc = Path.of("/proc", Long.toString(pid), file);
                    byte[] content = Files.readAllBytes(proc);
                    String found = password.foundIn(content);
                    assertThat(found).as("%s (pid %d is %s) contains the password (%s)", proc, pid,
                            pid == app.pid() ? "the primary" : "a worker", found).isNull();
                }
            }
            String inOutput = password.foundIn(app.output());
            assertThat(inOutput).as("the apps' output contains the password (%s)", inOutput).isNull();
        }

        LaunchedApp refused = AppLauncher.forMainClass(SecureCluster.class).workers(WORKERS)
                .env(PasswordSource.VALUE_ENV, password.password()).env("ROTATE_MILLIS", "0").spawn();
        try (refused) {
            int code = refused.awaitExit(STARTUP);
            assertThat(code).as("the exit code of a primary started with DB_PASSWORD in its environment").isNotZero();
            assertThat(refused.output()).as("what a primary started with DB_PASSWORD in its environment says")
                    .contains(PasswordSource.FILE_ENV).doesNotContain("TODO(task08)");
            assertThat(password.foundIn(refused.output())).as("whether it printed the password").isNull();
        }
    }

    // --- helpers ---

    private Path tapDir() {
        return tmp.resolve("tap");
    }

    /**
     * Starts the cluster with the password file, the tap, rotation off unless {@code env} says otherwise,
     * and waits until it listens; fails fast when it exits or prints a TODO's exception.
     */
    private LaunchedApp start(Map<String, String> env) {
        Path passwordFile = tmp.resolve("db-password");
        try {
            Files.createDirectories(tapDir());
            Files.writeString(passwordFile, password.password() + "\n");
            Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> all = new HashMap<>(Map.of(PasswordSource.FILE_ENV, passwordFile.toString(),
                Tap.ENV, tapDir().toString(), "ROTATE_MILLIS", "0"));
        all.putAll(env);
        LaunchedApp app = AppLauncher.forMainClass(SecureCluster.class).workers(WORKERS).env(all).spawn();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (true) {
            try {
                return app.awaitListening(Duration.ofMillis(500));
            } catch (AssertionError notYet) {
                failOnTodo(app);
                if (!app.isAlive() || System.nanoTime() > deadline) {
                    app.close();
                    throw notYet;
                }
            }
        }
    }

    /**
     * Asks GET /secret on new connections until every worker has answered with the SHA-256 of the
     * password in the file.
     *
     * @return the worker ids
     */
    private Set<Integer> awaitPasswordInEveryWorker(LaunchedApp app) {
        Map<Integer, String> digests = new HashMap<>();
        HttpResult last = null;
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (digests.size() < WORKERS && System.nanoTime() < deadline) {
            failOnTodo(app);
            last = Http.getOnNewConnection(app.port(), "/secret", REQUEST);
            if (last.status() == 200) {
                JsonNode answer = json(last.body());
                assertThat(answer.path("sha256").asText()).as("the SHA-256 of the password worker %s holds (GET /secret:"
                        + " %s); it must be the one of the password in DB_PASSWORD_FILE", answer.path("workerId"),
                        last.body().strip()).isEqualTo(password.sha256());
                digests.put(answer.path("workerId").asInt(), answer.path("sha256").asText());
            } else {
                sleep(100);
            }
        }
        assertThat(digests.keySet()).as("the workers that answered GET /secret with the password's SHA-256 within %s"
                + " (the last answer: %s)", STARTUP, last == null ? "none" : last.status() + " " + last.body().strip())
                .hasSize(WORKERS);
        return digests.keySet();
    }

    private static void failOnTodo(LaunchedApp app) {
        String todo = app.output().lines().filter(l -> l.contains("TODO(task08)")).findFirst().orElse(null);
        if (todo != null) {
            String output = app.outputTail(20);
            app.close();
            throw new AssertionError("The cluster hit a TODO: " + todo.strip() + "\nIts output:\n" + output);
        }
    }

    private static int whoAmI(KeepAliveConnection worker) {
        KeepAliveConnection.Answer who = worker.get("/whoami");
        assertThat(who.status()).as("GET /whoami (body: %s)", who.body()).isEqualTo(200);
        return json(who.body()).path("workerId").asInt();
    }

    /** POSTs {@code frame} to the worker's test hook and expects it rejected (for {@code reason}, unless null). */
    private static void assertRejected(KeepAliveConnection worker, JsonNode frame, String reason, String what) {
        KeepAliveConnection.Answer answer = worker.post(HOOK, frame.toString());
        if (answer.status() == 200) {
            throw new AssertionError("The worker accepted " + what + " (test hook answer: " + answer.body() + ").");
        }
        assertThat(answer.status()).as("the test hook's status for %s: 403 means rejected (body: %s)", what,
                answer.body()).isEqualTo(403);
        if (reason != null) {
            assertThat(json(answer.body()).path("reason").asText()).as("the reason %s was rejected for (answer: %s)",
                    what, answer.body()).isEqualTo(reason);
        }
    }

    private static void awaitSecurityLog(LaunchedApp app, String reason, int workerId) {
        app.awaitOutput(Pattern.compile("SECURITY frame rejected: reason=" + reason + " from=primary to=worker-" + workerId
                + "\\b"), LOG_WAIT);
    }

    /** The worker on this connection still holds the real password and talks to the primary. */
    private void assertStillServing(KeepAliveConnection worker, int id) {
        KeepAliveConnection.Answer secret = worker.get("/secret");
        assertThat(secret.status()).as("GET /secret on worker %d afterwards (body: %s)", id, secret.body()).isEqualTo(200);
        assertThat(json(secret.body()).path("sha256").asText()).as("the SHA-256 of worker %d's password afterwards: the"
                + " password from DB_PASSWORD_FILE, not one a rejected frame carried", id).isEqualTo(password.sha256());
        KeepAliveConnection.Answer ping = worker.get("/ping");
        assertThat(ping.status()).as("GET /ping on worker %d afterwards: its channel to the primary still works"
                + " (body: %s)", id, ping.body()).isEqualTo(200);
    }

    private static ObjectNode envelope(String epoch, String seq, String nonce, String ciphertext) {
        return (ObjectNode) json("{\"epoch\":" + epoch + ",\"seq\":" + seq + ",\"nonce\":" + nonce + ",\"ciphertext\":"
                + ciphertext + "}");
    }

    private static String q(String text) {
        return "\"" + text + "\"";
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static boolean isJsonObject(byte[] bytes) {
        try {
            return JSON.readTree(bytes) instanceof ObjectNode;
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] base64(String text, String where) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new AssertionError("the ciphertext of " + where + " is not base64", e);
        }
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
