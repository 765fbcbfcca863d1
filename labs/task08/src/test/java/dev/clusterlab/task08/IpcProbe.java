package dev.clusterlab.task08;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A rogue client of the primary's IPC socket (Linux): finds the socket through {@code /proc} (the
 * primary's open sockets, matched by inode against {@code /proc/net/unix}, which lists listening
 * Unix sockets with their paths), connects as any process of the same user could, and sends bytes
 * that no worker would.
 */
final class IpcProbe {
    /** {@code __SO_ACCEPTCON} in the Flags column of /proc/net/unix: a listening socket. */
    private static final int LISTENING = 1 << 16;

    private IpcProbe() {
    }

    /** The paths of the Unix sockets process {@code pid} listens on. */
    static List<Path> listeningSockets(long pid) {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[") && target.endsWith("]")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // an fd that closed while we listed them
                }
            }
            return Files.readAllLines(Path.of("/proc/net/unix")).stream().skip(1)
                    .map(line -> line.trim().split("\\s+"))
                    .filter(f -> f.length >= 8 && inodes.contains(f[6])
                            && (Integer.parseInt(f[3], 16) & LISTENING) != 0)
                    .map(f -> Path.of(f[7]))
                    .distinct()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the sockets of pid " + pid + " in /proc", e);
        }
    }

    /**
     * Connects to {@code socket}, sends {@code bytes} and waits for the server to hang up.
     *
     * @return whether it closed the connection within {@code within}
     */
    static boolean closedAfterSending(Path socket, byte[] bytes, Duration within) throws IOException, InterruptedException {
        try (SocketChannel raw = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            raw.connect(UnixDomainSocketAddress.of(socket));
            raw.configureBlocking(false);
            ByteBuffer buf = ByteBuffer.allocate(65536);
            try {
                ByteBuffer out = ByteBuffer.wrap(bytes);
                long deadline = System.nanoTime() + within.toNanos();
                while (System.nanoTime() < deadline) {
                    if (out.hasRemaining()) {
                        raw.write(out);
                    }
                    int n = raw.read(buf);
                    if (n < 0) {
                        return true;
                    }
                    buf.clear();
                    if (n == 0) {
                        Thread.sleep(20);
                    }
                }
            } catch (IOException reset) {
                return true; // hung up while we were still writing: a reset is a close too
            }
            return false;
        }
    }

    /** A frame as the runtime's IPC reads them: a 4-byte big-endian length, then the bytes. */
    static byte[] frame(byte[] body) {
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }
}
