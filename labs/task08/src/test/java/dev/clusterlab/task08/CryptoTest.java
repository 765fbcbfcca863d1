package dev.clusterlab.task08;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.clusterlab.task08.RejectedFrameException.Reason;
import dev.clusterlab.testkit.Graded;
import dev.clusterlab.testkit.Hint;
import dev.clusterlab.testkit.Points;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Task 8's cryptographic parts on their own, in this JVM: sealing and opening one frame, the replay
 * window, the keyring. What the lab seals is read back with the checks' own AES-GCM
 * ({@link ReferenceGcm}), so both ends of a real cluster could be written by different people.
 */
@Graded
@Hint("Look at FrameLayout, Sealer, Opener, ReplayWindow and Keyring in src/main: their Javadoc gives the"
        + " exact layouts and rules.")
class CryptoTest {

    private static final byte[] KEY = sequence(32, 1);
    private static final byte[] PLAINTEXT = "{\"type\":\"ping\",\"id\":42}".getBytes(StandardCharsets.UTF_8);
    private static final int WORKER = 7;
    private static final int EPOCH = 3;

    @Test
    @Points(1)
    @Hint("Sealer.seal must encrypt with Cipher.getInstance(\"AES/GCM/NoPadding\"), a 128-bit tag, the nonce"
            + " FrameLayout.nonce(epoch, direction, seq) = int32 (epoch << 1 | direction code) + int64 seq, and the"
            + " associated data FrameLayout.aad = int32 epoch, int64 seq, int8 direction code, int32 worker id,"
            + " all big-endian; seq counts 1, 2, 3... per Sealer; nonce and ciphertext are base64.")
    void sealIsAesGcmWithTheDocumentedNonceAndAssociatedData() {
        Sealer sealer = new Sealer(WORKER, Direction.TO_WORKER);
        Sealed first = sealer.seal(new EpochKey(EPOCH, KEY), PLAINTEXT);
        Sealed second = sealer.seal(new EpochKey(EPOCH, KEY), PLAINTEXT);

        assertThat(new long[] {first.epoch(), first.seq(), second.epoch(), second.seq()})
                .as("epoch and seq of two frames sealed one after the other under key epoch %d", EPOCH)
                .containsExactly(EPOCH, 1, EPOCH, 2);
        assertThat(decode(first.nonce(), "nonce")).as("the first frame's nonce: int32 (epoch %d << 1 | 0), then"
                + " int64 seq 1", EPOCH).isEqualTo(ReferenceGcm.nonce(EPOCH, ReferenceGcm.TO_WORKER, 1));
        byte[] ciphertext = decode(first.ciphertext(), "ciphertext");
        assertThat(ciphertext).as("the ciphertext: as long as the plaintext plus GCM's 16-byte tag")
                .hasSize(PLAINTEXT.length + 16);
        assertThat(ReferenceGcm.open(KEY, EPOCH, 1, ReferenceGcm.TO_WORKER, WORKER, ciphertext))
                .as("the first frame, opened by the checks' own AES-GCM with the documented nonce and associated data")
                .isEqualTo(PLAINTEXT);
        assertThat(second.ciphertext()).as("the same plaintext sealed twice (a new nonce each time)")
                .isNotEqualTo(first.ciphertext());

        Sealed upstream = new Sealer(WORKER, Direction.TO_PRIMARY).seal(new EpochKey(EPOCH, KEY), PLAINTEXT);
        assertThat(decode(upstream.nonce(), "nonce")).as("the nonce of a worker's first frame to the primary"
                + " (direction code 1)").isEqualTo(ReferenceGcm.nonce(EPOCH, ReferenceGcm.TO_PRIMARY, 1));
        assertThat(ReferenceGcm.open(KEY, EPOCH, 1, ReferenceGcm.TO_PRIMARY, WORKER, decode(upstream.ciphertext(),
                "ciphertext"))).as("a worker's frame to the primary, opened by the checks' AES-GCM").isEqualTo(PLAINTEXT);
    }

