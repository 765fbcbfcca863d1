package dev.clusterlab.task09;

import java.util.List;
import java.util.Locale;

/**
 * The cluster as a table, one row per worker: what {@code GET /describe} answers once and what
 * {@code DASHBOARD=1} redraws every second, like {@code pm2 monit}.
 */
final class Dashboard {
    /** ANSI: cursor home, clear the screen. */
    static final String CLEAR = "\033[H\033[2J";
    private static final String FORMAT = "%-7s %-8s %-9s %-9s %-7s %-10s %-8s %s%n";

    private Dashboard() {
    }

    /** The table of these rows, with a header and a totals line. */
    static String table(List<DashboardRow> rows, ClusterMetrics.Totals totals) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, FORMAT, "worker", "pid", "uptime", "restarts", "cpu", "heap",
                "req/s", "p99"));
        for (DashboardRow row : rows) {
            out.append(String.format(Locale.ROOT, FORMAT, row.workerId(), row.pid(),
                    Math.round(row.uptimeSeconds()) + "s", row.restarts(),
                    String.format(Locale.ROOT, "%.1f%%", row.cpuPercent()),
                    String.format(Locale.ROOT, "%.1f MB", row.heapMegabytes()),
                    String.format(Locale.ROOT, "%.1f", row.requestsPerSecond()), millis(row.p99Millis())));
        }
        out.append(String.format(Locale.ROOT, "cluster: %d workers, %d requests, p99 %s, heap %.1f MB%n",
                totals.workers(), totals.requests(), millis(DashboardRow.p99Millis(totals.latency())),
                totals.heapUsedBytes() / (1024 * 1024)));
        return out.toString();
    }

    private static String millis(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return Double.isInfinite(value) ? "inf" : String.format(Locale.ROOT, "%.0f ms", value);
    }
}
