package dev.clusterlab.task10;

import dev.clusterlab.http.HttpApp;
import dev.clusterlab.http.Request;
import dev.clusterlab.http.Response;
import java.util.List;

/**
 * The catalog API, each route behind the worker's {@link AdmissionControl}:
 * {@code GET /items?id=}, {@code GET /items/search?q=&limit=}, {@code POST /items} (an item as JSON).
 * {@code GET /admission} (not guarded: it must answer under overload) shows the controller's numbers.
 *
 * <p>{@code backendMillis} stands in for the database each request would ask: that many
 * milliseconds of waiting (a parked virtual thread, no CPU), so capacity is {@code limit /
 * backendMillis} requests per second per worker and a check can reach twice that on any machine.
 */
final class CatalogRoutes {
    /** The answer of a search. */
    record SearchResult(String q, int count, List<Catalog.Item> items) {
    }

    private CatalogRoutes() {
    }

    /** Adds the catalog routes to {@code app}. */
    // tag::routes[]
    static HttpApp add(HttpApp app, Catalog catalog, AdmissionControl admission, int worker, int backendMillis) {
        return app
                .get("/items", admission.guard(request -> backend(backendMillis, byId(catalog, request))))
                .get("/items/search", admission.guard(request -> backend(backendMillis, search(catalog, request))))
                .post("/items", admission.guard(request -> backend(backendMillis, update(catalog, request))))
                .get("/admission", request -> Response.json(new Admission(worker, admission.snapshot())));
    }
    // end::routes[]

    /** What {@code GET /admission} answers. */
    record Admission(int worker, AdmissionControl.Snapshot admission) {
    }

    private static Response backend(int millis, Response response) throws InterruptedException {
        if (millis > 0) {
            Thread.sleep(millis);
        }
        return response;
    }

    private static Response byId(Catalog catalog, Request request) {
        int id = request.queryInt("id", -1);
        return catalog.get(id).map(Response::json)
                .orElseGet(() -> Response.error(404, "no item with id " + id + " (ids are 1.." + UseCaseServer.CATALOG_SIZE + ")"));
    }

    private static Response search(Catalog catalog, Request request) {
        String q = request.query("q").orElse("");
        int limit = Math.min(100, Math.max(1, request.queryInt("limit", 20)));
        List<Catalog.Item> found = catalog.search(q, limit);
        return Response.json(new SearchResult(q, found.size(), found));
    }

    private static Response update(Catalog catalog, Request request) {
        Catalog.Item item = request.bodyAs(Catalog.Item.class);
        if (item.id() < 1 || item.name() == null || item.priceCents() < 0) {
            return Response.error(400, "an item needs an id of 1 or more, a name and a price of 0 or more cents");
        }
        return Response.json(catalog.put(item));
    }
}
