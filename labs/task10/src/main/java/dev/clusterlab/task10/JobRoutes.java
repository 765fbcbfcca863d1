package dev.clusterlab.task10;

import dev.clusterlab.http.HttpApp;
import dev.clusterlab.http.Request;
import dev.clusterlab.http.Response;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** {@code POST /jobs} (a {@link Job} as JSON, answered with its {@link JobResult}) and {@code GET /jobs/stats}. */
final class JobRoutes {
    private JobRoutes() {
    }

    /** Adds the job routes, served by {@code runner}, to {@code app}. */
    static HttpApp add(HttpApp app, JobRunner runner) {
        return app.post("/jobs", request -> submit(runner, request))
                .get("/jobs/stats", request -> Response.json(runner.stats()));
    }

    // tag::post[]
    private static Response submit(JobRunner runner, Request request) throws InterruptedException {
        Job job;
        try {
            job = request.bodyAs(Job.class);
        } catch (RuntimeException e) {
            return Response.error(400, "a job is JSON like {\"password\":\"hunter2\",\"salt\":\"s1\",\"iterations\":100000}: "
                    + e.getMessage());
        }
        try {
            return Response.json(runner.submit(job).get());
        } catch (ExecutionException | CompletionException e) {
            return switch (e.getCause()) {
                case JobErrors.Rejected rejected -> Response.error(429, rejected.getMessage()).withHeader("Retry-After", "1");
                case JobErrors.TimedOut timedOut -> Response.error(504, timedOut.getMessage());
                case JobErrors.Failed failed -> Response.error(502, failed.getMessage());
                case Throwable other -> Response.error(500, "job failed: " + other);
            };
        }
    }
    // end::post[]
}
