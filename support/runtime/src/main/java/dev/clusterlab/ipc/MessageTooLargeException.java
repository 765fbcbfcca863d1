package dev.clusterlab.ipc;

/** Thrown when a message would not fit in one IPC frame; nothing was sent. */
public final class MessageTooLargeException extends IllegalArgumentException {
    /** A message of {@code length} bytes against a limit of {@code limit}. */
    public MessageTooLargeException(int length, int limit) {
        super("IPC message of " + length + " bytes is over the limit of " + limit
                + " bytes; send smaller messages or raise ClusterSettings.maxMessageBytes");
    }
}
