package dev.clusterlab.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The primary's side of {@link ClusterSettings.Builder#aotCache(Path)}: which JVM options each fork
 * gets so that workers start from a class-data cache, trains the cache when there is none or it is
 * stale, and never lets a bad cache stop a worker from starting.
 *
 * <ul>
 *   <li>JDK 25+: {@code -XX:AOTCache} (JEP 483/514/515: classes loaded and linked, method profiles);
 *       a training worker runs with {@code -XX:AOTCacheOutput} and the JVM writes the cache when it
 *       exits;</li>
 *   <li>JDK 21-24: AppCDS, {@code -XX:SharedArchiveFile}; a training worker adds
 *       {@code -XX:+AutoCreateSharedArchive}, and the JVM writes the archive when it exits;</li>
 *   <li>older, or a JDK it cannot identify: no cache, said once.</li>
 * </ul>
 *
 * <p>Stale is decided before the launch, from a key file beside the cache: the JDK, the JVM options
 * and every class path entry with its size and time. The JVM checks the same things, but it then only
 * runs without the cache, mostly silently, and would never retrain. A cache the JVM still refuses
 * (truncated, corrupt) is seen in the worker's output ({@code [error][aot]}): that worker runs without
 * it, and the next fork retrains. One worker of a primary at a time trains, into a file of its own
 * that is renamed over the cache once whole; the others start without a cache meanwhile.
 */
final class StartupCache {
    private static final Logger LOG = LoggerFactory.getLogger(StartupCache.class);
    /** The JVM's own report that it could not map a cache; the -Xlog decorations vary, the tags do not. */
    private static final Pattern REFUSED = Pattern.compile("\\[error\\s*]\\[(aot|cds)\\b.*");
    private static final List<String> CACHE_OPTIONS = List.of("-XX:AOTCache", "-XX:AOTMode", "-XX:AOTConfiguration",
            "-XX:SharedArchiveFile", "-XX:+AutoCreateSharedArchive", "-XX:ArchiveClassesAtExit", "-Xshare");

    private final Set<String> logged = ConcurrentHashMap.newKeySet();
    private final Set<Path> training = ConcurrentHashMap.newKeySet();
    private final Set<Path> refused = ConcurrentHashMap.newKeySet();

    /**
     * What one fork runs with.
     *
     * @param settings the settings to launch, with the cache's options and class path
     * @param exited   to run when the worker's process has exited
     * @param output   each line the worker prints
     */
    record Launch(ClusterSettings settings, Runnable exited, Consumer<String> output) {
        static Launch plain(ClusterSettings settings) {
            return new Launch(settings, () -> { }, line -> { });
        }
    }

    /** How a JDK caches classes. */
    enum Kind {
        AOT("JDK AOT cache (-XX:AOTCache)"), APP_CDS("AppCDS archive (-XX:SharedArchiveFile)"), NONE("none");

        final String label;

        Kind(String label) {
            this.label = label;
        }

        static Kind of(int feature) {
            return feature >= 25 ? AOT : feature >= 21 ? APP_CDS : NONE;
        }
    }

