package dev.clusterlab.task06;

import dev.clusterlab.http.HttpApp;
import dev.clusterlab.http.Response;
import java.util.Map;

/**
 * The routes of part 2, on the event loop like every route of the app: {@code GET /fast} (cheap),
 * {@code GET /work?ms=} (that many ms of CPU), {@code GET /io?ms=} (a blocking call of that many
 * ms), {@code GET /loop} (the loop's lag; {@code POST /loop/reset}) and {@code GET /block?ms=},
 * which blocks its event loop on purpose, to see what the lag monitor shows when a handler does.
 */
final class WorkRoutes {
    static final int MAX_MS = 5_000;

    private WorkRoutes() {
    }

    // tag::routes[]
    static HttpApp add(HttpApp app, Offload offload, LoopLag lag, int worker) {
        return app
                .get("/fast", request -> Response.text("fast from worker " + worker))
                .get("/work", request -> {
                    int ms = millis(request.queryInt("ms", 10));
                    // BEGIN SOLUTION hand the CPU work to offload.cpu(...), so the event loop stays free
                    return offload.cpu(() -> work(ms, worker));
                    // END SOLUTION
                    // STUB: // TODO(task06): this runs the CPU work on the event loop; hand it to offload.cpu(...)
                    // STUB: return work(ms, worker);
                })
                .get("/io", request -> {
                    int ms = millis(request.queryInt("ms", 10));
                    // BEGIN SOLUTION hand the blocking call to offload.blocking(...), on a virtual thread
                    return offload.blocking(() -> blockingCall(ms, worker));
                    // END SOLUTION
                    // STUB: // TODO(task06): this blocks the event loop; hand it to offload.blocking(...)
                    // STUB: return blockingCall(ms, worker);
                })
                .get("/block", request -> blockingCall(millis(request.queryInt("ms", 300)), worker)) // wrong on purpose
                .get("/loop", request -> Response.json(Map.of("worker", worker, "lag", lag.sinceReset())))
                .post("/loop/reset", request -> {
                    lag.reset();
                    return Response.json(Map.of("worker", worker, "reset", true));
                });
    }
    // end::routes[]

    private static Response work(int ms, int worker) {
        long result = CpuWork.spin(ms);
        return Response.json(Map.of("worker", worker, "cpuMs", ms, "result", Long.toHexString(result)));
    }

    /** Stands in for a call that blocks its thread: a JDBC query, a file read, a legacy HTTP client. */
    private static Response blockingCall(int ms, int worker) throws InterruptedException {
        Thread.sleep(ms);
        return Response.json(Map.of("worker", worker, "waitedMs", ms));
    }

    private static int millis(int ms) {
        if (ms < 0 || ms > MAX_MS) {
            throw new dev.clusterlab.http.BadRequestException("ms must be 0.." + MAX_MS + ", was " + ms);
        }
        return ms;
    }
}
