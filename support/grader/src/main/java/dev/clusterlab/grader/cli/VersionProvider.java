package dev.clusterlab.grader.cli;

import dev.clusterlab.grader.GraderCli;
import picocli.CommandLine.IVersionProvider;

/** Reports the version the jar's manifest carries (absent when run from classes, in tests). */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = GraderCli.class.getPackage().getImplementationVersion();
        return new String[] {"clusterlab-grader " + (version == null ? "(development build)" : version),
            "Java " + Runtime.version() + " (" + System.getProperty("java.home") + ")"};
    }
}
