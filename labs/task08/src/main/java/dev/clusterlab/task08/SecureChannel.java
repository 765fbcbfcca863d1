package dev.clusterlab.task08;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterlab.json.Json;
import dev.clusterlab.task08.RejectedFrameException.Reason;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One end of the sealed channel between the primary and one worker, on top of the runtime's
 * {@code send}/{@code onMessage}: every {@link Message} leaves as a {@link Sealed} envelope and
 * every envelope that arrives is checked (size and shape, key epoch, GCM tag, replay) before its
 * message is read. A rejected frame is logged as a security event and dropped; the channel goes on.
 *
 * <p>Keys: epoch 0 is {@code Cluster.deriveKey(keyPurpose(workerId))}, which the primary and that
 * worker compute alike from the cluster secret; the secret reached the worker on its stdin only.
 * Rotations replace it with fresh random keys, each sent sealed under the key before it.
 */
final class SecureChannel {
    private static final Logger LOG = LoggerFactory.getLogger(SecureChannel.class);

    private final int workerId;
    private final String self;
    private final String peer;
    private final Keyring keyring;
    private final Sealer sealer;
    private final Opener opener;
    private final ReplayWindow replay = new ReplayWindow();
    private final Consumer<JsonNode> link;
    private final Tap tap;
    /** In the primary: the epoch of a rotation the worker has not confirmed yet, or -1. */
    private int unconfirmedEpoch = -1;

    private SecureChannel(int workerId, boolean primarySide, byte[] rootKey, Consumer<JsonNode> link, Tap tap) {
        this.workerId = workerId;
        this.self = primarySide ? "primary" : "worker-" + workerId;
        this.peer = primarySide ? "worker-" + workerId : "primary";
        Direction outbound = primarySide ? Direction.TO_WORKER : Direction.TO_PRIMARY;
        Direction inbound = primarySide ? Direction.TO_PRIMARY : Direction.TO_WORKER;
        this.keyring = new Keyring(new EpochKey(0, rootKey));
        this.sealer = new Sealer(workerId, outbound);
        this.opener = new Opener(workerId, inbound);
        this.link = link;
        this.tap = tap;
    }

    /** The primary's end of its channel to worker {@code workerId}; {@code link} sends a frame to that worker. */
    static SecureChannel inPrimary(int workerId, byte[] rootKey, Consumer<JsonNode> link, Tap tap) {
        return new SecureChannel(workerId, true, rootKey, link, tap);
    }

    /** A worker's end of its channel to the primary; {@code link} sends a frame to the primary. */
    static SecureChannel inWorker(int workerId, byte[] rootKey, Consumer<JsonNode> link, Tap tap) {
        return new SecureChannel(workerId, false, rootKey, link, tap);
    }

    // tag::purpose[]
    /**
     * The {@code Cluster.deriveKey} purpose of worker {@code workerId}'s first key. One key per
     * worker: both ends count their frames from 1, so two workers under one key would repeat nonces.
     */
    static String keyPurpose(int workerId) {
        return "task08/messages/worker-" + workerId;
    }
    // end::purpose[]

    /** The epoch of the key this end seals with now. */
    int epoch() {
        return keyring.current().epoch();
    }

    // tag::send[]
    /**
     * Seals {@code message} under the current key and sends it. Synchronized: frames leave in the
     * order they were sealed, and no frame sealed under an old key follows a rotation's frame.
     */
    synchronized void send(Message message) {
        byte[] plaintext = toJson(message);
        try {
            JsonNode frame = Json.toTree(sealer.seal(keyring.current(), plaintext));
            tap.record(self, peer, frame);
            link.accept(frame);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }
    // end::send[]

    // tag::receive[]
    /**
     * Checks one frame that arrived (over IPC, or from the test hook: {@code via} says which) and
     * returns its message.
     *
     * @throws RejectedFrameException after logging it, when the frame must be dropped
     */
    Message receive(JsonNode frame, String via) throws RejectedFrameException {
        try {
            Sealed sealed = Sealed.parse(frame);
            EpochKey key = keyring.forEpoch(sealed.epoch()).orElseThrow(() -> new RejectedFrameException(
                    Reason.UNKNOWN_EPOCH, "key epoch " + sealed.epoch() + " is unknown or retired (now " + epoch() + ")"));
            byte[] plaintext = opener.open(key, sealed);
            try {
                if (!replay.accept(sealed.seq())) {
                    throw new RejectedFrameException(Reason.REPLAYED, "seq " + sealed.seq()
                            + " was accepted before or is too old (highest " + replay.highest() + ")");
                }
                return fromJson(plaintext);
            } finally {
                Arrays.fill(plaintext, (byte) 0);
            }
        } catch (RejectedFrameException e) {
            LOG.warn("SECURITY frame rejected: reason={} from={} to={} via={} epoch={} seq={}: {}", e.reason(), peer,
                    self, via, frame.path("epoch").asText("?"), frame.path("seq").asText("?"), e.getMessage());
            throw e;
        }
    }
    // end::receive[]

    /**
     * In the primary: starts a rotation of this worker's key, unless the last one is not confirmed
     * yet. The new key goes to the worker sealed under the current key; from then on this end
     * seals with the new key and still opens the worker's frames under the old one for a while.
     *
     * @return whether a rotation started
     */
    synchronized boolean rotate() {
        throw new UnsupportedOperationException("TODO(task08): skip while unconfirmedEpoch >= 0; otherwise make EpochKey.random(epoch() + 1), send it as a RotateKey (sealed under the current key), install it in the keyring, remember its epoch as unconfirmed");
    }

    /** In a worker: the primary sent a new key. Install it and confirm under it. */
    synchronized void onRotateKey(Message.RotateKey rotate) {
        throw new UnsupportedOperationException("TODO(task08): install new EpochKey(rotate.epoch(), rotate.key()) in the keyring, then send KeyRotated(epoch), which the new key seals");
    }

    /**
     * In the primary: the worker confirmed epoch {@code epoch}, in a frame that opened under that
     * key. The next rotation may start.
     *
     * @return whether it confirmed the rotation under way
     */
    synchronized boolean onKeyRotated(Message.KeyRotated confirmed) {
        if (confirmed.epoch() != unconfirmedEpoch) {
            return false;
        }
        unconfirmedEpoch = -1;
        return true;
    }

    private static byte[] toJson(Message message) {
        try {
            return Json.mapper().writerFor(Message.class).writeValueAsBytes(message);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + message.getClass().getSimpleName(), e);
        }
    }

    /** Reads the plaintext; the error never quotes it (Jackson's messages can). */
    private static Message fromJson(byte[] plaintext) throws RejectedFrameException {
        try {
            return Json.mapper().readValue(plaintext, Message.class);
        } catch (IOException e) {
            throw new RejectedFrameException(Reason.MALFORMED, "it opened, but is not a known message");
        }
    }

    @Override
    public String toString() {
        return self + " <-> " + peer + " (key epoch " + epoch() + ")";
    }
}
