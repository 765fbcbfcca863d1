package dev.clusterlab.task05;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The active health checker's memory: for each upstream server, whether it is up and how many probes
 * in a row agreed. nginx Plus's {@code health_check fails=N passes=M} and HAProxy's {@code fall}/{@code rise}
 * work this way: one lost probe is noise, {@code fall} failures in a row take a server out, and
 * {@code rise} successes in a row put it back (so a flapping server does not flap nginx with it).
 * Every server starts up, as nginx's own list does. Not thread-safe: one checker loop owns it.
 */
final class UpstreamHealth {

    /** One server's record. */
    private static final class Record {
        boolean up = true;
        /** Probes in a row that disagreed with {@link #up}: failures while up, successes while down. */
        int streak;
    }

    private final int rise;
    private final int fall;
    private final Map<String, Record> servers = new LinkedHashMap<>();

    /**
     * @param servers the upstream servers, {@code host:port}, in the order the upstream file lists them
     * @param rise    successes in a row that put a down server back
     * @param fall    failures in a row that take an up server out
     */
    UpstreamHealth(List<String> servers, int rise, int fall) {
        if (rise < 1 || fall < 1) {
            throw new IllegalArgumentException("rise and fall must be at least 1, were " + rise + " and " + fall);
        }
        this.rise = rise;
        this.fall = fall;
        servers.forEach(server -> this.servers.put(server, new Record()));
    }

    /** The servers, in their order. */
    List<String> servers() {
        return List.copyOf(servers.keySet());
    }

    /** Whether {@code server} is up (in rotation). */
    boolean isUp(String server) {
        return record(server).up;
    }

    /** The servers that are down, sorted. */
    Set<String> down() {
        Set<String> down = new TreeSet<>();
        servers.forEach((server, record) -> {
            if (!record.up) {
                down.add(server);
            }
        });
        return down;
    }

    // tag::probe[]
    /**
     * Records one probe of {@code server}.
     *
     * @param ok whether it answered {@code GET /readyz} with 200 in time
     * @return whether the server changed between up and down with this probe
     */
    boolean record(String server, boolean ok) {
        Record record = record(server);
        // BEGIN SOLUTION a probe that agrees with record.up resets record.streak; one that disagrees adds to it, and when the streak reaches fall (while up) or rise (while down) flip record.up, reset the streak and return true; otherwise return false
        if (ok == record.up) {
            record.streak = 0;
            return false;
        }
        record.streak++;
        if (record.streak < (record.up ? fall : rise)) {
            return false;
        }
        record.up = !record.up;
        record.streak = 0;
        return true;
        // END SOLUTION
    }
    // end::probe[]

    private Record record(String server) {
        Record record = servers.get(server);
        if (record == null) {
            throw new IllegalArgumentException("unknown upstream server " + server + "; known: " + servers.keySet());
        }
        return record;
    }
}
