package dev.clusterlab.task06;

import java.util.List;

/**
 * A profile of one worker: its flame graph (HTML, or a JFR recording where async-profiler cannot
 * load), the collapsed stacks it was drawn from, and the frames where most samples were taken.
 *
 * @param kind      {@code async-profiler} or {@code jfr}
 * @param flameGraph the path of the HTML flame graph (or of the {@code .jfr} recording)
 * @param collapsed the path of the collapsed stacks: one line per stack, {@code frame;frame;frame count}, root first
 * @param top       the frames that were on the most samples (self or below), most first
 */
record Profile(int worker, long pid, String kind, String flameGraph, String collapsed, long samples, List<Frame> top) {
    /** A frame and the share of samples it was on. */
    record Frame(String frame, long samples, double share) {
    }
}