    @Test
    @Points(1)
    @Hint("Opener.open must decrypt with the same nonce and associated data as the sealer and turn GCM's"
            + " AEADBadTagException into RejectedFrameException(AUTHENTICATION_FAILED); an envelope whose nonce is"
            + " not FrameLayout.nonce(epoch, direction, seq) is rejected too.")
    void openAcceptsOnlyTheUntouchedFrameOfThisWorkerAndDirection() throws Exception {
        long seq = 5;
        byte[] ciphertext = ReferenceGcm.seal(KEY, EPOCH, seq, ReferenceGcm.TO_WORKER, WORKER, PLAINTEXT);
        byte[] nonce = ReferenceGcm.nonce(EPOCH, ReferenceGcm.TO_WORKER, seq);
        EpochKey key = new EpochKey(EPOCH, KEY);
        Opener opener = new Opener(WORKER, Direction.TO_WORKER);

        assertThat(opener.open(key, sealed(EPOCH, seq, nonce, ciphertext)))
                .as("a frame sealed by the checks' own AES-GCM, opened by Opener.open").isEqualTo(PLAINTEXT);

        byte[] flipped = ciphertext.clone();
        flipped[3] ^= 0x01;
        assertRejected(() -> opener.open(key, sealed(EPOCH, seq, nonce, flipped)), Reason.AUTHENTICATION_FAILED,
                "a frame with one ciphertext bit flipped");
        byte[] badTag = ciphertext.clone();
        badTag[badTag.length - 1] ^= (byte) 0x80;
        assertRejected(() -> opener.open(key, sealed(EPOCH, seq, nonce, badTag)), Reason.AUTHENTICATION_FAILED,
                "a frame with one bit of its tag flipped");
        assertRejected(() -> opener.open(key, sealed(EPOCH, seq + 1,
                        ReferenceGcm.nonce(EPOCH, ReferenceGcm.TO_WORKER, seq + 1), ciphertext)),
                Reason.AUTHENTICATION_FAILED, "a frame whose seq (and nonce) were changed");
        assertRejected(() -> new Opener(WORKER + 1, Direction.TO_WORKER).open(key, sealed(EPOCH, seq, nonce, ciphertext)),
                Reason.AUTHENTICATION_FAILED, "a frame for worker " + WORKER + " opened as worker " + (WORKER + 1));
        assertRejected(() -> opener.open(new EpochKey(EPOCH, sequence(32, 2)), sealed(EPOCH, seq, nonce, ciphertext)),
                Reason.AUTHENTICATION_FAILED, "a frame opened with another key");
        assertRejected(() -> opener.open(key, sealed(EPOCH, seq, ReferenceGcm.nonce(EPOCH, ReferenceGcm.TO_WORKER,
                seq + 1), ciphertext)), null, "a frame whose nonce does not match its epoch, direction and seq");
        assertRejected(() -> new Opener(WORKER, Direction.TO_PRIMARY).open(key, sealed(EPOCH, seq, nonce, ciphertext)),
                null, "the primary's frame to a worker, reflected back to the primary");
    }

    @Test
    @Points(1)
    @Hint("ReplayWindow.accept(seq) is true once per seq: for a seq above the highest so far (shift the"
            + " bitmap), or within the last 64 below it and not seen yet; false for seq < 1, a seq seen before,"
            + " or one 64 or more below the highest.")
    void theReplayWindowAcceptsEachSequenceNumberOnce() {
        ReplayWindow window = new ReplayWindow();
        assertThat(window.accept(1)).as("accept(1), the first frame").isTrue();
        assertThat(window.accept(2)).as("accept(2)").isTrue();
        assertThat(window.accept(2)).as("accept(2) again: a replay").isFalse();
        assertThat(window.accept(1)).as("accept(1) again: a replay").isFalse();
        assertThat(window.accept(5)).as("accept(5): 3 and 4 are still on their way").isTrue();
        assertThat(window.accept(4)).as("accept(4), arriving after 5").isTrue();
        assertThat(window.accept(3)).as("accept(3), arriving after 5 and 4").isTrue();
        assertThat(window.accept(4)).as("accept(4) again").isFalse();
        assertThat(window.accept(0)).as("accept(0): sequence numbers start at 1").isFalse();
        assertThat(window.accept(-5)).as("accept(-5)").isFalse();
        assertThat(window.accept(100)).as("accept(100): a jump ahead").isTrue();
        assertThat(window.accept(36)).as("accept(36): 64 below the highest, 100, so too old to tell").isFalse();
        assertThat(window.accept(37)).as("accept(37): 63 below the highest and never seen").isTrue();
        assertThat(window.accept(37)).as("accept(37) again").isFalse();
        assertThat(window.accept(99)).as("accept(99), never seen").isTrue();
        assertThat(window.accept(100)).as("accept(100) again").isFalse();
        assertThat(window.accept(1_000)).as("accept(1000), a jump ahead farther than the window").isTrue();
        assertThat(window.accept(999)).as("accept(999), never seen, just below the new highest").isTrue();
        assertThat(window.accept(100)).as("accept(100), seen long ago and now far below the window").isFalse();

        ReplayWindow fresh = new ReplayWindow();
        Set<Long> accepted = new HashSet<>();
        for (long seq = 1; seq <= 500; seq++) {
            long shuffled = seq % 2 == 0 ? seq - 1 : seq + 1; // pairs arrive swapped: 2, 1, 4, 3, ...
            if (fresh.accept(shuffled)) {
                accepted.add(shuffled);
            }
            assertThat(fresh.accept(shuffled)).as("accept(%d) right after it was accepted", shuffled).isFalse();
        }
        assertThat(accepted).as("sequence numbers accepted out of 1..500 arriving in swapped pairs").hasSize(500);
    }

