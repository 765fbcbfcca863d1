package dev.clusterlab.load.jmh.task08;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What task 8's sealed messages cost over plain JSON messages, per message size: the primitives the
 * lab pays for on every {@code send} and every receive, without IPC or HTTP around them.
 *
 * <ul>
 *   <li>{@link #plainWrite()} / {@link #plainRead()}: a message as plain JSON (Jackson), what
 *       {@code worker.send} carries without task 8;</li>
 *   <li>{@link #sealedWrite()}: the same message as JSON, sealed with AES-256-GCM (a new
 *       {@code Cipher} per message, a counter nonce, 17 bytes of associated data) into a
 *       {@code {epoch, seq, nonce, ciphertext}} envelope, itself written as JSON;</li>
 *   <li>{@link #sealedRead()}: the way back: parse the envelope, open it, parse the message.</li>
 * </ul>
 *
 * <p>The layout is task 8's ({@code FrameLayout} in solutions/task08), restated here because the
 * load tests depend on no solution. Run: {@code ./workbook bench 8}, or for one size
 * {@code java -jar load-tests/target/benchmarks.jar SealBenchmark -p size=1024}. The warm-up is long
 * on purpose: on a busy 2-core machine the JIT needed about 8 s before AES-GCM reached its speed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SealBenchmark {

    /** Bytes of payload in the message (before JSON's base64 of it). */
    @Param({"64", "1024", "16384", "262144"})
    public int size;

    /** A message: a type and some bytes, as task 8's messages are records written by Jackson. */
    public record Payload(String type, byte[] data) {
    }

    /** Task 8's envelope. */
    public record Sealed(int epoch, long seq, String nonce, String ciphertext) {
    }

    private static final int EPOCH = 1;
    private static final int WORKER = 1;
    private static final int TO_WORKER = 0;

    private final ObjectMapper mapper = new ObjectMapper();
    private SecretKeySpec key;
    private Payload payload;
    private byte[] plainFrame;
    private byte[] sealedFrame;
    private long seq;

    /** A random key and payload, and one frame of each kind for the read benchmarks. */
    @Setup
    public void setUp() throws Exception {
        SplittableRandom random = new SplittableRandom(8);
        byte[] keyBytes = new byte[32];
        random.nextBytes(keyBytes);
        key = new SecretKeySpec(keyBytes, "AES");
        byte[] data = new byte[size];
        random.nextBytes(data);
        payload = new Payload("blob", data);
        plainFrame = plainWrite();
        sealedFrame = sealedWrite();
    }

    /** The message as plain JSON. */
    @Benchmark
    public byte[] plainWrite() throws IOException {
        return mapper.writeValueAsBytes(payload);
    }

    /** The message as JSON, sealed, in an envelope written as JSON. */
    @Benchmark
    public byte[] sealedWrite() throws IOException, GeneralSecurityException {
        byte[] plaintext = mapper.writeValueAsBytes(payload);
        long next = ++seq;
        byte[] nonce = nonce(next);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
        cipher.updateAAD(aad(next));
        byte[] ciphertext = cipher.doFinal(plaintext);
        Base64.Encoder base64 = Base64.getEncoder();
        return mapper.writeValueAsBytes(new Sealed(EPOCH, next, base64.encodeToString(nonce),
                base64.encodeToString(ciphertext)));
    }

    /** A plain JSON message read back. */
    @Benchmark
    public Payload plainRead() throws IOException {
        return mapper.readValue(plainFrame, Payload.class);
    }

    /** A sealed envelope read, opened (tag checked) and its message read. */
    @Benchmark
    public Payload sealedRead() throws IOException, GeneralSecurityException {
        Sealed sealed = mapper.readValue(sealedFrame, Sealed.class);
        Base64.Decoder base64 = Base64.getDecoder();
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, base64.decode(sealed.nonce())));
        cipher.updateAAD(aad(sealed.seq()));
        return mapper.readValue(cipher.doFinal(base64.decode(sealed.ciphertext())), Payload.class);
    }

    private static byte[] nonce(long seq) {
        return ByteBuffer.allocate(12).putInt(EPOCH << 1 | TO_WORKER).putLong(seq).array();
    }

    private static byte[] aad(long seq) {
        return ByteBuffer.allocate(17).putInt(EPOCH).putLong(seq).put((byte) TO_WORKER).putInt(WORKER).array();
    }
}
