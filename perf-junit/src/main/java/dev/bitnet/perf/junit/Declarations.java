package dev.bitnet.perf.junit;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How elements read in messages: {@code method [sorts(int, Measure)]}, {@code class [SortTests]}.
 *
 * @since 0.1
 */
final class Declarations {

    private Declarations() {}

    /** {@code sorts(int, Measure)}. */
    static String methodSignature(Method method) {
        return method.getName() + Arrays.stream(method.getParameterTypes())
                .map(Class::getSimpleName)
                .collect(Collectors.joining(", ", "(", ")"));
    }

    static String onMethod(Method method) {
        return "method [" + methodSignature(method) + "]";
    }

    static String onClass(Class<?> type) {
        return "class [" + type.getName() + "]";
    }
}
