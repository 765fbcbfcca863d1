package dev.clusterlab.task08;

/**
 * A frame that was not accepted, and why. {@link SecureChannel} logs it as a security event and
 * drops the frame; the channel and the process go on (a bad frame must not become a way to crash
 * a worker). The detail never quotes the frame's content.
 */
final class RejectedFrameException extends Exception {

    /** Why a frame was rejected; the checks and the security log use these names. */
    enum Reason {
        /** Not an envelope: not a JSON object, fields missing or of the wrong type, bad base64 or nonce. */
        MALFORMED,
        /** Larger than {@link Sealed#MAX_CIPHERTEXT_BYTES}: rejected before any decoding. */
        OVERSIZED,
        /** Sealed under a key epoch this end does not hold: never known, or retired after a rotation. */
        UNKNOWN_EPOCH,
        /** AES-GCM's tag does not match: a changed byte, a changed seq/epoch, another key (a forgery). */
        AUTHENTICATION_FAILED,
        /** A sequence number already accepted, or too old to tell: a replay. */
        REPLAYED
    }

    private final Reason reason;

    /** A rejection for {@code reason}; {@code detail} (the message) says what was wrong, without quoting the frame. */
    RejectedFrameException(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    /** Why the frame was rejected. */
    Reason reason() {
        return reason;
    }

    @Override
    public String toString() {
        return "frame rejected, " + reason + ": " + getMessage();
    }
}
