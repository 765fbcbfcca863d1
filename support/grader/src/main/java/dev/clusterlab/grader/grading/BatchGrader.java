package dev.clusterlab.grader.grading;

import dev.clusterlab.grader.GraderException;
import dev.clusterlab.grader.model.GradeReport;
import dev.clusterlab.grader.model.Percent;
import dev.clusterlab.grader.report.Gradebook;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Grades a folder of submissions, one sub-folder per student (its name is the student id), into
 * {@code out/<student>/} and one {@code out/gradebook.csv}. The runtime is installed once for all.
 */
public final class BatchGrader {
    /** The gradebook's file name. */
    public static final String GRADEBOOK = "gradebook.csv";

    private final Grader grader;
    private final PrintWriter progress;

    /** A batch grader on top of {@code grader}. */
    public BatchGrader(Grader grader, PrintWriter progress) {
        this.grader = grader;
        this.progress = progress;
    }

    /** Grades every student folder in {@code batchDir}; returns the reports by student. */
    public Map<String, GradeReport> grade(Path batchDir, Path outDir) throws IOException, InterruptedException {
        List<Path> students;
        try (Stream<Path> list = Files.list(batchDir)) {
            students = list.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> !p.toAbsolutePath().normalize().equals(outDir.toAbsolutePath().normalize()))
                    .sorted()
                    .toList();
        }
        if (students.isEmpty()) {
            throw new GraderException("no student folders in " + batchDir
                    + ": --batch expects one sub-folder per submission, named by the student id");
        }
        var reports = new LinkedHashMap<String, GradeReport>();
        int n = 0;
        for (Path student : students) {
            String id = student.getFileName().toString();
            progress.printf("[%d/%d] %s%n", ++n, students.size(), id);
            progress.flush();
            Path out = outDir.resolve(id);
            GradeReport report;
            try {
                report = grader.grade(DirectorySubmission.locate(student, id), out);
            } catch (NoLabsFoundException e) {
                // Other failures (Maven could not install, say) stop the batch rather than zero everyone.
                report = grader.notGraded(id, e.getMessage(), out);
            }
            reports.put(id, report);
            progress.printf("        %d / %d (%s%%)%n", report.score(), report.max(), Percent.format(report.percent()));
            // Written after every student, so an interrupted batch still leaves a usable gradebook.
            Files.writeString(outDir.resolve(GRADEBOOK), Gradebook.render(grader.tasks(), reports));
        }
        return reports;
    }
}
