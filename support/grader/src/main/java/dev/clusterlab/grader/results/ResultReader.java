package dev.clusterlab.grader.results;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads the per-check JSON files the testkit writes into a lab's {@code target/clusterlab-results}. */
public final class ResultReader {
    /** Where, inside a lab module, the testkit writes its results. */
    public static final String RESULTS_DIR = "target/clusterlab-results";

    private final ObjectMapper json = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * What one results folder held.
     *
     * @param results the results read
     * @param warnings files that could not be read
     */
    public record Read(List<ReportedResult> results, List<String> warnings) {
    }

    /** Reads every {@code *.json} in {@code resultsDir}; a missing folder means no check ran. */
    public Read read(Path resultsDir) throws IOException {
        var results = new ArrayList<ReportedResult>();
        var warnings = new ArrayList<String>();
        if (!Files.isDirectory(resultsDir)) {
            return new Read(results, warnings);
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(resultsDir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        for (Path file : files) {
            String name = file.getFileName().toString().replaceFirst("\\.json$", "");
            int hash = name.lastIndexOf('#');
            try {
                ReportedResult r = json.readValue(file.toFile(), ReportedResult.class);
                results.add(r.withIdentity(hash < 0 ? name : name.substring(0, hash),
                        hash < 0 ? null : name.substring(hash + 1)));
            } catch (IOException e) {
                warnings.add("unreadable result " + file.getFileName() + ": " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        return new Read(results, warnings);
    }
}
