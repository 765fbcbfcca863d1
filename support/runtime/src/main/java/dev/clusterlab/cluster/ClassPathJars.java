package dev.clusterlab.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Turns the directories of a class path into jars, so that a JDK class-data cache can hold every
 * class: the JVM refuses to archive a class path with a non-empty directory on it ("Cannot have
 * non-empty directory in paths"), which is what Maven's {@code target/classes} is.
 *
 * <p>A jar is named by its directory and by the names, sizes and times of the directory's files, so
 * an unchanged directory maps to the same, untouched jar (the cache stays valid) and a changed one to
 * a new jar (the class path changes, and the cache is retrained).
 */
final class ClassPathJars {
    private ClassPathJars() {
    }

    /** The class path with each non-empty directory replaced by its jar under {@code jarDir}. */
    static String of(String classPath, Path jarDir) {
        List<String> out = new ArrayList<>();
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path path = Path.of(entry);
            out.add(Files.isDirectory(path) ? jarOf(path.toAbsolutePath().normalize(), jarDir).toString() : entry);
        }
        return String.join(java.io.File.pathSeparator, out);
    }

    private static Path jarOf(Path dir, Path jarDir) {
        try {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(dir)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path f : files) {
                digest.update((dir.relativize(f) + "\0" + Files.size(f) + "\0" + Files.getLastModifiedTime(f).toMillis() + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            String name = dir.getFileName() + "-" + hash(dir.toString()).substring(0, 8) + "-"
                    + HexFormat.of().formatHex(digest.digest()).substring(0, 16) + ".jar";
            Path jar = jarDir.resolve(name);
            if (!Files.isRegularFile(jar)) {
                Files.createDirectories(jarDir);
                Path tmp = Files.createTempFile(jarDir, name, ".tmp");
                try (OutputStream os = Files.newOutputStream(tmp); JarOutputStream out = new JarOutputStream(os)) {
                    for (Path f : files) {
                        out.putNextEntry(new JarEntry(dir.relativize(f).toString().replace('\\', '/')));
                        Files.copy(f, out);
                        out.closeEntry();
                    }
                }
                // Atomic, so that no one sees half a jar; never over another primary's jar of the same
                // content, whose time a cache of it already holds.
                try {
                    Files.move(tmp, jar, StandardCopyOption.ATOMIC_MOVE);
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    Files.delete(tmp);
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack " + dir + " into a jar under " + jarDir, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
