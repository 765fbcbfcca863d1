package dev.clusterlab.task06;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /report?lines=}: a summary of the last lines of an access log (requests, errors and
 * mean time per path), as JSON. The lab's version has a hot spot that a flame graph of the worker
 * shows at once; part 5 finds and removes it.
 */
final class AccessLogReport {
    /** One line of the log: {@code 127.0.0.1 - - [07/Dec/2026:10:00:00 +0000] "GET /items/7 HTTP/1.1" 200 512 12ms}. */
    static final String LINE = "^(\\S+) \\S+ \\S+ \\[([^\\]]+)\\] \"(\\w+) (\\S+) HTTP/[\\d.]+\" (\\d{3}) (\\d+) (\\d+)ms$";
    static final int LOG_LINES = 2_000;
    // tag::fixed[]
    // TODO(task06): part 5: profile GET /report under load (POST /admin/profile on the primary) and fix the hot spot
    // end::fixed[]

    /** The totals of one path. */
    record PathStats(long requests, long errors, double meanMillis) {
    }

    /** The answer: how many lines were read and the totals per path. */
    record Report(int lines, int unparsed, Map<String, PathStats> paths) {
    }

    private final List<String> log;

    AccessLogReport(List<String> log) {
        this.log = List.copyOf(log);
    }

    /** A log of {@code lines} made-up lines, the same every time. */
    static AccessLogReport sample(int lines) {
        SplittableRandom random = new SplittableRandom(6);
        String[] paths = {"/items", "/items/search", "/cart", "/login", "/checkout", "/health"};
        List<String> log = new ArrayList<>(lines);
        for (int i = 0; i < lines; i++) {
            String path = paths[random.nextInt(paths.length)] + (random.nextBoolean() ? "/" + random.nextInt(100) : "");
            int status = random.nextInt(100) < 3 ? 500 : 200;
            log.add("10.0.0." + random.nextInt(255) + " - - [07/Dec/2026:10:" + (i / 60 % 60) + ":" + (i % 60)
                    + " +0000] \"GET " + path + " HTTP/1.1\" " + status + " " + random.nextInt(4096) + " "
                    + random.nextInt(1, 200) + "ms");
        }
        return new AccessLogReport(log);
    }

    // tag::render[]
    /** The report of the last {@code lines} lines, as JSON. */
    String render(int lines) throws JsonProcessingException {
        int from = Math.max(0, log.size() - lines);
        Map<String, long[]> totals = new TreeMap<>(); // path -> requests, errors, millis
        int unparsed = 0;
        for (String line : log.subList(from, log.size())) {
            Matcher m = linePattern().matcher(line);
            if (!m.matches()) {
                unparsed++;
                continue;
            }
            String path = withoutId(m.group(4));
            long[] t = totals.computeIfAbsent(path, p -> new long[3]);
            t[0]++;
            t[1] += m.group(5).startsWith("5") ? 1 : 0;
            t[2] += Long.parseLong(m.group(7));
        }
        Map<String, PathStats> paths = new TreeMap<>();
        totals.forEach((path, t) -> paths.put(path, new PathStats(t[0], t[1], (double) t[2] / t[0])));
        return mapper().writeValueAsString(new Report(log.size() - from, unparsed, paths));
    }
    // end::render[]

    /** {@code /items/7} as {@code /items/{id}}: one entry per route, not per item. */
    static String withoutId(String path) {
        int slash = path.lastIndexOf('/');
        boolean id = slash > 0 && slash < path.length() - 1
                && path.substring(slash + 1).chars().allMatch(Character::isDigit);
        return id ? path.substring(0, slash) + "/{id}" : path;
    }

    private static Pattern linePattern() {
        return Pattern.compile(LINE); // compiled again for every line
    }

    private static ObjectMapper mapper() {
        return new ObjectMapper(); // a new mapper per report: it learns the Report type from scratch each time
    }
}
