package dev.clusterlab.cluster;

import dev.clusterlab.cluster.fixtures.TestWorkerApp;
import dev.clusterlab.ipc.Frames;
import dev.clusterlab.ipc.IpcChannel;
import dev.clusterlab.ipc.IpcClient;
import dev.clusterlab.ipc.IpcServer;
import dev.clusterlab.transport.NamedThreads;
import dev.clusterlab.transport.NativeTransport;
import io.netty.channel.EventLoopGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The primary's gate for IPC connections, against a process that is not the worker it claims to be. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PrimaryAdmissionTest {

    @BeforeEach
    void setup() {
        ClusterTesting.setup(TestWorkerApp.class);
    }

    @AfterEach
    void killLeftovers() {
        ClusterTesting.killAll();
    }

    /**
     * A connection that proves the secret for worker N but comes from another process (the kernel
     * says so) is refused, and does not use up worker N's place: the real worker still gets in.
     */
    @Test
    void aConnectionFromTheWrongProcessDoesNotTakeTheWorkersPlace() throws Exception {
        Worker worker = Cluster.fork(Map.of("NO_SERVER", "1", "CONNECT_DELAY_MS", "1500"));
        CompletableFuture<Void> online = new CompletableFuture<>();
        worker.onOnline(() -> online.complete(null));
        worker.onExit(s -> online.completeExceptionally(new AssertionError(worker + " exited (" + s + ") instead of coming online")));

        Object primary = ClusterTesting.field(Class.forName(Cluster.class.getName() + "$Role"), null, "PRIMARY");
        String secret = (String) ClusterTesting.field(Primary.class, primary, "secret");
        IpcServer server = (IpcServer) ClusterTesting.field(Primary.class, primary, "ipcServer");
        EventLoopGroup group = NativeTransport.get().newGroup(1, NamedThreads.daemon("impostor"));
        try {
            CompletableFuture<IpcChannel> impostor = IpcClient.connect(server.socket(), secret, worker.id(),
                    Frames.DEFAULT_MAX_FRAME_BYTES, group);
            assertThat(impostor).as("this JVM is not worker %d's process", worker.id()).failsWithin(10, TimeUnit.SECONDS);
            assertThat(worker.state()).isEqualTo(WorkerState.NONE); // it connects later

            online.get(30, TimeUnit.SECONDS);
            assertThat(ClusterTesting.ask(worker, Map.of("cmd", "echo", "n", 1)).path("n").asInt()).isEqualTo(1);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
