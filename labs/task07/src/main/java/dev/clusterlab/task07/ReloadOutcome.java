package dev.clusterlab.task07;

import java.util.List;

/**
 * What a rolling reload did: the answer of {@code POST /admin/reload}.
 *
 * @param outcome  {@code reloaded}, or {@code aborted} when a new worker failed to start
 * @param replaced the ids of the old workers drained and replaced, in order
 * @param started  the ids of the new workers now serving
 * @param reason   why it aborted; null when it did not
 */
record ReloadOutcome(String outcome, List<Integer> replaced, List<Integer> started, String reason) {

    static ReloadOutcome reloaded(List<Integer> replaced, List<Integer> started) {
        return new ReloadOutcome("reloaded", List.copyOf(replaced), List.copyOf(started), null);
    }

    static ReloadOutcome aborted(List<Integer> replaced, List<Integer> started, String reason) {
        return new ReloadOutcome("aborted", List.copyOf(replaced), List.copyOf(started), reason);
    }

    boolean isReloaded() {
        return "reloaded".equals(outcome);
    }
}