    @Test
    @Points(1)
    @Hint("Keyring.install(next) takes only the epoch after the current one, keeps the replaced key as the"
            + " previous one until now + grace, and drops the key before it; forEpoch(e) gives the current key,"
            + " or the previous one while its grace lasts, and empty for any other epoch.")
    void theKeyringKeepsThePreviousKeyBrieflyThenRetiresIt() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        EpochKey k0 = new EpochKey(0, sequence(32, 10));
        EpochKey k1 = new EpochKey(1, sequence(32, 20));
        EpochKey k2 = new EpochKey(2, sequence(32, 30));
        EpochKey k3 = new EpochKey(3, sequence(32, 40));
        Keyring keyring = new Keyring(k0, Duration.ofSeconds(2), now::get);

        assertThat(keyring.current()).as("the current key before any rotation").isEqualTo(k0);
        assertThat(keyring.forEpoch(0)).as("forEpoch(0) before any rotation").contains(k0);
        assertThat(keyring.forEpoch(1)).as("forEpoch(1) before epoch 1 was installed").isEmpty();

        keyring.install(k1);
        assertThat(keyring.current()).as("the current key after install(epoch 1)").isEqualTo(k1);
        assertThat(keyring.forEpoch(1)).as("forEpoch(1) right after install(epoch 1)").contains(k1);
        assertThat(keyring.forEpoch(0)).as("forEpoch(0) right after install(epoch 1): frames in flight must open")
                .contains(k0);
        now.addAndGet(Duration.ofMillis(1_900).toNanos());
        assertThat(keyring.forEpoch(0)).as("forEpoch(0) 1.9 s after the rotation (grace: 2 s)").contains(k0);
        now.addAndGet(Duration.ofMillis(200).toNanos());
        assertThat(keyring.forEpoch(0)).as("forEpoch(0) 2.1 s after the rotation: retired").isEmpty();
        assertThat(keyring.forEpoch(1)).as("forEpoch(1), the current key, much later").contains(k1);

        keyring.install(k2);
        assertThat(keyring.forEpoch(1)).as("forEpoch(1) right after install(epoch 2)").contains(k1);
        keyring.install(k3);
        assertThat(keyring.forEpoch(2)).as("forEpoch(2) right after install(epoch 3)").contains(k2);
        assertThat(keyring.forEpoch(1)).as("forEpoch(1) after two more rotations: only one previous key is kept")
                .isEmpty();
        assertThat(keyring.forEpoch(0)).as("forEpoch(0), long retired").isEmpty();
        assertThat(keyring.forEpoch(4)).as("forEpoch(4), never installed").isEmpty();

        IllegalArgumentException skipped = catchThrowableOfType(IllegalArgumentException.class,
                () -> keyring.install(new EpochKey(5, sequence(32, 50))));
        assertThat(skipped).as("install(epoch 5) while the current epoch is 3: an epoch was skipped").isNotNull();
        IllegalArgumentException old = catchThrowableOfType(IllegalArgumentException.class,
                () -> keyring.install(new EpochKey(2, sequence(32, 60))));
        assertThat(old).as("install(epoch 2) while the current epoch is 3: a key from the past").isNotNull();
        assertThat(keyring.current()).as("the current key after the refused installs").isEqualTo(k3);
    }

    // --- helpers ---

    private interface Opening {
        byte[] open() throws RejectedFrameException;
    }

    /** Expects {@code opening} to be rejected; with a null {@code reason}, for any reason. */
    private static void assertRejected(Opening opening, Reason reason, String what) {
        byte[] opened;
        try {
            opened = opening.open();
        } catch (RejectedFrameException rejected) {
            if (reason != null) {
                assertThat(rejected.reason()).as("the reason %s was rejected for", what).isEqualTo(reason);
            }
            return;
        }
        throw new AssertionError("Opener.open accepted " + what + " and returned "
                + (opened == null ? "null" : opened.length + " bytes")
                + "; it must throw RejectedFrameException" + (reason == null ? "" : "(" + reason + ")") + ".");
    }

    private static Sealed sealed(int epoch, long seq, byte[] nonce, byte[] ciphertext) {
        Base64.Encoder b64 = Base64.getEncoder();
        return new Sealed(epoch, seq, b64.encodeToString(nonce), b64.encodeToString(ciphertext));
    }

    private static byte[] decode(String base64, String what) {
        assertThat(base64).as("the %s of a sealed frame", what).isNotNull();
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new AssertionError("the " + what + " of a sealed frame is not base64: " + base64, e);
        }
    }

    private static byte[] sequence(int length, int start) {
        ByteBuffer bytes = ByteBuffer.allocate(length);
        for (int i = 0; i < length; i++) {
            bytes.put((byte) (start + i));
        }
        return bytes.array();
    }
}
