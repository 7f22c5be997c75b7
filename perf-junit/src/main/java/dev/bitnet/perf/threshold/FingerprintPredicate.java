package dev.bitnet.perf.threshold;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.bitnet.perf.env.EnvironmentClass;
import dev.bitnet.perf.env.EnvironmentFingerprint;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * {@code FingerprintPredicate} is one condition on the environment, written as
 * {@code <key><op><value>}, such as {@code cores>=8}, {@code gpu=true} or
 * {@code class=amd-epyc-*}.
 *
 * <p>Keys (numbers take {@code = != < <= > >=}; the others {@code =} and {@code !=}):
 * <ul>
 *   <li>{@code cores}: the CPUs this JVM may use ({@link EnvironmentFingerprint#effectiveCpus()});
 *       {@code logicalCores}, {@code physicalCores} as reported;</li>
 *   <li>{@code memoryGb}: usable memory in GiB; {@code jdk}: the Java feature release;
 *       {@code gpuCount}: compute GPUs;</li>
 *   <li>{@code gpu}, {@code loaded}: {@code true} or {@code false};</li>
 *   <li>{@code class}, {@code cpu}, {@code os}, {@code arch}: text, compared case-insensitively,
 *       where {@code *} matches any run of characters ({@code cpu=*EPYC*});</li>
 *   <li>{@code feature}: a CPU flag is present ({@code feature=avx512f}) or absent ({@code feature!=avx512f}).</li>
 * </ul>
 *
 * @param key the key
 * @param operator one of {@code = != < <= > >=}
 * @param value the value as written
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record FingerprintPredicate(String key, String operator, String value) {
    private static final Pattern SYNTAX = Pattern.compile("\\s*([A-Za-z]+)\\s*(>=|<=|!=|=|<|>)\\s*(.+?)\\s*");
    static final List<String> NUMERIC_KEYS = List.of("cores", "logicalcores", "physicalcores", "memorygb", "jdk", "gpucount");
    static final List<String> BOOLEAN_KEYS = List.of("gpu", "loaded");
    static final List<String> TEXT_KEYS = List.of("class", "cpu", "os", "arch", "feature");
    /** The expected grammar, for error messages. */
    public static final String GRAMMAR = "<key><op><value> with key one of [cores, logicalCores, physicalCores, memoryGb, jdk, "
            + "gpuCount, gpu, loaded, class, cpu, os, arch, feature] and op one of [=, !=, <, <=, >, >=]";

    public FingerprintPredicate {
        String k = key.toLowerCase(Locale.ROOT);
        if (NUMERIC_KEYS.contains(k)) {
            try {
                Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("predicate '" + key + operator + value + "' needs a number after the operator");
            }
        } else if (BOOLEAN_KEYS.contains(k) || TEXT_KEYS.contains(k)) {
            if (!operator.equals("=") && !operator.equals("!=")) {
                throw new IllegalArgumentException("predicate '" + key + operator + value + "' may only use = or != with key '" + key + "'");
            }
            if (BOOLEAN_KEYS.contains(k) && !value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException("predicate '" + key + operator + value + "' needs true or false");
            }
        } else {
            throw new IllegalArgumentException("predicate '" + key + operator + value + "' has an unknown key; expected " + GRAMMAR);
        }
    }

    /** Parses {@code cores>=8}. */
    public static FingerprintPredicate parse(String text) {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("predicate '" + text + "' is not in the expected format " + GRAMMAR);
        }
        return new FingerprintPredicate(m.group(1), m.group(2), m.group(3));
    }

    /** Whether the fingerprint satisfies this predicate. */
    public boolean test(EnvironmentFingerprint fp) {
        String k = key.toLowerCase(Locale.ROOT);
        switch (k) {
            case "cores":
                return compare(fp.effectiveCpus());
            case "logicalcores":
                return compare(fp.logicalCores());
            case "physicalcores":
                return compare(fp.physicalCores());
            case "memorygb":
                return compare(fp.effectiveMemoryBytes() / (double) (1L << 30));
            case "jdk":
                return compare(fp.javaFeatureVersion());
            case "gpucount":
                return compare(computeGpus(fp));
            case "gpu":
                return bool(computeGpus(fp) > 0);
            case "loaded":
                return bool(fp.loadAtStart().loaded());
            case "class":
                return text(fp.environmentClass().slug());
            case "cpu":
                return text(fp.cpuModel());
            case "os":
                return text(fp.osFamily()) || text(EnvironmentClass.of(fp).components().getOrDefault("os", ""));
            case "arch":
                return text(fp.arch()) || text(EnvironmentClass.of(fp).components().getOrDefault("arch", ""));
            case "feature":
                boolean present = fp.cpuFeatures().stream().anyMatch(f -> f.equalsIgnoreCase(value));
                return operator.equals("=") == present;
            default:
                throw new IllegalStateException("unknown predicate key: " + key);
        }
    }

    private static long computeGpus(EnvironmentFingerprint fp) {
        return fp.gpus().stream().filter(EnvironmentClass::isComputeGpu).count();
    }

    private boolean compare(double actual) {
        double expected = Double.parseDouble(value);
        switch (operator) {
            case "=":
                return actual == expected;
            case "!=":
                return actual != expected;
            case "<":
                return actual < expected;
            case "<=":
                return actual <= expected;
            case ">":
                return actual > expected;
            default:
                return actual >= expected;
        }
    }

    private boolean bool(boolean actual) {
        return (actual == Boolean.parseBoolean(value.toLowerCase(Locale.ROOT))) == operator.equals("=");
    }

    private boolean text(String actual) {
        boolean matches = glob(value).matcher(actual).matches();
        return matches == operator.equals("=");
    }

    /** A glob where {@code *} matches any run of characters, case-insensitive. */
    static Pattern glob(String glob) {
        List<String> quoted = new java.util.ArrayList<>();
        for (String part : glob.split("\\*", -1)) {
            quoted.add(Pattern.quote(part));
        }
        return Pattern.compile(String.join(".*", quoted), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    }

    @Override
    public String toString() {
        return key + operator + value;
    }
}
