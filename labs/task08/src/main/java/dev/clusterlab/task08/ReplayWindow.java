package dev.clusterlab.task08;

/**
 * Which sequence numbers of one direction were already accepted: the sliding window of IPsec and
 * DTLS (RFC 4303 §3.4.3, RFC 9147 §4.5.1). A frame is fresh when its seq is above every seq seen
 * so far, or within the last {@value #WINDOW} of the highest and not seen yet; a seq seen before, or
 * older than the window, is a replay. The window lets frames arrive a little out of order (two
 * threads seal 5 and 6, and 6 reaches the socket first) without ever accepting one twice, in
 * constant memory.
 *
 * <p>Call {@link #accept} only after the frame opened: a forged frame must not be able to use up
 * sequence numbers.
 */
final class ReplayWindow {
    /** How far below the highest seq a frame may still arrive. */
    static final int WINDOW = 64;

    private long highest;
    /** Bit i set: seq {@code highest - i} was accepted. */
    private long seen;

    /**
     * Records {@code seq} as accepted if it is fresh.
     *
     * @return true if the frame is fresh (and is now recorded), false if it is a replay: seq below
     *     1, already accepted, or {@value #WINDOW} or more below the highest accepted
     */
    synchronized boolean accept(long seq) {
        throw new UnsupportedOperationException("TODO(task08): above highest: shift the bitmap by the difference (clear it when that is WINDOW or more), set bit 0, move highest; otherwise reject seq < 1, seq <= highest - WINDOW and seqs whose bit (highest - seq) is set; set that bit");
    }

    /** The highest seq accepted so far, 0 before the first. */
    synchronized long highest() {
        return highest;
    }
}
