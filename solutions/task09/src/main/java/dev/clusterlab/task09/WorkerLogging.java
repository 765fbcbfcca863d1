package dev.clusterlab.task09;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * Names the process in every log line: logback's context properties, which the JSON encoder
 * (logstash-logback-encoder, see {@code logback.xml}) writes as fields of each line.
 */
final class WorkerLogging {
    /** The field that names the worker ({@code primary} for the primary). */
    static final String WORKER = "worker";
    /** The field that holds the process id. */
    static final String PID = "pid";

    private WorkerLogging() {
    }

    // tag::identify[]
    /** From now on every line this process logs carries {@code worker} and {@code pid}. */
    static void identify(String worker, long pid) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.putProperty(WORKER, worker);
        context.putProperty(PID, Long.toString(pid));
    }
    // end::identify[]
}