    Launch prepare(ClusterSettings settings, int workerId) {
        Path cache = settings.aotCache();
        if (cache == null) {
            return Launch.plain(settings);
        }
        cache = cache.toAbsolutePath().normalize();
        List<String> jvmArgs = settings.jvmArgs().stream().filter(a -> CACHE_OPTIONS.stream().noneMatch(a::startsWith)).toList();
        try {
            Path home = settings.javaBinary().toRealPath().getParent().getParent();
            int feature = featureVersion(home);
            Kind kind = Kind.of(feature);
            if (kind == Kind.NONE) {
                once("old:" + home, () -> LOG.warn("AOT cache {} not used: {} is JDK {}, which has neither an AOT cache "
                        + "(JDK 25+) nor AppCDS with auto-created archives (JDK 21+)", cache(settings), home, feature));
                return Launch.plain(settings.toBuilder().jvmArgs(jvmArgs).aotCache(null).build());
            }
            String classPath = ClassPathJars.of(settings.classPath(), cache.resolveSibling(cache.getFileName() + ".classes"));
            // System properties (-D) do not bear on the cache, and a launcher may make one per run.
            String key = key(home, jvmArgs.stream().filter(a -> !a.startsWith("-D")).toList(), classPath);
            ClusterSettings base = settings.toBuilder().jvmArgs(jvmArgs).classPath(classPath).aotCache(null).build();
            String why = whyNot(cache, key);
            if (why == null) {
                return use(base, kind, feature, cache, workerId);
            }
            if (!training.add(cache)) {
                return Launch.plain(base); // one trainer at a time; this worker starts as it would without a cache
            }
            try {
                return train(base, kind, cache, key, why, workerId);
            } catch (IOException | RuntimeException e) {
                training.remove(cache); // no trainer came of it: the next fork may try again
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            once("error:" + cache, () -> LOG.warn("AOT cache {} not used: {}; workers start without it", cache(settings), e.toString()));
            return Launch.plain(settings.toBuilder().jvmArgs(jvmArgs).aotCache(null).build());
        }
    }

    private static Path cache(ClusterSettings settings) {
        return settings.aotCache();
    }

    /** Null when the cache fits this launch; else why not, in words for the log. */
    private String whyNot(Path cache, String key) throws IOException {
        Path keyFile = keyFile(cache);
        if (!Files.isRegularFile(cache) || !Files.isRegularFile(keyFile)) {
            return "there is none yet";
        }
        if (refused.contains(cache)) {
            return "the JVM refused it";
        }
        String old = Files.readString(keyFile);
        if (old.equals(key)) {
            return null;
        }
        String[] was = old.split("\n", -1);
        String[] is = key.split("\n", -1);
        String[] names = {"the JDK changed", "the JDK changed", "the JVM options changed", "the class path changed"};
        for (int i = 0; i < Math.min(was.length, is.length) && i < names.length; i++) {
            if (!was[i].equals(is[i])) {
                return "it is stale: " + names[i];
            }
        }
        return "it is stale";
    }

    private Launch use(ClusterSettings base, Kind kind, int feature, Path cache, int workerId) {
        once("use:" + cache, () -> LOG.info("workers start with the {} {} (JDK {})", kind.label, cache, feature));
        List<String> args = new ArrayList<>(base.jvmArgs());
        if (kind == Kind.AOT) {
            args.add("-XX:AOTCache=" + cache);
        } else {
            // Without AutoCreateSharedArchive here: with it, every JVM that finds the archive stale
            // rewrites it in place as it exits; only a trainer writes, into its own file.
            args.add("-XX:SharedArchiveFile=" + cache);
        }
        Consumer<String> output = line -> {
            if (REFUSED.matcher(line).find() && refused.add(cache)) {
                LOG.warn("the JVM of worker {} refused the {} {} ({}): it runs without it, and the next worker retrains it",
                        workerId, kind.label, cache, line.trim());
            }
        };
        return new Launch(base.toBuilder().jvmArgs(args).build(), () -> { }, output);
    }

    /**
     * Trains into a file of this primary's own ({@code <cache>.training-<pid>}), which the JVM writes
     * when the worker exits, and renames it over the cache, key first out of the way, once it is
     * complete: a reader, in this primary or another, never sees half a cache, and a trainer that is
     * killed leaves the old cache as it was. A killed trainer's leftovers are removed by the next one.
     */
    private Launch train(ClusterSettings base, Kind kind, Path cache, String key, String why, int workerId) throws IOException {
        Files.createDirectories(cache.getParent());
        removeLeftovers(cache);
        Path output = trainingFile(cache, ProcessHandle.current().pid());
        once("train:" + cache + why, () -> LOG.info("worker {} trains the {} {} ({}): its JVM writes it when the worker "
                + "exits; until then workers start without it", workerId, kind.label, cache, why));
        List<String> args = new ArrayList<>(base.jvmArgs());
        if (kind == Kind.AOT) {
            args.add("-XX:AOTCacheOutput=" + output);
        } else {
            args.add("-XX:SharedArchiveFile=" + output);
            args.add("-XX:+AutoCreateSharedArchive");
        }
        Runnable exited = () -> {
            try {
                if (Files.isRegularFile(output) && Files.size(output) > 0) {
                    install(output, cache, key);
                    LOG.info("worker {} trained the {} {}", workerId, kind.label, cache);
                } else {
                    LOG.warn("worker {} exited before its JVM wrote the {} {} (a worker trains only when it exits normally, "
                            + "not when it is killed): the next worker trains again", workerId, kind.label, cache);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("the {} {} trained by worker {} could not be put in place ({}): the next worker trains again",
                        kind.label, cache, workerId, e.toString());
            } finally {
                training.remove(cache);
            }
        };
        return new Launch(base.toBuilder().jvmArgs(args).build(), exited, line -> { });
    }

    /** The key out of the way, the cache renamed into place, then its key: a reader sees none, or a whole pair. */
    private void install(Path trained, Path cache, String key) throws IOException {
        Files.deleteIfExists(keyFile(cache));
        Files.move(trained, cache, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Path keyTmp = Files.createTempFile(cache.getParent(), cache.getFileName() + ".key", ".tmp");
        Files.writeString(keyTmp, key, StandardCharsets.UTF_8);
        Files.move(keyTmp, keyFile(cache), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        refused.remove(cache);
    }

    /**
     * Training files (and the JVM's {@code .config} beside them) of primaries that are gone, or this
     * primary's own: only one worker of a primary trains at a time, so an old one of its own is a
     * killed trainer's.
     */
    private static void removeLeftovers(Path cache) throws IOException {
        String prefix = cache.getFileName() + ".training-";
        try (var files = Files.list(cache.getParent())) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList()) {
                String pid = f.getFileName().toString().substring(prefix.length()).replaceFirst("\\.config$", "");
                boolean gone = !pid.matches("\\d+") || ProcessHandle.of(Long.parseLong(pid)).map(p -> !p.isAlive()).orElse(true);
                if (gone || Long.parseLong(pid) == ProcessHandle.current().pid()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    static Path trainingFile(Path cache, long primaryPid) {
        return cache.resolveSibling(cache.getFileName() + ".training-" + primaryPid);
    }

    private static Path keyFile(Path cache) {
        return cache.resolveSibling(cache.getFileName() + ".key");
    }

    /** One line each: the JDK, its release, the JVM options (less system properties), the class path with sizes and times. */
    private static String key(Path home, List<String> jvmArgs, String classPath) throws IOException {
        Path release = home.resolve("release");
        Path libjvm = home.resolve("lib/server/libjvm.so");
        StringBuilder cp = new StringBuilder();
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            cp.append(entry);
            if (Files.isRegularFile(p)) {
                cp.append('|').append(Files.size(p)).append('|').append(Files.getLastModifiedTime(p).toMillis());
            }
            cp.append(';');
        }
        return home + "\n"
                + ClassPathJars.hash(Files.readString(release)) + (Files.isRegularFile(libjvm)
                        ? "|" + Files.size(libjvm) + "|" + Files.getLastModifiedTime(libjvm).toMillis() : "") + "\n"
                + String.join("\u0001", jvmArgs) + "\n"
                + cp + "\n";
    }

    /** The feature version from the JDK's {@code release} file: {@code JAVA_VERSION="25.0.1"} gives 25. */
    static int featureVersion(Path home) throws IOException {
        for (String line : Files.readAllLines(home.resolve("release"))) {
            if (line.startsWith("JAVA_VERSION=")) {
                String v = line.substring("JAVA_VERSION=".length()).replace("\"", "").trim();
                if (v.startsWith("1.")) {
                    v = v.substring(2);
                }
                return Integer.parseInt(v.split("[.+\\-]")[0]);
            }
        }
        throw new IOException(home.resolve("release") + " has no JAVA_VERSION");
    }

    private void once(String what, Runnable log) {
        if (logged.add(what)) {
            log.run();
        }
    }
}
