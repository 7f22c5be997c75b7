package dev.bitnet.perf.threshold;

import java.util.Map;
import org.apiguardian.api.API;

/**
 * What a {@link ThresholdDeriver} may base its derivation on.
 *
 * @param testId the JUnit unique id of the test or invocation
 * @param className the test class
 * @param methodName the test method with parameter types
 * @param environment the environment summary of this run (the record's {@code environment} object)
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record DerivationContext(String testId, String className, String methodName, Map<String, Object> environment) {

    public DerivationContext {
        environment = Map.copyOf(environment);
    }
}
