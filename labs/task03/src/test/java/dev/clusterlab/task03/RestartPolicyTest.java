package dev.clusterlab.task03;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlab.testkit.Graded;
import dev.clusterlab.testkit.Hint;
import dev.clusterlab.testkit.Points;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Task 3: the restart policy on its own. These checks start no process: they call {@link Backoff},
 * {@link RestartIntensity} and {@link RestartPolicy} directly, with made-up times.
 */
@Graded
@Hint("Look at the restart policy's pure classes in src/main: Backoff.delay, RestartIntensity.record and"
        + " RestartPolicy.decide. Run only these checks with ./mvnw -pl labs/task03 test -Dtest=RestartPolicyTest.")
class RestartPolicyTest {

    @Test
    @Points(1)
    @Hint("Backoff.delay(n) is initial x 2^(n-1), capped at max: with initial 100 ms and max 1 s, restarts 1, 2, 3,"
            + " 4, 5 wait 100, 200, 400, 800, 1000 ms. A large n must give max, not overflow to a negative or zero delay.")
    void backoffDoublesUpToItsCap() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));
        assertThat(millis(backoff, 6)).as("the delays in ms before restarts 1 to 6 with initial 100 ms and max 1 s")
                .containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L);
        assertThat(backoff.delay(64)).as("the delay before restart 64 (2^63 x 100 ms overflows a long)")
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delay(Integer.MAX_VALUE)).as("the delay before restart Integer.MAX_VALUE")
                .isEqualTo(Duration.ofSeconds(1));

        Backoff uneven = new Backoff(Duration.ofMillis(300), Duration.ofMillis(1000));
        assertThat(millis(uneven, 4)).as("the delays in ms before restarts 1 to 4 with initial 300 ms and max 1000 ms")
                .containsExactly(300L, 600L, 1000L, 1000L);
        Backoff flat = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(2));
        assertThat(millis(flat, 3)).as("the delays in ms before restarts 1 to 3 with initial = max = 2 s")
                .containsExactly(2000L, 2000L, 2000L);
    }

    @Test
    @Points(1)
    @Hint("RestartIntensity.record(now) counts the restarts of the last period, now included, and forgets those"
            + " period or more before now. RestartPolicy.decide: a worker that left on purpose is LeaveAlone and is"
            + " not counted; else count it: more than maxRestarts within the period is GiveUp(count, period), else"
            + " Restart(backoff.delay(count), count).")
    void policyBacksOffForgetsOldRestartsAndGivesUpOnACrashLoop() {
        RestartIntensity window = new RestartIntensity(2, Duration.ofSeconds(5));
        assertThat(List.of(window.record(at(0)), window.record(at(1)), window.record(at(4.9))))
                .as("RestartIntensity(2, 5 s).record at 0 s, 1 s, 4.9 s: the restarts counted within the last 5 s")
                .containsExactly(1, 2, 3);
        assertThat(window.record(at(6.5))).as("record at 6.5 s, after restarts at 0, 1 and 4.9 s: those at 0 and 1 s"
                + " are more than 5 s old").isEqualTo(2);
        assertThat(window.record(at(11.5))).as("record at 11.5 s, after restarts at 0, 1, 4.9 and 6.5 s: the one at"
                + " 6.5 s is exactly 5 s old, which is forgotten too").isEqualTo(1);
        assertThat(window.exceeded(2)).as("whether 2 restarts exceed maxRestarts = 2").isFalse();
        assertThat(window.exceeded(3)).as("whether 3 restarts exceed maxRestarts = 2").isTrue();

        RestartPolicy policy = new RestartPolicy(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10)),
                new RestartIntensity(3, Duration.ofSeconds(10)));
        assertThat(policy.decide(true, at(0.5))).as("decide(leftOnPurpose = true) at 0.5 s")
                .isEqualTo(new RestartDecision.LeaveAlone());
        assertThat(policy.decide(false, at(1))).as("the first death, at 1 s")
                .isEqualTo(new RestartDecision.Restart(Duration.ofMillis(100), 1));
        assertThat(policy.decide(true, at(1.5))).as("a worker that left on purpose, at 1.5 s (not a restart)")
                .isEqualTo(new RestartDecision.LeaveAlone());
        assertThat(policy.decide(false, at(2))).as("the second death, at 2 s")
                .isEqualTo(new RestartDecision.Restart(Duration.ofMillis(200), 2));
        assertThat(policy.decide(false, at(3))).as("the third death, at 3 s")
                .isEqualTo(new RestartDecision.Restart(Duration.ofMillis(400), 3));
        assertThat(policy.decide(false, at(11.5))).as("a death at 11.5 s, after restarts at 1, 2 and 3 s: the one at"
                + " 1 s is out of the 10 s period, so this is restart 3 of the period")
                .isEqualTo(new RestartDecision.Restart(Duration.ofMillis(400), 3));
        assertThat(policy.decide(false, at(11.8))).as("a death at 11.8 s, after restarts at 2, 3 and 11.5 s: a 4th"
                + " restart within 10 s, more than MAX_RESTARTS = 3")
                .isEqualTo(new RestartDecision.GiveUp(4, Duration.ofSeconds(10)));
    }

    private static List<Long> millis(Backoff backoff, int restarts) {
        return IntStream.rangeClosed(1, restarts).mapToObj(backoff::delay).map(Duration::toMillis).toList();
    }

    /** A time on the policy's monotonic clock, {@code seconds} after its origin. */
    private static Duration at(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }
}
