package dev.clusterlab.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A real OpenSearch in a JVM of its own: bulk-indexed lines are counted and found, and nothing outlives it. */
class OpenSearchTest {

    private static final String BULK = """
            {"index":{"_index":"testkit-check"}}
            {"request_id":"r-1","worker":"1","message":"GET /a"}
            {"index":{"_index":"testkit-check"}}
            {"request_id":"r-2","worker":"2","message":"GET /b"}
            {"index":{"_index":"testkit-check"}}
            {"request_id":"r-3","worker":"2","message":"GET /c"}
            """;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void countsAndFindsBulkIndexedDocumentsAndLeavesNoProcessBehind(@TempDir Path dataDir) {
        Set<Long> pids;
        long started = System.nanoTime();
        try (OpenSearch openSearch = OpenSearch.start(dataDir)) {
            System.out.printf("%s green %d ms after start()%n", openSearch, (System.nanoTime() - started) / 1_000_000);
            assertThat(openSearch.url()).isEqualTo("http://127.0.0.1:" + openSearch.port());
            assertThat(openSearch.count("no-such-index", "*")).as("count on a missing index").isZero();
            assertThat(openSearch.search("no-such-index", "*", 10)).as("search on a missing index").isEmpty();

            HttpResult bulk = Http.post(openSearch.port(), "/_bulk", BULK, "application/x-ndjson");
            assertThat(bulk.status()).as("bulk answer: %s", bulk.body()).isEqualTo(200);
            assertThat(bulk.body()).as("bulk answer").contains("\"errors\":false");

            assertThat(openSearch.count("testkit-check", "*")).isEqualTo(3);
            assertThat(openSearch.count("testkit-check", "worker:\"2\"")).isEqualTo(2);
            List<JsonNode> found = openSearch.search("testkit-check", "request_id:\"r-2\" AND worker:\"2\"", 10);
            assertThat(found).hasSize(1);
            assertThat(found.getFirst().path("message").asText()).isEqualTo("GET /b");

            pids = ProcessTree.pids(openSearch.process().descendants());
            pids.add(openSearch.process().pid());
        }
        assertThat(ProcessTree.awaitGone(pids, Duration.ofSeconds(5))).as("OpenSearch processes left").isEmpty();
    }
}
