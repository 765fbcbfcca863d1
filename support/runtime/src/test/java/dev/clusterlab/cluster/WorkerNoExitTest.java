package dev.clusterlab.cluster;

import dev.clusterlab.cluster.fixtures.TestWorkerApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Mirrors Node's test/parallel/test-cluster-worker-no-exit.js: a disconnected worker does not exit
 * while a connection still needs it. A Node worker lives on until nothing keeps its event loop
 * busy; ours exits once its servers have closed, and HttpServer's graceful close waits for each
 * connection with a request under way (arriving, handled or being answered) and closes idle
 * keep-alive connections at once. So here a request that has begun to arrive holds the worker.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WorkerNoExitTest {

    @BeforeEach
    void setup() {
        ClusterTesting.setup(TestWorkerApp.class);
    }

    @AfterEach
    void killLeftovers() {
        ClusterTesting.killAll();
    }

    /** Node's test itself: the worker stays until the client destroys the connection, a second later. */
    @Test
    void aDisconnectedWorkerStaysUntilTheClientClosesItsConnectionMidRequest() throws Exception {
        Worker worker = Cluster.fork();
        int port = ClusterTesting.listening(worker).get(30, TimeUnit.SECONDS).getPort();
        try (Socket client = requestAwaitingItsBody(port)) {
            worker.disconnect();
            assertStaysForASecond(worker);
        } // destroyed
        assertThat(worker.exited().get(10, TimeUnit.SECONDS)).isEqualTo(new ExitStatus(0, null));
        assertThat(worker.exitedAfterDisconnect()).isTrue();
    }

    /** The request that held the worker is answered once its body arrives, with Connection: close; then it exits. */
    @Test
    void theRequestThatHoldsTheWorkerIsAnsweredWithConnectionCloseThenTheWorkerExits() throws Exception {
        Worker worker = Cluster.fork();
        int port = ClusterTesting.listening(worker).get(30, TimeUnit.SECONDS).getPort();
        try (Socket client = requestAwaitingItsBody(port)) {
            worker.disconnect();
            assertStaysForASecond(worker);

            send(client, "body");
            String response = readResponse(client);
            assertThat(response).startsWith("HTTP/1.1 200 ").containsIgnoringCase("\r\nconnection: close\r\n")
                    .endsWith("worker " + worker.id() + " pid " + worker.process().pid());
            assertThat(client.getInputStream().read()).as("the worker closes the connection after answering").isEqualTo(-1);
        }
        assertThat(worker.exited().get(10, TimeUnit.SECONDS)).isEqualTo(new ExitStatus(0, null));
    }

    /**
     * An idle keep-alive connection does not hold the worker: the graceful close closes it at once,
     * not after HttpServer's 30 s close deadline or the 60 s idle timeout.
     */
    @Test
    void anIdleKeepAliveConnectionIsClosedAndDoesNotHoldTheWorker() throws Exception {
        Worker worker = Cluster.fork();
        int port = ClusterTesting.listening(worker).get(30, TimeUnit.SECONDS).getPort();
        try (Socket client = connect(port)) {
            send(client, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(readResponse(client)).startsWith("HTTP/1.1 200 ").doesNotContainIgnoringCase("connection: close");

            worker.disconnect();
            assertThat(client.getInputStream().read()).as("the worker closes the idle connection").isEqualTo(-1);
            assertThat(worker.exited().get(5, TimeUnit.SECONDS)).isEqualTo(new ExitStatus(0, null));
        }
    }

    /**
     * A connection whose request head the worker has read and whose body it waits for: the
     * server's "100 Continue" says that it is reading this request.
     */
    private static Socket requestAwaitingItsBody(int port) throws IOException {
        Socket client = connect(port);
        send(client, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
        assertThat(readResponse(client)).startsWith("HTTP/1.1 100 Continue");
        return client;
    }

    private static void assertStaysForASecond(Worker worker) {
        assertThatThrownBy(() -> worker.exited().get(1, TimeUnit.SECONDS))
                .as("the worker exited while one of its requests was under way").isInstanceOf(TimeoutException.class);
        assertThat(worker.isDead()).isFalse();
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** One response: its head, then as many body bytes as its Content-Length says; what came if the peer closed. */
    private static String readResponse(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0) {
            int b = in.read();
            if (b < 0) {
                return head.toString();
            }
            head.append((char) b);
        }
        Matcher length = Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(head);
        byte[] body = in.readNBytes(length.find() ? Integer.parseInt(length.group(1)) : 0);
        return head + new String(body, StandardCharsets.ISO_8859_1);
    }
}
