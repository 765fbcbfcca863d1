package dev.clusterlab.task05;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;

/**
 * The upstream group nginx reads ({@code <prefix>/conf/upstreams.conf}, included by
 * {@code nginx/nginx.conf.template}): one {@code server} line per instance, with {@code down} on the
 * ones the health checker took out. nginx reads it only on a reload.
 */
final class UpstreamFile {
    /** The group's name, which the template's {@code proxy_pass http://clusterlab} uses. */
    static final String GROUP = "clusterlab";

    private UpstreamFile() {
    }

    // tag::render[]
    /**
     * The upstream group for {@code servers} ({@code host:port}, in this order), each with the passive
     * check {@code max_fails=1 fail_timeout=5s}, and {@code down} on the ones in {@code down}; then
     * {@code keepalive 32}, the pool of idle connections to the instances.
     */
    static String render(List<String> servers, Set<String> down) {
        throw new UnsupportedOperationException("TODO(task05): write \"upstream clusterlab {\", one line \"server HOST:PORT max_fails=1 fail_timeout=5s;\" per server (with \" down\" before the ';' for the servers in down), \"keepalive 32;\" and \"}\", one per line");
    }
    // end::render[]

    // tag::write[]
    /**
     * Replaces {@code file} with {@code text} atomically: nginx (or a person running {@code nginx -t})
     * never reads a half-written file. A temporary file in the same directory is renamed over it.
     */
    static void write(Path file, String text) throws IOException {
        throw new UnsupportedOperationException("TODO(task05): write text to a temporary file next to file (Files.createTempFile in file's directory), then Files.move it over file with ATOMIC_MOVE and REPLACE_EXISTING");
    }
    // end::write[]
}
