package dev.clusterlab.task06;

/** The shared state cannot be reached now (Redis down, a command timed out): the request gets a 503. */
final class StateUnavailableException extends RuntimeException {
    StateUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
