package dev.clusterlab.grader.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the graded checks in a task's pristine {@code src/test/java} by reading the sources, not by
 * running them, so a task whose code does not compile still has a known maximum and a list of checks
 * to mark as failed.
 */
public final class CheckScanner {
    private static final Pattern POINTS = Pattern.compile("@(?:[\\w.]+\\.)?Points\\s*\\(\\s*(?:value\\s*=\\s*)?(\\d+)\\s*\\)");
    private static final Pattern ANY_POINTS = Pattern.compile("@(?:[\\w.]+\\.)?Points\\b");
    private static final Pattern METHOD = Pattern.compile("\\bvoid\\s+(\\w+)\\s*\\(");
    private static final Pattern PACKAGE = Pattern.compile("\\bpackage\\s+([\\w.]+)\\s*;");
    private static final Pattern HINT = Pattern.compile("@(?:[\\w.]+\\.)?Hint\\s*\\(");
    private static final Pattern DISPLAY_NAME = Pattern.compile("@(?:[\\w.]+\\.)?DisplayName\\s*\\(");
    private static final Pattern CLASS = Pattern.compile("\\b(?:class|record|interface|enum)\\s+\\w+");
    private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");

    /**
     * Scans every {@code .java} file below {@code testJava}.
     *
     * @param displayRoot the folder paths in locations are shown relative to (the repository root)
     */
    public TaskChecks scan(Path testJava, Path displayRoot) throws IOException {
        var checks = new ArrayList<ExpectedCheck>();
        var warnings = new ArrayList<String>();
        if (!Files.isDirectory(testJava)) {
            return new TaskChecks(checks, warnings);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(testJava)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            String shown = displayRoot.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
            scanFile(Files.readString(file), file.getFileName().toString(), shown, checks, warnings);
        }
        return new TaskChecks(checks, warnings);
    }

    /** Scans one source file's text; {@code fileName} gives the top-level class name. */
    void scanFile(String source, String fileName, String shown, List<ExpectedCheck> checks, List<String> warnings) {
        String code = JavaSourceText.withoutComments(source);
        String skeleton = JavaSourceText.skeleton(source);
        Matcher pkg = PACKAGE.matcher(skeleton);
        String simpleName = fileName.replaceFirst("\\.java$", "");
        String className = pkg.find() ? pkg.group(1) + "." + simpleName : simpleName;

        String classHint = classHint(skeleton, code);
        int readable = 0;
        Matcher points = POINTS.matcher(skeleton);
        while (points.find()) {
            readable++;
            int value = Integer.parseInt(points.group(1));
            int line = lineOf(skeleton, points.start());
            int blockStart = lastBoundary(skeleton, points.start()) + 1;
            Matcher method = METHOD.matcher(skeleton);
            boolean onMethod = method.find(points.end())
                    && !containsBoundary(skeleton, points.end(), method.start());
            if (onMethod) {
                String annotations = code.substring(blockStart, method.start());
                String skeletonBlock = skeleton.substring(blockStart, method.start());
                String hint = annotationText(HINT, skeletonBlock, annotations);
                checks.add(new ExpectedCheck(className, method.group(1), value,
                        annotationText(DISPLAY_NAME, skeletonBlock, annotations),
                        hint != null ? hint : classHint, shown + ":" + line));
            } else {
                warnings.add(shown + ":" + line + ": @Points is not on a test method; its points count toward the maximum but no check can earn them");
                checks.add(new ExpectedCheck(className, "@Points@line" + line, value, null, null, shown + ":" + line));
            }
        }
        Matcher any = ANY_POINTS.matcher(skeleton);
        int all = 0;
        while (any.find()) {
            all++;
        }
        if (all > readable) {
            warnings.add(shown + ": " + (all - readable) + " @Points annotation(s) without an int literal value; they are not counted (write @Points(3))");
        }
    }

    /** The first {@code @Hint} on a class declaration: the testkit's default for that class's checks. */
    private static String classHint(String skeleton, String code) {
        Matcher hint = HINT.matcher(skeleton);
        while (hint.find()) {
            int close = closingParen(skeleton, hint.end());
            int brace = skeleton.indexOf('{', close);
            if (brace > 0 && CLASS.matcher(skeleton.substring(close, brace)).find()) {
                return annotationText(HINT, skeleton.substring(hint.start(), close), code.substring(hint.start(), close));
            }
        }
        return null;
    }

    /** The index just past the parenthesis closing the one opened before {@code from}. */
    private static int closingParen(String skeleton, int from) {
        int depth = 1;
        int i = from;
        while (i < skeleton.length() && depth > 0) {
            char c = skeleton.charAt(i++);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        }
        return i;
    }

    /** The string literals of the annotation's argument, joined (handles {@code "a" + "b"}). */
    private static String annotationText(Pattern annotation, String skeletonBlock, String codeBlock) {
        Matcher m = annotation.matcher(skeletonBlock);
        if (!m.find()) {
            return null;
        }
        int i = closingParen(skeletonBlock, m.end());
        Matcher s = STRING.matcher(codeBlock.substring(m.end(), i));
        var text = new StringBuilder();
        while (s.find()) {
            text.append(unescape(s.group(1)));
        }
        return text.isEmpty() ? null : text.toString();
    }

    private static String unescape(String s) {
        var b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                b.append(c);
                continue;
            }
            char e = s.charAt(++i);
            b.append(switch (e) {
                case 'n' -> '\n';
                case 't' -> '\t';
                case 'r' -> '\r';
                default -> e;
            });
        }
        return b.toString();
    }

    /**
     * The last {@code { } ;} before {@code pos} outside parentheses: where the annotations of the
     * member start (braces inside annotation arguments such as {@code ints = {1, 2}} do not count).
     */
    private static int lastBoundary(String skeleton, int pos) {
        int depth = 0;
        for (int i = pos - 1; i >= 0; i--) {
            char c = skeleton.charAt(i);
            if (c == ')') {
                depth++;
            } else if (c == '(') {
                depth = Math.max(0, depth - 1);
            } else if (depth == 0 && (c == '{' || c == '}' || c == ';')) {
                return i;
            }
        }
        return -1;
    }

    /** Whether a member boundary outside parentheses lies between the annotation and the method. */
    private static boolean containsBoundary(String skeleton, int from, int to) {
        int depth = 0;
        for (int i = from; i < to; i++) {
            char c = skeleton.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (depth == 0 && (c == '{' || c == '}' || c == ';')) {
                return true;
            }
        }
        return false;
    }

    private static int lineOf(String text, int pos) {
        int line = 1;
        for (int i = 0; i < pos; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
