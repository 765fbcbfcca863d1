package dev.clusterlab.charts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One chart's data as measured: a CSV file whose leading {@code # key: value} lines say how to draw
 * it, whose first row names the columns, and whose first column is the x value (a number, or a
 * category for bar charts). Every other column is one series; an empty cell is a point not measured.
 *
 * <pre>
 * # title: Job throughput by workers
 * # x: workers
 * # y: jobs/s
 * # kind: line            (line: x is a number; bar: x is a category)
 * # xscale: log           (optional, line charts; yscale too)
 * # command: ./workbook bench 10
 * workers,JobPool,thread pool,ideal
 * 1,41.0,42.5,41.0
 * 2,77.9,81.0,82.0
 * </pre>
 *
 * @param title   the chart's title
 * @param xLabel  the x axis label
 * @param yLabel  the y axis label
 * @param kind    how to draw it
 * @param logX    a logarithmic x axis (line charts)
 * @param logY    a logarithmic y axis
 * @param series  the column names after the first
 * @param rows    one row per x: its label and one value per series (null where not measured)
 * @param notes   every header line, including the command that measured the data
 */
public record ChartData(String title, String xLabel, String yLabel, Kind kind, boolean logX, boolean logY,
                        List<String> series, List<Row> rows, Map<String, String> notes) {

    /** How a chart is drawn. */
    public enum Kind {
        /** An XY line chart with a marker per point: x is numeric. */
        LINE,
        /** A grouped bar chart: x is a category. */
        BAR
    }

    /**
     * One x value and its series' values.
     *
     * @param x      the first column as written
     * @param values one per series, null where the cell is empty
     */
    public record Row(String x, List<Double> values) {
        /** The x value as a number, for line charts. */
        public double xValue() {
            return Double.parseDouble(x);
        }
    }

    /** Reads and validates {@code file}; a malformed file fails with its name, the line and what is wrong. */
    public static ChartData read(Path file) throws IOException {
        return parse(file.getFileName().toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /** Parses the lines of a chart CSV; {@code name} is used in error messages. */
    public static ChartData parse(String name, List<String> lines) {
        Map<String, String> notes = new LinkedHashMap<>();
        List<String> header = null;
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int lineNo = i + 1;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                int colon = line.indexOf(':');
                if (colon < 0 || header != null) {
                    throw error(name, lineNo, header != null ? "a '# key: value' line must come before the column names"
                            : "a header line must read '# key: value', was '" + line + "'");
                }
                notes.put(line.substring(1, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
                continue;
            }
            List<String> cells = List.of(line.split(",", -1)).stream().map(String::strip).toList();
            if (header == null) {
                if (cells.size() < 2) {
                    throw error(name, lineNo, "the column names need an x column and at least one series");
                }
                header = cells;
                continue;
            }
            if (cells.size() != header.size()) {
                throw error(name, lineNo, "expected " + header.size() + " cells like the column names, found " + cells.size());
            }
            List<Double> values = new ArrayList<>();
            for (int c = 1; c < cells.size(); c++) {
                values.add(cells.get(c).isEmpty() ? null : number(name, lineNo, cells.get(c)));
            }
            rows.add(new Row(cells.getFirst(), values));
        }
        if (header == null || rows.isEmpty()) {
            throw error(name, lines.size(), "no data: expected a line of column names and at least one row");
        }
        Kind kind = kind(name, notes.getOrDefault("kind", "line"));
        if (kind == Kind.LINE) {
            for (Row row : rows) {
                number(name, 0, row.x());
            }
        }
        for (String required : List.of("title", "command")) {
            if (!notes.containsKey(required)) {
                throw error(name, 1, "missing '# " + required + ": ...' (every chart names what it shows and the command that measured it)");
            }
        }
        return new ChartData(notes.get("title"), notes.getOrDefault("x", header.getFirst()), notes.getOrDefault("y", ""),
                kind, "log".equals(notes.get("xscale")), "log".equals(notes.get("yscale")),
                List.copyOf(header.subList(1, header.size())), List.copyOf(rows), Map.copyOf(notes));
    }

    private static Kind kind(String name, String value) {
        try {
            return Kind.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw error(name, 1, "kind must be line or bar, was '" + value + "'");
        }
    }

    private static double number(String name, int line, String cell) {
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw error(name, line, "'" + cell + "' is not a number");
        }
    }

    private static IllegalArgumentException error(String name, int line, String what) {
        return new IllegalArgumentException(name + (line > 0 ? ":" + line : "") + ": " + what);
    }
}
