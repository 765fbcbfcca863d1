package dev.clusterlab.grader.cli;

import dev.clusterlab.grader.grading.MavenRunner;
import dev.clusterlab.grader.grading.WrapperMavenRunner;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of the commands that run Maven ({@code --maven-arg}, {@code -v}), and the runner they make. */
public final class MavenOptions {
    @Option(names = "--maven-arg", paramLabel = "ARG",
            description = "An extra argument for every Maven run (repeatable), for example --maven-arg=-o.")
    private List<String> mavenArgs = new ArrayList<>();

    @Option(names = {"-v", "--verbose"}, description = "Show Maven's output while it runs.")
    private boolean verbose;

    /** The project's Maven wrapper with these options, stopped after {@code timeout}. */
    MavenRunner runner(Duration timeout) {
        return new WrapperMavenRunner(timeout, mavenArgs, verbose ? System.out : (PrintStream) null);
    }
}
