package dev.clusterlab.cluster;

import dev.clusterlab.ipc.Frames;
import dev.clusterlab.ipc.IpcChannel;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A worker's side of Node's {@code close} act: once one of its servers takes no more connections,
 * the worker tells the primary {@code close{server}}, so the primary takes it off that handle (and
 * closes the handle if it was the last) and a later listen on the address is granted again.
 *
 * <p>The frame goes only after the server's own close completed: under round robin that is after
 * its last acknowledgement went out on its link, so the primary never takes back a socket the worker
 * already serves. A listen waits for the frames still on their way, so the primary hears a close
 * before the next {@code queryServer}.
 */
final class ServerCloses {
    private final IpcChannel ipc;
    private final Set<CompletableFuture<Void>> inFlight = ConcurrentHashMap.newKeySet();

    ServerCloses(IpcChannel ipc) {
        this.ipc = ipc;
    }

    /** Tells the primary {@code server} closed once {@code closed} completes; the result completes after that. */
    CompletableFuture<Void> tell(String server, CompletableFuture<Void> closed) {
        CompletableFuture<Void> told = closed.thenCompose(v -> ipc.send(Frames.of("close").put("server", server))
                // The IPC channel is gone: so is this worker's place on every handle.
                .exceptionally(e -> null));
        inFlight.add(told);
        told.whenComplete((v, e) -> inFlight.remove(told));
        return told;
    }

    /** Waits, at most {@code timeout}, until the primary was told of every server closed so far. */
    void await(Duration timeout) {
        try {
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // A close that never finishes must not stop a listen: the primary refuses it if it must.
        }
    }
}
