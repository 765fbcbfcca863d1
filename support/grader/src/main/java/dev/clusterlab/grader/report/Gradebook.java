package dev.clusterlab.grader.report;

import dev.clusterlab.grader.model.GradeReport;
import dev.clusterlab.grader.model.Percent;
import dev.clusterlab.grader.model.TaskResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code gradebook.csv}: one row per student with per-task points, total, maximum and percent. */
public final class Gradebook {
    private Gradebook() {
    }

    /**
     * Renders the CSV (RFC 4180, CRLF line ends as spreadsheet imports expect).
     *
     * @param tasks the task columns, in order
     * @param reports each student's report, in row order
     */
    public static String render(List<String> tasks, Map<String, GradeReport> reports) {
        var b = new StringBuilder();
        var header = new ArrayList<String>();
        header.add("student");
        header.addAll(tasks);
        header.addAll(List.of("total", "max", "percent"));
        row(b, header);
        reports.forEach((student, report) -> {
            var cells = new ArrayList<String>();
            cells.add(student);
            for (String task : tasks) {
                cells.add(report.tasks().stream().filter(t -> t.task().equals(task)).findFirst()
                        .map(TaskResult::score).map(String::valueOf).orElse(""));
            }
            cells.add(String.valueOf(report.score()));
            cells.add(String.valueOf(report.max()));
            cells.add(Percent.format(report.percent()));
            row(b, cells);
        });
        return b.toString();
    }

    private static void row(StringBuilder b, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            b.append(i == 0 ? "" : ",").append(quote(cells.get(i)));
        }
        b.append("\r\n");
    }

    private static String quote(String cell) {
        boolean needs = cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r");
        // A leading = + - @ would make spreadsheets evaluate a student-chosen folder name as a formula.
        if (!cell.isEmpty() && "=+-@".indexOf(cell.charAt(0)) >= 0 && !cell.matches("-?\\d+(\\.\\d+)?")) {
            cell = "'" + cell;
        }
        return needs ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
    }
}
