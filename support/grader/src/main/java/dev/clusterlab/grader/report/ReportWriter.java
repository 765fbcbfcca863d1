package dev.clusterlab.grader.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.clusterlab.grader.model.GradeReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes {@code report.md}, {@code report.json} and Gradescope's {@code results.json} into one folder. */
public final class ReportWriter {
    /** The Markdown report's file name. */
    public static final String MARKDOWN = "report.md";
    /** The machine-readable report's file name. */
    public static final String JSON = "report.json";
    /** Gradescope's file name. */
    public static final String GRADESCOPE = "results.json";

    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Writes the three files into {@code outDir}, creating it if needed. */
    public void write(GradeReport report, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        Files.writeString(outDir.resolve(MARKDOWN), MarkdownReport.render(report));
        json.writeValue(outDir.resolve(JSON).toFile(), JsonReport.toJson(report, json));
        json.writeValue(outDir.resolve(GRADESCOPE).toFile(), GradescopeResults.toJson(report, json));
    }
}
