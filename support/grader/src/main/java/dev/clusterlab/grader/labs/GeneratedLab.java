package dev.clusterlab.grader.labs;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The lab's {@code src/main} as the generator makes it, held in memory.
 *
 * @param task the task id
 * @param files content by path relative to {@code src/main}, with {@code /} separators, sorted
 */
public record GeneratedLab(String task, SortedMap<String, byte[]> files) {
    /** Copies the map so the record stays immutable. */
    public GeneratedLab {
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
    }
}
