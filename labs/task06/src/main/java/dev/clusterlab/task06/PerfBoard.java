package dev.clusterlab.task06;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterlab.cluster.Cluster;
import dev.clusterlab.cluster.Worker;
import dev.clusterlab.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In the primary: the last {@link PerfReport} of each worker and its request rate (from the
 * runtime's {@code Worker.stats}), one row per worker, as {@code pm2 monit} and {@code pm2 list} show.
 */
final class PerfBoard {
    /** One worker's row. */
    record Row(int worker, long pid, double cpuPercent, double rssMb, double heapMb, double heapMaxMb, double gcPauseMs,
               double lagP99Ms, double lagMaxMs, double requestsPerSecond, long requests) {
    }

    private record Last(PerfReport report, long requests, long atNanos, double requestsPerSecond) {
    }

    private final Map<Integer, Last> last = new ConcurrentHashMap<>();

    /** Takes a worker's message if it is a {@link PerfReport}; false if it is some other message. */
    boolean onMessage(Worker worker, JsonNode message) {
        if (!PerfReport.TYPE.equals(message.path("type").asText())) {
            return false;
        }
        PerfReport report = Json.mapper().convertValue(message, PerfReport.class);
        long requests = worker.stats().requests();
        long now = System.nanoTime();
        last.compute(worker.id(), (id, before) -> new Last(report, requests, now, before == null ? 0
                : (requests - before.requests()) * 1e9 / Math.max(1, now - before.atNanos())));
        return true;
    }

    void onExit(Worker worker) {
        last.remove(worker.id());
    }

    /** The rows of the live workers, by id. */
    List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        Cluster.workers().forEach((id, worker) -> {
            Last l = last.get(id);
            if (l != null) {
                PerfReport r = l.report();
                rows.add(new Row(id, r.pid(), 100 * r.cpu(), r.rssBytes() / 1048576.0, r.heapUsedBytes() / 1048576.0,
                        r.heapMaxBytes() / 1048576.0, r.gcPauseMs(), r.lagP99Ms(), r.lagMaxMs(), l.requestsPerSecond(),
                        worker.stats().requests()));
            }
        });
        rows.sort(java.util.Comparator.comparingInt(Row::worker));
        return rows;
    }
}
