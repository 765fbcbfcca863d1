package dev.clusterlab.grader.cli;

import dev.clusterlab.grader.repo.Repo;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code --repo DIR} option every command shares. */
public final class RepoOption {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    @Option(names = "--repo", paramLabel = "DIR",
            description = "The clusterlab repository (default: the current directory, or the nearest parent that is one).")
    private Path repo;

    /** The repository to work on; a usage error when there is none. */
    public Repo resolve() {
        if (repo != null) {
            if (!Repo.isRepo(repo)) {
                throw new ParameterException(mixee.commandLine(), "--repo " + repo
                        + " is not a clusterlab repository (expected a pom.xml with labs/ or solutions/ beside it)");
            }
            return new Repo(repo);
        }
        return Repo.find(Path.of("")).orElseThrow(() -> new ParameterException(mixee.commandLine(),
                "not inside a clusterlab repository: run from its root or pass --repo DIR"));
    }
}
