import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Turns the raw CSV of {@code task10-compare.sh rates} (every round of every contender) into the
 * docs' data: the median over the rounds of goodput and of p99 per contender and offered rate,
 * {@code task10-goodput.csv} and {@code task10-p99.csv}, which the docs build draws.
 *
 * <p>{@code java RatesSummary.java RAW.csv DATA_DIR "the command that measured"}
 */
public final class RatesSummary {
    /** The script's contenders, in its order, as a reader names them. */
    private static final Map<String, String> LABELS = new LinkedHashMap<>();

    static {
        LABELS.put("pool1", "1 worker");
        LABELS.put("pool2", "2 workers");
        LABELS.put("admission2", "2 workers + admission control");
        LABELS.put("node2", "Node cluster (2 workers)");
    }

    private record Row(String contender, int offered, double goodput, double p99) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: java RatesSummary.java RAW.csv DATA_DIR COMMAND");
        }
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        // The 1-minute load average when the run started and when it ended.
        String load = String.join(" → ", lines.stream().filter(l -> l.startsWith("# uptime:"))
                .map(l -> l.replaceFirst(".*load average: *", "").split(",")[0]).toList());
        List<Row> rows = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("rates,")) { // what,contender,round,offered,goodput,ok,shed,errors,p50_ms,p99_ms,p999_ms
                String[] f = line.split(",");
                rows.add(new Row(f[1], Integer.parseInt(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[9])));
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(args[0] + " has no rates lines: run task10-compare.sh rates");
        }
        long rounds = lines.stream().filter(l -> l.startsWith("rates,")).map(l -> l.split(",")[2]).distinct().count();
        Path data = Path.of(args[1]);
        write(data.resolve("task10-goodput.csv"), rows, Row::goodput, "Catalog search: goodput (200s within 1 s) by offered"
                + " load, median of " + rounds + " interleaved rounds (load average " + load + ")",
                "goodput req/s", args[2], "");
        write(data.resolve("task10-p99.csv"), rows, Row::p99, "Catalog search: p99 of the 200s by offered load, median of "
                + rounds + " interleaved rounds", "p99 ms", args[2], "# yscale: log\n");
    }

    private static void write(Path file, List<Row> rows, Function<Row, Double> value, String title, String yLabel,
            String command, String extra) throws IOException {
        Map<String, Map<Integer, List<Double>>> byContender = new LinkedHashMap<>();
        TreeSet<Integer> offered = new TreeSet<>();
        for (Row r : rows) {
            byContender.computeIfAbsent(r.contender(), c -> new TreeMap<>()).computeIfAbsent(r.offered(), o -> new ArrayList<>())
                    .add(value.apply(r));
            offered.add(r.offered());
        }
        List<String> contenders = LABELS.keySet().stream().filter(byContender::containsKey).toList();
        StringBuilder out = new StringBuilder("# title: " + title + "\n# command: " + command
                + "\n# x: offered req/s\n# y: " + yLabel + "\n# kind: line\n" + extra + "offered");
        contenders.forEach(c -> out.append(',').append(LABELS.get(c)));
        out.append('\n');
        for (int o : offered) {
            out.append(o);
            for (String c : contenders) {
                List<Double> values = byContender.get(c).get(o);
                out.append(',').append(values == null ? "" : String.format("%.1f", median(values)));
            }
            out.append('\n');
        }
        Files.writeString(file, out);
        System.err.println("wrote " + file);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
