package dev.bitnet.perf.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DurationsTests {

    @ParameterizedTest
    @CsvSource({"5 ns, PT0.000000005S", "7μs, PT0.000007S", "7 us, PT0.000007S", "500 ms, PT0.5S", "2 s, PT2S",
            "2, PT2S", "3 m, PT3M", "1 h, PT1H", "1 d, PT24H", "10 MS, PT0.01S"})
    void parsesEveryUnit(String text, Duration expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "0", "0 s", "-5 ms", "1.5 s", "5 parsecs", "s", "99999999999999999999 s"})
    void rejectsMalformedDurationsShowingTheGrammar(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse(text))
                .withMessageContaining(text.startsWith("9999") ? "too large" : "<number> [ns|μs|us|ms|s|m|h|d]");
    }

    @Test
    void describesDurationsLikeJupitersTimeoutMessages() {
        assertThat(Durations.describe(Duration.ofMillis(10))).isEqualTo("10 milliseconds");
        assertThat(Durations.describe(Duration.ofSeconds(1))).isEqualTo("1 second");
        assertThat(Durations.describe(Duration.ofMillis(1500))).isEqualTo("1500 milliseconds");
        assertThat(Durations.describe(Duration.ofNanos(1))).isEqualTo("1 nanosecond");
        assertThat(Durations.describe(Duration.ofMinutes(120))).isEqualTo("2 hours");
    }

    @Test
    void planRejectsProgrammerErrors() {
        assertThatIllegalArgumentException().isThrownBy(() ->
                new Plan("id", "d", "C", "m()", Mode.REGION, -1, 1, 1, null, Map.of()))
                .withMessage("warmup must not be negative: -1");
        assertThatIllegalArgumentException().isThrownBy(() ->
                new Plan("id", "d", "C", "m()", Mode.REGION, 0, 0, 1, null, Map.of()))
                .withMessage("iterations must be 1 or more: 0");
        assertThatIllegalArgumentException().isThrownBy(() ->
                new Plan("id", "d", "C", "m()", Mode.REGION, 0, 1, 0, null, Map.of()))
                .withMessage("threads must be 1 or more: 0");
        assertThatIllegalArgumentException().isThrownBy(() ->
                new Plan("id", "d", "C", "m()", Mode.REGION, 0, 1, 1, Duration.ZERO, Map.of()))
                .withMessage("timeout must be positive: PT0S");
        assertThat(new Plan("id", "[1] 4", "C", "m(int)", Mode.REGION, 0, 1, 1, null, Map.of()).testName())
                .isEqualTo("m(int) [1] 4");
        assertThat(new Plan("id", "m()", "C", "m()", Mode.REGION, 0, 1, 1, null, Map.of()).testName())
                .isEqualTo("m()");
    }
}
