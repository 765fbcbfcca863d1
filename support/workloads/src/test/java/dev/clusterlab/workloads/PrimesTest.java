package dev.clusterlab.workloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrimesTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 10, 100, 10_000})
    void countsWhatASieveCounts(int n) {
        assertThat(Primes.countBelow(n)).as("primes below %d", n).isEqualTo(sieveCount(n));
    }

    @Test
    void knownCounts() {
        assertThat(Primes.countBelow(10)).isEqualTo(4); // 2, 3, 5, 7
        assertThat(Primes.countBelow(10_000)).isEqualTo(1229);
    }

    @Test
    void negativeNIsRejected() {
        assertThatThrownBy(() -> Primes.countBelow(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void theBoundsAreOrdered() {
        assertThat(Primes.DEFAULT_N).isPositive().isLessThanOrEqualTo(Primes.MAX_N);
    }

    /** The primes below {@code n} by the sieve of Eratosthenes on a BitSet of composites: another way to count. */
    private static int sieveCount(int n) {
        BitSet composite = new BitSet(Math.max(n, 0));
        for (int p = 2; (long) p * p < n; p = composite.nextClearBit(p + 1)) {
            for (int multiple = p * p; multiple < n; multiple += p) {
                composite.set(multiple);
            }
        }
        // 0 and 1 are not prime; everything from 2 up that is not composite is.
        return n <= 2 ? 0 : n - 2 - composite.get(2, n).cardinality();
    }
}
