package dev.clusterlab.task06;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads collapsed stacks ({@code root;caller;callee samples}, one stack a line, as async-profiler
 * and Brendan Gregg's flame graph tools write them) and ranks frames by the samples they were on.
 */
final class CollapsedStacks {
    private final Map<String, Long> onStack = new HashMap<>();
    private long samples;

    private CollapsedStacks() {
    }

    /** Parses {@code text}; lines that are not {@code stack count} are skipped. */
    static CollapsedStacks parse(String text) {
        CollapsedStacks stacks = new CollapsedStacks();
        text.lines().forEach(stacks::add);
        return stacks;
    }

    private void add(String line) {
        int space = line.lastIndexOf(' ');
        if (space <= 0) {
            return;
        }
        long count;
        try {
            count = Long.parseLong(line.substring(space + 1).trim());
        } catch (NumberFormatException e) {
            return;
        }
        samples += count;
        Set<String> seen = new HashSet<>(); // a recursive frame counts once per stack
        for (String frame : line.substring(0, space).split(";")) {
            if (seen.add(frame)) {
                onStack.merge(frame, count, Long::sum);
            }
        }
    }

    long samples() {
        return samples;
    }

    /** The {@code n} frames on the most samples, skipping the roots that every stack shares. */
    List<Profile.Frame> top(int n) {
        List<Profile.Frame> frames = new ArrayList<>();
        onStack.forEach((frame, count) -> frames.add(new Profile.Frame(frame, count, samples == 0 ? 0 : (double) count / samples)));
        frames.sort(Comparator.comparingLong(Profile.Frame::samples).reversed().thenComparing(Profile.Frame::frame));
        return frames.stream().filter(f -> !isRoot(f.frame())).limit(n).toList();
    }

    private static boolean isRoot(String frame) {
        return frame.startsWith("java/lang/Thread.run") || frame.startsWith("java/lang/VirtualThread")
                || frame.startsWith("java/util/concurrent/") || frame.startsWith("io/netty/") || frame.startsWith("jdk/internal/")
                || frame.startsWith("[") || frame.equals("java/lang/Thread.runWith");
    }
}
