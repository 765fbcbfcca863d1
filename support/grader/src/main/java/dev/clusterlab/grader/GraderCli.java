package dev.clusterlab.grader;

import dev.clusterlab.grader.cli.CheckLabsCommand;
import dev.clusterlab.grader.cli.GenerateLabsCommand;
import dev.clusterlab.grader.cli.GradeCommand;
import dev.clusterlab.grader.cli.VersionProvider;
import dev.clusterlab.grader.cli.WatchCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The instructor CLI: {@code generate-labs}, {@code check-labs} and {@code grade}; and the students'
 * {@code watch}.
 *
 * <p>Exit codes: 0 success, 1 a check failed (or the command could not do its work), 2 usage error.
 */
@Command(name = "clusterlab-grader",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Generates the labs from the solutions, checks they are in sync, grades submissions, and watches a lab.",
        subcommands = {GenerateLabsCommand.class, CheckLabsCommand.class, GradeCommand.class, WatchCommand.class,
            CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:a check failed, or the command could not finish its work", "2:usage error"})
public final class GraderCli implements Callable<Integer> {
    /** Success. */
    public static final int OK = 0;
    /** A check failed (labs out of sync, percent not as expected) or the work could not be done. */
    public static final int FAILED = 1;
    /** The command line was wrong. */
    public static final int USAGE = 2;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand (generate-labs, check-labs, grade or watch)");
    }

    /** Runs the CLI and exits the JVM with its exit code. */
    public static void main(String[] args) {
        Charset cs = Charset.defaultCharset();
        int code = run(args, new PrintWriter(System.out, true, cs), new PrintWriter(System.err, true, cs));
        System.exit(code);
    }

    /** Runs the CLI with the given streams and returns the exit code; what tests call. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, CommandLine.defaultFactory());
    }

    /** Runs the CLI with commands made by {@code factory} (tests use it to grade without Maven). */
    public static int run(String[] args, PrintWriter out, PrintWriter err, CommandLine.IFactory factory) {
        CommandLine cli = new CommandLine(new GraderCli(), factory);
        cli.setOut(out);
        cli.setErr(err);
        // picocli's defaults already match ours: 2 on invalid input, 1 when a command throws.
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter e = commandLine.getErr();
            if (ex instanceof GraderException || ex instanceof UncheckedIOException || ex instanceof IOException) {
                // Failures a user can act on get a message, not a stack trace.
                e.println("error: " + describe(ex));
            } else if (ex instanceof InterruptedException) {
                e.println("error: interrupted");
                Thread.currentThread().interrupt();
            } else {
                ex.printStackTrace(e);
            }
            e.flush();
            return FAILED;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * What went wrong, for a user. A file-system exception's message is often just the path, which
     * does not say what is wrong with it; this adds that.
     */
    public static String describe(Throwable ex) {
        Throwable cause = ex instanceof UncheckedIOException && ex.getCause() != null ? ex.getCause() : ex;
        if (cause instanceof FileSystemException fs && fs.getFile() != null) {
            String problem;
            if (fs instanceof NoSuchFileException) {
                problem = "no such file or directory";
            } else if (fs instanceof AccessDeniedException) {
                problem = "permission denied";
            } else if (fs instanceof FileAlreadyExistsException) {
                problem = "already exists";
            } else {
                problem = fs.getReason() != null ? fs.getReason() : fs.getClass().getSimpleName();
            }
            return fs.getFile() + (fs.getOtherFile() != null ? " -> " + fs.getOtherFile() : "") + ": " + problem;
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }
}
