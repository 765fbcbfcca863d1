package dev.clusterlab.grader.repo;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Task names ({@code task01}..{@code task99}): recognising and normalising them. */
public final class TaskIds {
    private static final Pattern TASK = Pattern.compile("task\\d{2}");
    private static final Pattern SHORT = Pattern.compile("(?:task)?(\\d{1,2})");

    private TaskIds() {
    }

    /** Whether {@code name} is a task folder name such as {@code task03}. */
    public static boolean isTask(String name) {
        return TASK.matcher(name).matches();
    }

    /**
     * Turns what a user typed ({@code task3}, {@code 03}, {@code 3}, {@code task03}) into {@code task03}.
     *
     * @throws IllegalArgumentException if it names no task
     */
    public static String normalize(String typed) {
        var m = SHORT.matcher(typed.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + typed + "' is not a task name (expected task01..task99)");
        }
        return "task%02d".formatted(Integer.parseInt(m.group(1)));
    }

    /** Normalises a list of typed names (each may itself hold commas), dropping duplicates, keeping order. */
    public static List<String> normalizeAll(List<String> typed) {
        var out = new LinkedHashSet<String>();
        for (String item : typed) {
            for (String part : item.split(",")) {
                if (!part.isBlank()) {
                    out.add(normalize(part));
                }
            }
        }
        return new ArrayList<>(out);
    }
}
