package dev.clusterlab.task09;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * A worker's JDK Flight Recorder on demand: the JVM's counterpart of attaching node-inspector to one
 * Node worker, except that nothing attaches: the worker records itself and says where the file is.
 */
final class FlightRecorder {

    private FlightRecorder() {
    }

    /**
     * Records this JVM for {@code duration} with the {@code profile} settings (method sampling every
     * 10-20 ms, CPU load, GC, locks), then writes the recording to a new file under
     * {@code java.io.tmpdir}. Blocks for {@code duration}: call it off the message thread.
     *
     * @return the {@code .jfr} file
     */
    static Path record(int workerId, Duration duration) throws Exception {
        throw new UnsupportedOperationException("TODO(task09): start a jdk.jfr.Recording with Configuration.getConfiguration(\"profile\"), wait duration, stop it and dump it to a new temp file clusterlab-worker<id>-*.jfr; return that path");
    }
}
