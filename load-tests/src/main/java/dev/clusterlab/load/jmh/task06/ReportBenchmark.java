package dev.clusterlab.load.jmh.task06;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Task 6's hot path before and after: {@code AccessLogReport.render} of the untouched lab (a regex
 * compiled per line, a new ObjectMapper per report) against the solution's (both made once), on the
 * same 2,000 log lines. The load tests depend on no task module, so each variant's classes are
 * loaded from its {@code target/classes} ({@code ./workbook bench 6} compiles both first).
 *
 * <p>Run: {@code ./workbook bench 6}; from elsewhere than the repository root, add
 * {@code -Dclusterlab.root=/path/to/clusterlab} to the JMH command line ({@code -jvmArgs}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(1)
public class ReportBenchmark {
    /** {@code lab}: labs/task06 (the hot spot); {@code solution}: solutions/task06 (fixed). */
    @Param({"lab", "solution"})
    public String code;

    @Param({"2000"})
    public int lines;

    private Object report;
    private MethodHandle render;

    @Setup
    public void load() throws Exception {
        Path classes = Path.of(System.getProperty("clusterlab.root", "."), code.equals("lab") ? "labs" : "solutions",
                "task06", "target", "classes").toAbsolutePath();
        if (!Files.isDirectory(classes.resolve("dev/clusterlab/task06"))) {
            throw new IllegalStateException(classes + " has no task 6 classes: run ./workbook bench 6 (it compiles both),"
                    + " or ./mvnw compile -pl labs/task06,solutions/task06");
        }
        ClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
        Class<?> type = Class.forName("dev.clusterlab.task06.AccessLogReport", true, loader);
        Method sample = type.getDeclaredMethod("sample", int.class);
        sample.setAccessible(true);
        report = sample.invoke(null, lines);
        Method method = type.getDeclaredMethod("render", int.class);
        method.setAccessible(true);
        render = MethodHandles.lookup().unreflect(method).asType(MethodType.methodType(String.class, Object.class, int.class));
    }

    @Benchmark
    public String render() throws Throwable {
        return (String) render.invokeExact(report, lines);
    }
}
