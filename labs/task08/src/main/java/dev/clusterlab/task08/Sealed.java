package dev.clusterlab.task08;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterlab.task08.RejectedFrameException.Reason;
import java.util.Base64;
import java.util.Set;

// tag::sealed[]
/**
 * The envelope every application message travels in, as JSON through {@code worker.send} (never
 * Java serialization): {@code {"epoch":0,"seq":7,"nonce":"...","ciphertext":"..."}}. Only the key
 * epoch and the sequence number are in clear; both are bound to the ciphertext as associated data.
 *
 * @param epoch      the epoch of the key it was sealed under
 * @param seq        the sender's counter for this direction: 1, 2, 3... never reused
 * @param nonce      base64 of the 12-byte GCM nonce, {@link FrameLayout#nonce}
 * @param ciphertext base64 of AES-256-GCM's output: the encrypted message and its 16-byte tag
 */
record Sealed(int epoch, long seq, String nonce, String ciphertext) {
// end::sealed[]

    /** The largest ciphertext (message plus tag) a receiver decodes; larger envelopes are rejected first. */
    static final int MAX_CIPHERTEXT_BYTES = 16 * 1024;
    /** GCM's tag, appended to the ciphertext. */
    static final int TAG_BYTES = 16;
    private static final Set<String> FIELDS = Set.of("epoch", "seq", "nonce", "ciphertext");

    /** The nonce's bytes; call on a {@link #parse parsed} envelope. */
    byte[] nonceBytes() {
        return Base64.getDecoder().decode(nonce);
    }

    /** The ciphertext's bytes (tag included); call on a {@link #parse parsed} envelope. */
    byte[] ciphertextBytes() {
        return Base64.getDecoder().decode(ciphertext);
    }

    /**
     * Reads an envelope off the wire, checking its size and shape before anything decrypts it: what
     * arrives here is untrusted, from whoever managed to send it.
     *
     * @throws RejectedFrameException {@link Reason#OVERSIZED} when the ciphertext is longer than
     *     {@link #MAX_CIPHERTEXT_BYTES} (checked first, on the text's length, before decoding it);
     *     {@link Reason#MALFORMED} when it is not a JSON object with exactly the fields epoch (an int,
     *     0 or more), seq (a long, 1 or more), nonce (base64 of 12 bytes) and ciphertext (base64 of at
     *     least {@link #TAG_BYTES} bytes)
     */
    static Sealed parse(JsonNode frame) throws RejectedFrameException {
        throw new UnsupportedOperationException("TODO(task08): check size first (ciphertext text longer than base64 of MAX_CIPHERTEXT_BYTES: OVERSIZED), then shape: a JSON object with exactly epoch (int >= 0), seq (long >= 1), nonce (base64, 12 bytes), ciphertext (base64, >= 16 bytes); anything else: MALFORMED");
    }

    private static int base64Length(int bytes) {
        return (bytes + 2) / 3 * 4;
    }

    /** How many bytes {@code text} decodes to, or -1 when it is not base64. */
    private static int decodedLength(String text) {
        try {
            return Base64.getDecoder().decode(text).length;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    private static RejectedFrameException malformed(String detail) {
        return new RejectedFrameException(Reason.MALFORMED, detail);
    }
}
