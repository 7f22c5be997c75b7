package dev.bitnet.perf.diagnosis;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;

/**
 * {@code @DiagnosedAs} marks an exception class so that a performance test failing with it (or
 * with an exception caused by it) is diagnosed as the given type, for example
 * {@code @DiagnosedAs(DiagnosisType.MODEL_LOAD_FAILURE) class CorruptModelException extends RuntimeException}.
 *
 * <p>The annotation is inherited by subclasses. Exception classes that cannot carry it (a library
 * that must not depend on perf-junit) are registered by name instead, through the configuration
 * parameters {@value DiagnosisSettings#MODEL_LOAD_EXCEPTIONS_KEY} and
 * {@value DiagnosisSettings#ENVIRONMENT_SETUP_EXCEPTIONS_KEY}.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
@Documented
@java.lang.annotation.Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface DiagnosedAs {

    /** @return the diagnosis type of failures with the annotated exception class; never {@code null} */
    DiagnosisType value();
}
