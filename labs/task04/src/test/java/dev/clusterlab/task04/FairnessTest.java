package dev.clusterlab.task04;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.clusterlab.testkit.Graded;
import dev.clusterlab.testkit.Hint;
import dev.clusterlab.testkit.Points;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Task 4: the numbers that say how fair a distribution is, from known counts. */
@Graded
@Hint("Look at Fairness.of in src/main: per-worker counts in, max, min, max/min and Jain's index out.")
class FairnessTest {
    private static final double EPSILON = 1e-9;

    @Test
    @Points(2)
    @Hint("For counts x1..xn over n workers: max, min, max/min (infinite when min is 0) and Jain's index"
            + " (x1+...+xn)^2 / (n * (x1^2+...+xn^2)). A worker missing from the counts got nothing: it counts"
            + " as 0 and is one of the n.")
    void fairnessOfKnownCounts() {
        Fairness even = Fairness.of(List.of(10L, 10L), 2);
        assertThat(even).as("Fairness.of([10, 10], 2 workers)")
                .isEqualTo(new Fairness(2, 20, 10, 10, 1.0, 1.0));

        Fairness skewed = Fairness.of(List.of(15L, 5L), 2);
        assertThat(skewed.maxOverMin()).as("max/min of [15, 5]").isCloseTo(3.0, within(EPSILON));
        assertThat(skewed.jainIndex()).as("Jain's index of [15, 5]: 20^2 / (2 * (225 + 25))")
                .isCloseTo(0.8, within(EPSILON));

        Fairness starved = Fairness.of(List.of(30L), 2);
        assertThat(starved.min()).as("min of [30] over 2 workers: the other worker got none").isZero();
        assertThat(starved.maxOverMin()).as("max/min of [30] over 2 workers").isInfinite();
        assertThat(starved.jainIndex()).as("Jain's index of [30] over 2 workers: one got everything, 1/n")
                .isCloseTo(0.5, within(EPSILON));
        assertThat(starved.total()).as("total of [30] over 2 workers").isEqualTo(30);

        // Node's docs: with SCHED_NONE, over 70% of connections can end up on 2 of 8 workers.
        Fairness node = Fairness.of(List.of(40L, 30L, 5L, 5L, 5L, 5L, 5L, 5L), 8);
        assertThat(node).as("Fairness.of([40, 30, 5, 5, 5, 5, 5, 5], 8 workers) but Jain's index")
                .usingRecursiveComparison().ignoringFields("jainIndex")
                .isEqualTo(new Fairness(8, 100, 40, 5, 8.0, 0));
        assertThat(node.jainIndex()).as("Jain's index of [40, 30, 5, 5, 5, 5, 5, 5]: 100^2 / (8 * 2650)")
                .isCloseTo(10_000.0 / 21_200, within(EPSILON));

        Fairness oneOfFour = Fairness.of(List.of(7L, 1L, 1L, 1L), 4);
        assertThat(oneOfFour.jainIndex()).as("Jain's index of [7, 1, 1, 1]: 10^2 / (4 * 52)")
                .isCloseTo(100.0 / 208, within(EPSILON));
        assertThat(oneOfFour.maxOverMin()).as("max/min of [7, 1, 1, 1]").isCloseTo(7.0, within(EPSILON));
    }
}
