package dev.clusterlab.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A real redis-server: it answers, forgets everything on restart (no persistence) and leaves no process. */
class RedisTest {

    @Test
    void servesOnLoopbackRestartsEmptyOnTheSamePortAndLeavesNoProcessBehind(@TempDir Path dir) throws IOException {
        Redis.assumeInstalled();
        long pid;
        try (Redis redis = Redis.start(dir)) {
            assertThat(redis.url()).isEqualTo("redis://127.0.0.1:" + redis.port());
            assertThat(command(redis.port(), "SET", "k", "v")).isEqualTo("+OK");
            assertThat(command(redis.port(), "GET", "k")).isEqualTo("$1\r\nv");

            redis.stop();
            assertThat(redis.isRunning()).isFalse();
            assertThat(Ports.isAccepting(redis.port())).as("port after stop").isFalse();

            redis.restart();
            assertThat(command(redis.port(), "GET", "k")).as("nothing was saved").isEqualTo("$-1");
            pid = redis.process().pid();
        }
        assertThat(ProcessTree.awaitGone(Set.of(pid), Duration.ofSeconds(5))).as("redis-server left running").isEmpty();
    }

    /** A whole simple reply (+OK, $-1) or bulk reply ($n, then n bytes). */
    private static boolean complete(CharSequence r) {
        String s = r.toString();
        if (!s.endsWith("\r\n")) {
            return false;
        }
        return !s.startsWith("$") || s.startsWith("$-1") || s.indexOf("\r\n") < s.length() - 2;
    }

    /** One RESP command; returns the reply without its final CRLF. */
    private static String command(int port, String... words) throws IOException {
        StringBuilder request = new StringBuilder("*" + words.length + "\r\n");
        for (String w : words) {
            request.append('$').append(w.length()).append("\r\n").append(w).append("\r\n");
        }
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder reply = new StringBuilder();
            while (!complete(reply)) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                reply.append((char) b);
            }
            return reply.toString().stripTrailing();
        }
    }
}
