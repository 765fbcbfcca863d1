package dev.clusterlab.task06;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The state a request may need from an earlier one: sessions, rate limits and counters. Under a
 * cluster the next request of a client lands on any worker, so this state must be one for all of
 * them ({@link RedisState}); {@link InProcessState} is the starting app's, one per worker.
 *
 * <p>Every call returns a stage rather than blocking: the handlers run on the event loop, and a
 * blocking call there would stall every connection of that loop. A stage that fails with {@link
 * StateUnavailableException} becomes a fast 503.
 */
interface SharedState extends AutoCloseable {
    /** What {@link #allow} decided for one request. */
    record Allowance(boolean allowed, long remaining, Duration retryAfter) {
    }

    /** Makes a session for {@code user} that lives {@code ttl}; its token. */
    CompletionStage<String> createSession(String user, Duration ttl);

    /** The user of the session {@code token}, if it exists and has not expired. */
    CompletionStage<Optional<String>> sessionUser(String token);

    /** Counts one request of {@code key} against {@code limit} per {@code window}. */
    CompletionStage<Allowance> allow(String key, int limit, Duration window);

    /** Adds one to the counter {@code name}; its new value. */
    CompletionStage<Long> increment(String name);

    /** The counter {@code name} (0 if never incremented). */
    CompletionStage<Long> count(String name);

    @Override
    void close();
}
