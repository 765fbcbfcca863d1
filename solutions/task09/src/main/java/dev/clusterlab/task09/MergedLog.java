package dev.clusterlab.task09;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * The one file every worker's lines go to, {@code cluster.log}, rolled by size and by day into
 * {@code cluster.<date>.<n>.log} by logback's {@link RollingFileAppender}. An appender writes one
 * event at a time, so lines from the workers' output threads never mix.
 */
final class MergedLog implements AutoCloseable {
    static final String FILE = "cluster.log";
    static final int MAX_HISTORY_DAYS = 7;
    static final FileSize TOTAL_SIZE_CAP = FileSize.valueOf("1GB");
    private final Logger logger;
    private final RollingFileAppender<ILoggingEvent> appender;

    private MergedLog(Logger logger, RollingFileAppender<ILoggingEvent> appender) {
        this.logger = logger;
        this.appender = appender;
    }

    // tag::open[]
    /** Opens (or goes on with) {@code dir/cluster.log}, rolled when it passes {@code maxFileSize} and each day. */
    static MergedLog open(Path dir, FileSize maxFileSize) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create LOG_DIR " + dir.toAbsolutePath(), e);
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        // BEGIN SOLUTION a logback RollingFileAppender on dir/cluster.log with a SizeAndTimeBasedRollingPolicy (fileNamePattern dir/cluster.%d{yyyy-MM-dd}.%i.log, maxFileSize, maxHistory MAX_HISTORY_DAYS, totalSizeCap TOTAL_SIZE_CAP) and a PatternLayoutEncoder of "%msg%n" (the line is JSON already); start them and attach the appender to a logger of its own (additive false, level INFO)
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName("merged");
        appender.setFile(dir.resolve(FILE).toString());

        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(appender);
        policy.setFileNamePattern(dir.resolve("cluster.%d{yyyy-MM-dd}.%i.log").toString());
        policy.setMaxFileSize(maxFileSize);
        policy.setMaxHistory(MAX_HISTORY_DAYS);
        policy.setTotalSizeCap(TOTAL_SIZE_CAP);
        policy.start();

        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();

        appender.setRollingPolicy(policy);
        appender.setEncoder(encoder);
        appender.start();

        Logger logger = context.getLogger("clusterlab.merged");
        logger.setAdditive(false); // the primary's own console never sees the workers' lines twice
        logger.setLevel(Level.INFO);
        logger.addAppender(appender);
        return new MergedLog(logger, appender);
        // END SOLUTION
    }
    // end::open[]

    /** Appends one line (without its line end). */
    void write(String line) {
        logger.info(line);
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
