package dev.clusterlab.task09;

import dev.clusterlab.http.Handler;
import dev.clusterlab.http.Response;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Gives each request an id, in the {@code request_id} field of every line logged while it is
 * handled and in the {@code X-Request-Id} response header, and logs one access line per request.
 * A caller's {@code X-Request-Id} is kept (so a request can be followed through nginx and the
 * cluster) when it is a plain token; anything else gets a fresh id.
 */
final class RequestLogging {
    static final String HEADER = "X-Request-Id";
    static final String FIELD = "request_id";
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Logger ACCESS = LoggerFactory.getLogger("access");

    private RequestLogging() {
    }

    // tag::wrap[]
    /** {@code handler}, with a request id in the MDC (handlers run on their own thread) and an access line. */
    static Handler wrap(Handler handler) {
        return request -> {
            String id = request.header(HEADER).filter(h -> PLAIN.matcher(h).matches())
                    .orElseGet(() -> UUID.randomUUID().toString());
            long start = System.nanoTime();
            MDC.put(FIELD, id);
            int status = 500;
            try {
                Response response = handler.handle(request);
                status = response.status();
                return response.withHeader(HEADER, id);
            } finally {
                ACCESS.info("{} {} {} in {} ms", request.method(), request.path(), status,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                MDC.remove(FIELD);
            }
        };
    }
    // end::wrap[]
}
