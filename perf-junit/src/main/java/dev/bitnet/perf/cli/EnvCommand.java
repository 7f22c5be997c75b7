package dev.bitnet.perf.cli;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bitnet.perf.baseline.FingerprintJson;
import dev.bitnet.perf.calibration.Calibration;
import dev.bitnet.perf.calibration.Calibrator;
import dev.bitnet.perf.env.EnvironmentFingerprint;
import dev.bitnet.perf.env.EnvironmentProbe;
import dev.bitnet.perf.env.Gpu;
import dev.bitnet.perf.threshold.EnvironmentDefaults;
import dev.bitnet.perf.threshold.Threshold;
import dev.bitnet.perf.threshold.ThresholdOverride;
import dev.bitnet.perf.threshold.ThresholdOverrides;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * {@code perf-junit env}: prints this machine's fingerprint, its environment class, the
 * calibration factor and the thresholds and comparison settings this machine derives.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class EnvCommand implements Subcommand {
    @Override
    public String name() {
        return "env";
    }

    @Override
    public String summary() {
        return "print this machine's fingerprint, environment class, calibration and derived thresholds";
    }

    @Override
    public String usage() {
        return "Usage: java -jar perf-junit.jar env [--format human|json] [--no-calibration] [--overrides FILE]\n\n"
                + "--no-calibration  skip the reference workload (about 40 ms)\n"
                + "--overrides FILE  the per-environment overrides file to show (default: nearest perf-overrides.json upwards)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Arguments arguments = Arguments.parse(args, Set.of("--no-calibration"), Set.of("--format", "--overrides"));
        if (!arguments.positional().isEmpty()) {
            throw new CliException("takes no positional arguments but got " + arguments.positional() + ".\n" + usage());
        }
        String format = arguments.option("--format").orElse("human").toLowerCase(Locale.ROOT);
        if (!format.equals("human") && !format.equals("json")) {
            throw new CliException("--format must be human or json but was: " + format);
        }
        Optional<Path> overridesFile = arguments.option("--overrides").map(Path::of).or(ThresholdOverrides::findDefaultFile);
        ThresholdOverrides overrides = ThresholdOverrides.none();
        if (overridesFile.isPresent()) {
            if (!Files.isRegularFile(overridesFile.get())) {
                throw new CliException("Overrides file [" + overridesFile.get() + "] does not exist.");
            }
            try {
                overrides = ThresholdOverrides.read(overridesFile.get());
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage(), e);
            }
        }
        EnvironmentFingerprint fp = EnvironmentProbe.current();
        Calibration calibration = arguments.flag("--no-calibration") ? null : Calibrator.current();
        List<Threshold> defaults = EnvironmentDefaults.thresholds(fp);
        if (format.equals("json")) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("environmentClass", fp.environmentClass().slug());
            json.put("fingerprint", FingerprintJson.toMap(fp));
            json.put("calibration", calibration);
            List<Map<String, Object>> thresholds = new ArrayList<>();
            for (Threshold t : defaults) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("metric", t.metric().canonicalName());
                row.put("statistic", t.statisticLabel());
                row.put("bound", t.bound().name());
                row.put("requiredValue", t.requiredValue());
                row.put("unit", t.metric().unit());
                row.put("derivation", t.derivation());
                thresholds.add(row);
            }
            json.put("defaultThresholds", thresholds);
            json.put("noiseBandPercent", EnvironmentDefaults.noiseBandPercent(fp));
            json.put("adaptiveTargetHalfWidthPercent", EnvironmentDefaults.adaptiveTargetHalfWidthPercent(fp));
            json.put("overridesFile", overridesFile.map(Path::toString).orElse(null));
            List<String> matching = new ArrayList<>();
            for (ThresholdOverride o : overrides.overrides()) {
                if (o.when().stream().allMatch(p -> p.test(fp))) {
                    matching.add(o.source());
                }
            }
            json.put("overridesMatchingThisMachine", matching);
            try {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write environment as JSON", e);
            }
            return Main.OK;
        }
        out.print(human(fp, calibration, defaults, overridesFile, overrides));
        return Main.OK;
    }

    private static String human(EnvironmentFingerprint fp, Calibration calibration, List<Threshold> defaults,
            Optional<Path> overridesFile, ThresholdOverrides overrides) {
        StringBuilder t = new StringBuilder();
        t.append("Environment class: ").append(fp.environmentClass().slug()).append("\n\n");
        t.append("Fingerprint\n");
        line(t, "CPU", fp.cpuModel() + " (" + fp.cpuVendor() + ", " + fp.cpuMicroarchitecture() + ")");
        line(t, "cores", fp.physicalCores() + " physical, " + fp.logicalCores() + " logical, " + fp.availableProcessors()
                + " available to the JVM, " + fp.effectiveCpus() + " usable");
        line(t, "CPU features", fp.cpuFeatures().isEmpty() ? "unknown" : String.join(" ", fp.cpuFeatures()));
        line(t, "memory", gib(fp.memoryBytes()) + " physical, " + gib(fp.effectiveMemoryBytes()) + " usable");
        line(t, "cgroup", fp.cgroup().version() + ": CPU limit " + (fp.cgroup().cpuLimit() == null ? "none/unknown" : fp.cgroup().cpuLimit())
                + ", memory limit " + (fp.cgroup().memoryLimitBytes() == null ? "none/unknown" : gib(fp.cgroup().memoryLimitBytes())));
        line(t, "OS", fp.osFamily() + " " + fp.osVersion() + " (" + fp.arch() + ")");
        List<String> gpus = new ArrayList<>();
        for (Gpu gpu : fp.gpus()) {
            gpus.add(gpu.vendor() + " " + gpu.name() + (gpu.vramBytes() > 0 ? " " + gib(gpu.vramBytes()) : ""));
        }
        line(t, "GPUs", gpus.isEmpty() ? "none found" : String.join("; ", gpus));
        line(t, "JVM", fp.jvmName() + " " + fp.javaVersion() + " (" + fp.jvmVendor() + ")");
        line(t, "JVM flags", fp.jvmFlags().isEmpty() ? "none" : String.join(" ", fp.jvmFlags()));
        line(t, "Vector API", fp.vectorSpecies());
        line(t, "CPU governor", fp.cpuGovernor());
        line(t, "load average", fp.loadAtStart().toString());
        if (!fp.unknown().isEmpty()) {
            t.append("  unknown:\n");
            fp.unknown().forEach(u -> t.append("    - ").append(u).append('\n'));
        }
        t.append("\nCalibration\n");
        line(t, "factor", calibration == null ? "not measured (--no-calibration)" : calibration.describe());
        t.append("\nDerived for this machine\n");
        for (Threshold threshold : defaults) {
            line(t, "default", threshold.requirement() + "   [" + threshold.derivation() + "]");
        }
        line(t, "noise band", EnvironmentDefaults.describeNoiseBand(fp));
        line(t, "adaptive target", String.format(Locale.ROOT, "95%% interval half-width ≤ %.3g%% of the mean",
                EnvironmentDefaults.adaptiveTargetHalfWidthPercent(fp)));
        if (overridesFile.isEmpty()) {
            line(t, "overrides", "no perf-overrides.json found");
        } else {
            line(t, "overrides", overridesFile.get() + " (" + overrides.overrides().size() + " entries)");
            for (ThresholdOverride o : overrides.overrides()) {
                boolean matches = o.when().stream().allMatch(p -> p.test(fp));
                t.append("    ").append(matches ? "applies " : "skipped ").append(o.source()).append(' ').append(o.when())
                        .append(" -> ").append(o.metric()).append(o.value() != null ? " = " + o.value() : " × " + o.factor()).append('\n');
            }
        }
        return t.toString();
    }

    private static void line(StringBuilder text, String key, String value) {
        text.append(String.format(Locale.ROOT, "  %-16s %s%n", key, value));
    }

    private static String gib(long bytes) {
        return bytes <= 0 ? "unknown" : String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
}
