package dev.clusterlab.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class EnvTest {
    private static final UnaryOperator<String> ENV = Map.of("WORKERS", " 3 ", "BLANK", "  ", "BAD", "two",
            "LOW", "0", "MS", "250", "ON", "Yes", "OFF", "no")::get;

    @Test
    void integersFallBackWhenUnsetOrBlankAndNameTheVariableWhenWrong() {
        assertThat(Env.integer(ENV, "WORKERS", 2, 1)).isEqualTo(3);
        assertThat(Env.integer(ENV, "MISSING", 2, 1)).isEqualTo(2);
        assertThat(Env.integer(ENV, "BLANK", 2, 1)).isEqualTo(2);
        assertThatThrownBy(() -> Env.integer(ENV, "BAD", 2, 1))
                .hasMessage("BAD must be an integer, was 'two'");
        assertThatThrownBy(() -> Env.integer(ENV, "LOW", 2, 1))
                .hasMessage("LOW must be at least 1, was 0");
    }

    @Test
    void millisArePositive() {
        assertThat(Env.millis(ENV, "MS", 5)).isEqualTo(Duration.ofMillis(250));
        assertThat(Env.millis(ENV, "MISSING", 5)).isEqualTo(Duration.ofMillis(5));
        assertThatThrownBy(() -> Env.millis(ENV, "LOW", 5))
                .hasMessage("LOW must be at least 1 (milliseconds), was 0");
        assertThatThrownBy(() -> Env.millis(ENV, "BAD", 5))
                .hasMessage("BAD must be a number of milliseconds, was 'two'");
    }

    @Test
    void textRequiredAndFlags() {
        assertThat(Env.text(ENV, "WORKERS", "x")).isEqualTo("3");
        assertThat(Env.text(ENV, "BLANK", "x")).isEqualTo("x");
        assertThat(Env.required(ENV, "MS")).isEqualTo("250");
        assertThatThrownBy(() -> Env.required(ENV, "BLANK")).hasMessage("BLANK must be set");
        assertThat(Env.flag(ENV, "ON")).isTrue();
        assertThat(Env.flag(ENV, "OFF")).isFalse();
        assertThat(Env.flag(ENV, "MISSING")).isFalse();
    }
}
