package dev.bitnet.perf.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitnet.perf.env.OtherProcessLoad;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

@DisplayName("DiagnosisClassifier")
class DiagnosisClassifierTests {

    private static final EnvironmentFacts QUIET = new EnvironmentFacts("4 CPUs, quiet", "performance", 0.5, 4, 1);
    private final DiagnosisClassifier classifier = new DiagnosisClassifier(DiagnosisSettings.defaults());
    private final FailureContext measuring = FailureContext.of("decode()").inPhase(FailureContext.Phase.MEASUREMENT, 3, 5);

    /** An exception a model loader of some library might throw, registered by name only. */
    static final class FormatProblem extends RuntimeException {
        FormatProblem(String message) {
            super(message);
        }
    }

    @DiagnosedAs(DiagnosisType.MODEL_LOAD_FAILURE)
    static class AnnotatedLoadProblem extends RuntimeException {
        AnnotatedLoadProblem(String message) {
            super(message);
        }
    }

    static final class SubclassOfAnnotated extends AnnotatedLoadProblem {
        SubclassOfAnnotated() {
            super("inherits the marker");
        }
    }

    @Nested
    @DisplayName("classifies thrown failures by type and cause")
    class Thrown {

        @Test
        @DisplayName("OutOfMemoryError, even wrapped, is memory exhaustion with the iteration reached")
        void outOfMemoryWrapped() {
            Throwable failure = new ExecutionException(new OutOfMemoryError("Java heap space"));
            Diagnosis d = classifier.classify(failure, measuring, QUIET);
            assertThat(d.type()).isEqualTo(DiagnosisType.MEMORY_EXHAUSTION);
            assertThat(d.headline()).isEqualTo("OutOfMemoryError: Java heap space in measured iteration 3 of 5");
            assertThat(d.details()).contains("java.util.concurrent.ExecutionException").contains("caused by java.lang.OutOfMemoryError")
                    .contains("max heap");
            assertThat(d.exceptionType()).isEqualTo("java.lang.OutOfMemoryError");
            assertThat(d.environment()).isEqualTo("4 CPUs, quiet");
            assertThat(d.actions()).isEqualTo(DiagnosisType.MEMORY_EXHAUSTION.defaultActions());
        }

        @Test
        @DisplayName("an exception class named in the settings (or its subclass) is a model load failure")
        void registeredByName() {
            DiagnosisClassifier custom = new DiagnosisClassifier(new DiagnosisSettings(
                    List.of(RuntimeException.class.getName() + "X", FormatProblem.class.getName()), List.of(), 10));
            Diagnosis d = custom.classify(new IllegalStateException("load failed", new FormatProblem("bad magic")),
                    FailureContext.of("load()"), QUIET);
            assertThat(d.type()).isEqualTo(DiagnosisType.MODEL_LOAD_FAILURE);
            assertThat(d.exceptionType()).isEqualTo(FormatProblem.class.getName());
            assertThat(d.headline()).isEqualTo("FormatProblem: bad magic");
        }

        @Test
        @DisplayName("the engine's GgufFormatException is registered by default, by name")
        void engineExceptionByDefault() {
            assertThat(DiagnosisSettings.defaults().modelLoadExceptions()).contains("dev.bitnet.engine.gguf.GgufFormatException");
        }

        @Test
        @DisplayName("@DiagnosedAs decides the type, inherited by subclasses")
        void annotated() {
            assertThat(classifier.classify(new SubclassOfAnnotated(), measuring, QUIET).type())
                    .isEqualTo(DiagnosisType.MODEL_LOAD_FAILURE);
        }

        @Test
        @DisplayName("I/O errors are model load failures only while loading")
        void ioDependsOnPhase() {
            IOException io = new EOFException("model.gguf: 12 bytes left, tensor data needs 4096");
            FailureContext loading = FailureContext.of("load()").inPhase(FailureContext.Phase.MODEL_LOAD, 0, 0);
            assertThat(classifier.classify(new UncheckedIOException(io), loading, QUIET).type())
                    .isEqualTo(DiagnosisType.MODEL_LOAD_FAILURE);
            assertThat(classifier.classify(new UncheckedIOException(io), measuring, QUIET).type())
                    .isEqualTo(DiagnosisType.EXECUTION_ERROR);
        }

