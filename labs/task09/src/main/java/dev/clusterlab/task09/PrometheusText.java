package dev.clusterlab.task09;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Renders the cluster's metrics in Prometheus' text exposition format (version 0.0.4): one series
 * per worker with a {@code worker} label, and {@code clusterlab_cluster_*} series for the totals
 * (separate names, so that {@code sum()} over the per-worker series never counts a total twice).
 */
final class PrometheusText {
    /** The content type Prometheus expects for this format. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder();

    private PrometheusText() {
    }

    /** The exposition of these workers' snapshots and their totals. */
    static String render(List<MetricsSnapshot> workers, ClusterMetrics.Totals totals) {
        throw new UnsupportedOperationException("TODO(task09): render: per worker (label worker=\"<id>\") the counter clusterlab_http_requests_total, the histogram clusterlab_http_request_duration_seconds (_bucket with le, +Inf, _sum, _count) and the JVM gauges; then the totals as clusterlab_cluster_http_requests_total and clusterlab_cluster_http_request_duration_seconds");
    }

    private static String label(MetricsSnapshot worker) {
        return "worker=\"" + worker.workerId() + "\"";
    }

    private void type(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void gauges(List<MetricsSnapshot> workers, String name, String help, String extraLabel,
            ToDoubleFunction<MetricsSnapshot> value) {
        type(name, "gauge", help);
        for (MetricsSnapshot w : workers) {
            sample(name, extraLabel == null ? label(w) : label(w) + "," + extraLabel, value.applyAsDouble(w));
        }
    }

    private void histogram(String name, String labels, MetricsSnapshot.Histogram h) {
        String prefix = labels.isEmpty() ? "" : labels + ",";
        for (int i = 0; i < h.bounds().size(); i++) {
            sample(name + "_bucket", prefix + "le=\"" + h.bounds().get(i) + "\"", h.counts().get(i));
        }
        sample(name + "_bucket", prefix + "le=\"+Inf\"", h.count());
        sample(name + "_sum", labels, h.sumSeconds());
        sample(name + "_count", labels, h.count());
    }

    private void sample(String name, String labels, long value) {
        out.append(name).append(labels.isEmpty() ? "" : "{" + labels + "}").append(' ').append(value).append('\n');
    }

    private void sample(String name, String labels, double value) {
        out.append(name).append(labels.isEmpty() ? "" : "{" + labels + "}").append(' ').append(value).append('\n');
    }
}
