package dev.clusterlab.logstore;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The class path that runs {@link #MAIN_CLASS}: this module's own jar (or {@code target/classes}) plus
 * OpenSearch and everything it needs, as the build resolved them. Uses the JDK alone, so a test JVM
 * that has only the clusterlab-logstore jar (all its dependencies excluded) can call it and launch
 * OpenSearch in a JVM of its own, never mixing OpenSearch's Jackson, Netty or log4j with its own.
 *
 * <pre>{@code
 * AppLauncher.forMainClass(OpenSearchClassPath.MAIN_CLASS).classPath(OpenSearchClassPath.get())...
 * }</pre>
 */
public final class OpenSearchClassPath {

    /** The main class to run with {@link #get()}: {@code dev.clusterlab.logstore.OpenSearchMain}. */
    public static final String MAIN_CLASS = "dev.clusterlab.logstore.OpenSearchMain";
    /** Written at build time by maven-dependency-plugin's build-classpath goal (see this module's pom). */
    private static final String RUNTIME_CLASS_PATH = "runtime-classpath.txt";

    private OpenSearchClassPath() {
    }

    /**
     * The full class path for {@link #MAIN_CLASS}, entries separated by {@link File#pathSeparator}.
     *
     * @throws IllegalStateException if the build's class path file is missing or names a jar that is no
     *     longer there (say the local Maven repository was cleaned): rebuild support/logstore
     */
    public static String get() {
        List<String> entries = new ArrayList<>();
        entries.add(ownLocation().toString());
        for (String entry : runtimeClassPath().split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            if (!Files.exists(Path.of(entry))) {
                throw new IllegalStateException("OpenSearch's class path names " + entry + ", which does not exist;"
                        + " rebuild it: ./mvnw -pl support/logstore install");
            }
            entries.add(entry);
        }
        return String.join(File.pathSeparator, entries);
    }

    /** Where this class was loaded from: the clusterlab-logstore jar, or target/classes in a reactor build. */
    private static Path ownLocation() {
        try {
            return Path.of(OpenSearchClassPath.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the clusterlab-logstore classes", e);
        }
    }

    private static String runtimeClassPath() {
        try (InputStream in = OpenSearchClassPath.class.getResourceAsStream(RUNTIME_CLASS_PATH)) {
            if (in == null) {
                throw new IllegalStateException(RUNTIME_CLASS_PATH + " is missing next to " + OpenSearchClassPath.class
                        + "; the build writes it (maven-dependency-plugin): ./mvnw -pl support/logstore install");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RUNTIME_CLASS_PATH, e);
        }
    }
}