        @Test
        @DisplayName("TimeoutException is a timeout; an interruption only when the runner's timeout fired")
        void timeouts() {
            FailureContext fired = measuring.withTimeout(Duration.ofSeconds(2), true);
            Diagnosis d = classifier.classify(new TimeoutException(), measuring.withTimeout(Duration.ofMillis(10), false), QUIET);
            assertThat(d.type()).isEqualTo(DiagnosisType.TIMEOUT);
            assertThat(d.headline()).isEqualTo("decode() timed out after 10 milliseconds in measured iteration 3 of 5");
            assertThat(d.actions().get(0)).isEqualTo("2 of 5 measured iterations completed; lower 'iterations' to about 2 or raise the timeout.");
            assertThat(classifier.classify(new InterruptedException(), fired, QUIET).type()).isEqualTo(DiagnosisType.TIMEOUT);
            assertThat(classifier.classify(new ClosedByInterruptException(), fired, QUIET).type()).isEqualTo(DiagnosisType.TIMEOUT);
            assertThat(classifier.classify(new InterruptedException(), measuring, QUIET).type())
                    .isEqualTo(DiagnosisType.EXECUTION_ERROR);
            assertThat(classifier.timeout(fired, QUIET).headline()).isEqualTo("decode() timed out after 2 seconds in measured iteration 3 of 5");
        }

        @Test
        @DisplayName("a failed assumption is an environment set-up problem")
        void abortedIsEnvironmentSetup() {
            assertThat(classifier.classify(new TestAbortedException("Assumption failed: no CUDA device"), measuring, QUIET).type())
                    .isEqualTo(DiagnosisType.ENVIRONMENT_SETUP);
        }

        @Test
        @DisplayName("anything else is an execution error; the message text never decides")
        void executionError() {
            Diagnosis d = classifier.classify(new IllegalStateException("OutOfMemoryError timeout GGUF model load"), measuring, QUIET);
            assertThat(d.type()).isEqualTo(DiagnosisType.EXECUTION_ERROR);
            assertThat(d.toMessage()).startsWith("Diagnosis: EXECUTION_ERROR (Execution error): IllegalStateException: "
                    + "OutOfMemoryError timeout GGUF model load in measured iteration 3 of 5");
        }

        @Test
        @DisplayName("a cause cycle ends the walk")
        void causeCycle() {
            RuntimeException a = new RuntimeException("a");
            RuntimeException b = new RuntimeException("b", a);
            a.initCause(b);
            assertThat(DiagnosisClassifier.causeChain(b)).containsExactly(b, a);
            assertThat(classifier.classify(b, measuring, QUIET).type()).isEqualTo(DiagnosisType.EXECUTION_ERROR);
        }
    }

    @Nested
    @DisplayName("refines a failing verdict by measured facts")
    class Measured {
        private final List<MetricSpread> calm = List.of(new MetricSpread("latency_ms", 2.0, 10));
        private final List<MetricSpread> noisy = List.of(new MetricSpread("latency_ms", 2.0, 10),
                new MetricSpread("tokens_per_second", 23.5, 10));

        @Test
        @DisplayName("a quiet machine keeps the verdict's type and text")
        void quiet() {
            Diagnosis d = classifier.verdictFailure(DiagnosisType.THRESHOLD_MISSED, "decode()", "latency_ms median 13 > 12", calm,
                    QUIET, false);
            assertThat(d.type()).isEqualTo(DiagnosisType.THRESHOLD_MISSED);
            assertThat(d.details()).isEqualTo("latency_ms median 13 > 12");
        }

        @Test
        @DisplayName("a CV above the bound is a noisy environment")
        void noisy() {
            Diagnosis d = classifier.verdictFailure(DiagnosisType.REGRESSION, "decode()", "regressed", noisy, QUIET, false);
            assertThat(d.type()).isEqualTo(DiagnosisType.NOISY_ENVIRONMENT);
            assertThat(d.headline()).isEqualTo("decode(): tokens_per_second varies by 23.5% (CV over 10 samples) > 10.0%, too noisy to trust the verdict");
        }

