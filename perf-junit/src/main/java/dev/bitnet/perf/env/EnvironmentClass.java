package dev.bitnet.perf.env;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * {@code EnvironmentClass} is the stable identity of a machine for baseline purposes: two runs
 * of the same class may be compared, runs of different classes never are.
 *
 * <p>The class is built from fields that do not drift between runs on one machine, never from
 * clock readings, load or governor:
 * <ol>
 *   <li>CPU: the model name, lower-cased, without trademarks, "CPU", "Processor", core-count
 *       words and the "@ 2.90GHz" suffix, at most four words ({@code amd-epyc},
 *       {@code intel-xeon-platinum-8375c}); the vendor when the model is unknown;</li>
 *   <li>{@code <n>c}: the {@linkplain EnvironmentFingerprint#effectiveCpus() CPUs this JVM may use};</li>
 *   <li>{@code <n>g}: the {@linkplain EnvironmentFingerprint#effectiveMemoryBytes() usable memory}
 *       rounded to whole GiB;</li>
 *   <li>the OS ({@code linux}, {@code macos}, {@code windows}, ...) and architecture
 *       ({@code x64}, {@code arm64}, ...);</li>
 *   <li>{@code jdk<feature>}: the Java feature release;</li>
 *   <li>{@code gpu-<name>} per distinct compute GPU model, prefixed with the count when above one
 *       ({@code 2x-nvidia-h200}); display-only and virtual adapters are left out.</li>
 * </ol>
 * Example: {@code amd-epyc-2c-24g-linux-x64-jdk17}.
 *
 * @param slug the readable, path-safe identifier ({@code [a-z0-9.-]+}), never {@code null}
 * @param components the parts the slug was built from, by name, for reports
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record EnvironmentClass(String slug, Map<String, String> components) {
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9.-]*");
    private static final Pattern NOISE_WORDS = Pattern.compile(
            "\\(r\\)|\\(tm\\)|\\(c\\)|®|™|\\bcpu\\b|\\bprocessor\\b|\\b\\d+-core\\b|\\bcore\\(s\\)|\\bwith\\b.*$|@.*$");
    private static final List<String> VIRTUAL_DISPLAY_ADAPTERS = List.of(
            "cirrus", "vmware", "virtio", "qxl", "bochs", "matrox", "aspeed", "hyper-v", "standard vga", "red hat",
            "virtualbox", "parallels", "simple framebuffer", "llvmpipe");

    public EnvironmentClass {
        Objects.requireNonNull(slug, "slug must not be null");
        if (!SLUG.matcher(slug).matches()) {
            throw new IllegalArgumentException("slug must match [a-z0-9][a-z0-9.-]* but was: " + slug);
        }
        components = Map.copyOf(components);
    }

    /** Derives the class of a fingerprint by the rules in the type's documentation. */
    public static EnvironmentClass of(EnvironmentFingerprint fingerprint) {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("cpu", cpuSlug(fingerprint.cpuModel(), fingerprint.cpuVendor()));
        parts.put("cpus", fingerprint.effectiveCpus() + "c");
        long memory = fingerprint.effectiveMemoryBytes();
        parts.put("memory", memory > 0 ? Math.max(1, Math.round(memory / (double) (1L << 30))) + "g" : "unknownmem");
        parts.put("os", osSlug(fingerprint.osFamily()));
        parts.put("arch", archSlug(fingerprint.arch()));
        parts.put("jdk", "jdk" + fingerprint.javaFeatureVersion());
        String gpus = gpuSlug(fingerprint.gpus());
        if (!gpus.isEmpty()) {
            parts.put("gpu", gpus);
        }
        String slug = String.join("-", parts.values());
        return new EnvironmentClass(slug, parts);
    }

    /** Whether OSHI's card is a compute-capable GPU rather than a virtual or BMC display adapter. */
    public static boolean isComputeGpu(Gpu gpu) {
        if (isUnknown(gpu.vendor()) && isUnknown(gpu.name())) {
            return false; // OSHI reports a nameless card when lspci/lshw are missing: nothing to key on
        }
        String text = (gpu.vendor() + " " + gpu.name()).toLowerCase(Locale.ROOT);
        for (String adapter : VIRTUAL_DISPLAY_ADAPTERS) {
            if (text.contains(adapter)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUnknown(String text) {
        return text.isBlank() || text.equalsIgnoreCase(EnvironmentFingerprint.UNKNOWN);
    }

    static String cpuSlug(String model, String vendor) {
        String cleaned = NOISE_WORDS.matcher(model.toLowerCase(Locale.ROOT)).replaceAll(" ");
        List<String> words = words(cleaned);
        if (words.isEmpty() || model.equals(EnvironmentFingerprint.UNKNOWN)) {
            words = words(vendorSlug(vendor));
        }
        if (words.isEmpty()) {
            return "unknowncpu";
        }
        return String.join("-", words.subList(0, Math.min(4, words.size())));
    }

    private static String vendorSlug(String vendor) {
        String v = vendor.toLowerCase(Locale.ROOT);
        if (v.contains("amd")) {
            return "amd";
        }
        if (v.contains("intel")) {
            return "intel";
        }
        if (v.equals(EnvironmentFingerprint.UNKNOWN)) {
            return "";
        }
        return v;
    }

    static String osSlug(String osFamily) {
        String os = osFamily.toLowerCase(Locale.ROOT);
        if (os.contains("mac") || os.contains("darwin")) {
            return "macos";
        }
        if (os.contains("windows")) {
            return "windows";
        }
        if (os.contains("freebsd")) {
            return "freebsd";
        }
        if (os.contains("linux") || os.contains("debian") || os.contains("ubuntu") || os.contains("red hat")
                || os.contains("fedora") || os.contains("centos") || os.contains("alpine") || os.contains("suse")
                || os.contains("arch")) {
            return "linux";
        }
        String slug = String.join("", words(os));
        return slug.isEmpty() ? "unknownos" : slug;
    }

    static String archSlug(String arch) {
        switch (arch.toLowerCase(Locale.ROOT)) {
            case "amd64":
            case "x86_64":
            case "x64":
                return "x64";
            case "aarch64":
            case "arm64":
                return "arm64";
            case "x86":
            case "i386":
            case "i686":
                return "x86";
            default:
                String slug = String.join("", words(arch.toLowerCase(Locale.ROOT)));
                return slug.isEmpty() ? "unknownarch" : slug;
        }
    }

    static String gpuSlug(List<Gpu> gpus) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Gpu gpu : gpus) {
            if (!isComputeGpu(gpu)) {
                continue;
            }
            String name = gpu.name().toLowerCase(Locale.ROOT).replace("nvidia", " ").replace("corporation", " ");
            List<String> words = words(NOISE_WORDS.matcher(name).replaceAll(" "));
            words.removeIf(w -> w.equals("geforce") || w.equals("tesla") || w.equals("gb") || w.matches("\\d+gb"));
            String vendor = gpu.vendor().toLowerCase(Locale.ROOT).contains("nvidia") || gpu.name().toLowerCase(Locale.ROOT).contains("nvidia")
                    ? "nvidia" : String.join("", words(vendorSlug(gpu.vendor())));
            List<String> all = new ArrayList<>();
            if (!vendor.isEmpty()) {
                all.add(vendor);
            }
            all.addAll(words.subList(0, Math.min(3, words.size())));
            String key = all.isEmpty() ? "gpu" : String.join("-", all);
            counts.merge(key, 1, Integer::sum);
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((name, count) -> parts.add(count > 1 ? count + "x-" + name : name));
        return parts.isEmpty() ? "" : "gpu-" + String.join("-", parts);
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String word : text.split("[^a-z0-9.]+")) {
            String w = word.replaceAll("^\\.+|\\.+$", "");
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    @Override
    public String toString() {
        return slug;
    }
}
