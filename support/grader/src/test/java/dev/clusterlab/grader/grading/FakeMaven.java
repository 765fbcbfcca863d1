package dev.clusterlab.grader.grading;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clusterlab.grader.results.CheckScanner;
import dev.clusterlab.grader.results.ExpectedCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Stream;

/**
 * Stands in for Maven: for each lab in {@code -pl} it "runs" the checks found in the work tree, all
 * passing when the lab's src/main says SOLVED, and "fails to compile" when it says BROKEN.
 */
public final class FakeMaven implements MavenRunner {
    /** Every invocation's arguments. */
    public final List<List<String>> calls = new ArrayList<>();
    /** What each test run saw in the work tree, for assertions after the tree is gone. */
    public final List<String> observations = new ArrayList<>();
    private final ObjectMapper json = new ObjectMapper();

    @Override
    public MavenRun run(Path tree, List<String> args, Path log) throws IOException {
        calls.add(List.copyOf(args));
        if (args.contains("install")) {
            Files.writeString(log, "[INFO] BUILD SUCCESS\n");
            return new MavenRun(0, false, log);
        }
        observations.add("target copied: " + Files.exists(tree.resolve("support/runtime/target")));
        var out = new StringBuilder("[INFO] Scanning for projects...\n");
        int exit = 0;
        for (String module : args.get(args.indexOf("-pl") + 1).split(",")) {
            String task = module.substring("labs/".length());
            Path lab = tree.resolve(module);
            String main = readAll(lab.resolve("src/main"));
            observations.add(task + " tests: " + readAll(lab.resolve("src/test")).contains("@Points(100)"));
            if (main.contains("BROKEN")) {
                out.append("[ERROR] ").append(lab.resolve("src/main/java/Broken.java")).append(":[1,1] BROKEN here\n");
                out.append("  symbol: BROKEN\n");
                exit = 1;
                continue;
            }
            boolean solved = main.contains("SOLVED");
            Path appLog = lab.resolve("target/testkit-logs/Checks.app-1.log");
            Files.createDirectories(appLog.getParent());
            Files.writeString(appLog, "app output of " + task);
            for (ExpectedCheck c : new CheckScanner().scan(lab.resolve("src/test/java"), tree).checks()) {
                var result = new LinkedHashMap<String, Object>();
                result.put("task", task);
                result.put("check", c.method());
                result.put("className", c.className());
                result.put("method", c.method());
                result.put("points", c.points());
                result.put("passed", solved);
                result.put("message", solved ? null : "TODO(" + task + "): implement this");
                result.put("hint", c.hint());
                result.put("durationMillis", 1);
                Path file = lab.resolve("target/clusterlab-results/" + c.className() + "#" + c.method() + ".json");
                Files.createDirectories(file.getParent());
                json.writeValue(file.toFile(), result);
            }
        }
        Files.writeString(log, out);
        return new MavenRun(exit, false, log);
    }

    private static String readAll(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return "";
        }
        var b = new StringBuilder();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                b.append(Files.readString(p));
            }
        }
        return b.toString();
    }
}