        @Test
        @DisplayName("powersave governor, a loaded machine and a missing GPU are environment set-up problems")
        void environmentSetup() {
            EnvironmentFacts powersave = new EnvironmentFacts("", "powersave", 0.1, 4, 0);
            Diagnosis d = classifier.verdictFailure(DiagnosisType.THRESHOLD_MISSED, "gpu()", "missed", noisy, powersave, true);
            assertThat(d.type()).isEqualTo(DiagnosisType.ENVIRONMENT_SETUP);
            assertThat(d.headline()).isEqualTo("gpu(): GPU required but absent; CPU frequency governor is 'powersave'");
            assertThat(d.actions().get(0)).startsWith("Run the test on a machine with a GPU");

            // other processes kept 1.3 of 2 CPUs busy while the test used 0.6 of them: loaded
            EnvironmentFacts loaded = new EnvironmentFacts("", "unknown", 6.0, 2, -1)
                    .withOtherProcesses(new OtherProcessLoad(4.0, 2, 1.9, 0.6, 0.5, null));
            assertThat(classifier.verdictFailure(DiagnosisType.THRESHOLD_MISSED, "t", "missed", calm, loaded, true).headline())
                    .isEqualTo("t: machine loaded: other processes used 1.30 of 2 CPUs (65%, limit 50%) during the test's 4.0 s;"
                            + " this JVM used 0.60");
            assertThat(loaded.summary()).endsWith("load 6.00 (3.00 per CPU), GPUs unknown, other processes used 1.30 of 2 CPUs"
                    + " (65%, limit 50%) during the test's 4.0 s; this JVM used 0.60");
            assertThat(classifier.environmentProblem("t", EnvironmentFacts.unknown(), true, "")).isEmpty();
        }

        @Test
        @DisplayName("a load average above the CPUs made by the test's own threads is no environment problem")
        void ownThreadsDoNotLoadTheMachine() {
            // the test's two busy threads give a load average of 2.4 on 2 CPUs; other processes used 0.1 CPU
            EnvironmentFacts busyItself = new EnvironmentFacts("", "performance", 2.4, 2, 0)
                    .withOtherProcesses(new OtherProcessLoad(10.0, 2, 2.05, 1.95, 0.5, null));
            assertThat(busyItself.loadedByOtherProcesses()).isFalse();
            Diagnosis d = classifier.verdictFailure(DiagnosisType.REGRESSION, "t", "regressed", calm, busyItself, false);
            assertThat(d.type()).isEqualTo(DiagnosisType.REGRESSION);
            assertThat(classifier.environmentProblem("t", busyItself, false, "")).isEmpty();
            // unmeasured (no interval) or unknown: never loaded, whatever the load average
            assertThat(classifier.environmentProblem("t", new EnvironmentFacts("", "performance", 9.0, 2, 0), false, "")).isEmpty();
            EnvironmentFacts unknown = new EnvironmentFacts("", "performance", 9.0, 2, 0)
                    .withOtherProcesses(OtherProcessLoad.unknown("/proc/stat unreadable", 0.5));
            assertThat(classifier.environmentProblem("t", unknown, false, "")).isEmpty();
            assertThat(unknown.summary()).endsWith("CPU use of other processes during the test unknown (/proc/stat unreadable)");
            assertThat(classifier.environmentProblem("t", EnvironmentFacts.unknown(), true, "")).isEmpty();
        }

        @Test
        @DisplayName("only THRESHOLD_MISSED and REGRESSION are verdict types")
        void rejectsOtherVerdictTypes() {
            assertThatThrownBy(() -> classifier.verdictFailure(DiagnosisType.TIMEOUT, "t", "", calm, QUIET, false))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("verdictType must be THRESHOLD_MISSED or REGRESSION: TIMEOUT");
        }
    }

    @Nested
    @DisplayName("settings")
    class Settings {
        @Test
        @DisplayName("are read from configuration parameters; invalid numbers fall back to the default")
        void fromParameters() {
            Map<String, String> parameters = Map.of(DiagnosisSettings.MODEL_LOAD_EXCEPTIONS_KEY, " a.B , c.D ,",
                    DiagnosisSettings.NOISY_CV_PERCENT_KEY, "-3");
            DiagnosisSettings s = DiagnosisSettings.from(key -> Optional.ofNullable(parameters.get(key)));
            assertThat(s.modelLoadExceptions()).containsExactly("a.B", "c.D");
            assertThat(s.noisyCvPercent()).isEqualTo(DiagnosisSettings.DEFAULT_NOISY_CV_PERCENT);
        }
    }

    @Test
    @DisplayName("a diagnosis survives the JSON round trip")
    void jsonRoundTrip() {
        Diagnosis d = classifier.classify(new OutOfMemoryError("Java heap space"), measuring, QUIET);
        assertThat(DiagnosisJson.fromJson(DiagnosisJson.toJson(d))).isEqualTo(d);
        assertThatThrownBy(() -> DiagnosisJson.fromJson(DiagnosisJson.toJson(d).put("type", "BAD")))
                .hasMessageStartingWith("field 'diagnosis.type' must be one of [MODEL_LOAD_FAILURE");
    }
}
