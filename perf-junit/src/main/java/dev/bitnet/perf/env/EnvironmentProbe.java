package dev.bitnet.perf.env;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apiguardian.api.API;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.GraphicsCard;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.software.os.OperatingSystem;

/**
 * {@code EnvironmentProbe} takes the {@linkplain EnvironmentFingerprint fingerprint} of this
 * machine and JVM. OSHI is asked once per JVM ({@link #current()} caches); load averages are cheap
 * and read on each {@link #loadAverageNow()} call.
 *
 * <p>Every reading is guarded: an unreadable file, a missing native library behind OSHI or a
 * security manager turns into {@code "unknown"} and a line in
 * {@link EnvironmentFingerprint#unknown()}, never into an exception.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class EnvironmentProbe {
    private final SystemFiles files;
    private final boolean useOshi;

    private EnvironmentProbe(SystemFiles files, boolean useOshi) {
        this.files = files;
        this.useOshi = useOshi;
    }

    private static final class Cached {
        static final EnvironmentFingerprint FINGERPRINT = new EnvironmentProbe(SystemFiles.real(), true).probe();
    }

    /** The fingerprint of this JVM's machine, taken on first use and cached for the JVM's lifetime. */
    public static EnvironmentFingerprint current() {
        return Cached.FINGERPRINT;
    }

    /** The load average right now (reads {@code /proc/loadavg}, falling back to OSHI). */
    public static LoadAverage loadAverageNow() {
        return new EnvironmentProbe(SystemFiles.real(), true).loadAverage(current().effectiveCpus(), new ArrayList<>());
    }

    /** For tests: a probe that reads {@code /proc} and {@code /sys} below {@code root} and does not ask OSHI. */
    static EnvironmentFingerprint probeFilesOnly(SystemFiles files) {
        return new EnvironmentProbe(files, false).probe();
    }

    EnvironmentFingerprint probe() {
        List<String> unknown = new ArrayList<>();
        String cpuVendor = EnvironmentFingerprint.UNKNOWN;
        String cpuModel = EnvironmentFingerprint.UNKNOWN;
        String microarchitecture = EnvironmentFingerprint.UNKNOWN;
        int physical = 0;
        int logical = 0;
        long memory = 0;
        String osFamily = EnvironmentFingerprint.UNKNOWN;
        String osVersion = EnvironmentFingerprint.UNKNOWN;
        List<Gpu> gpus = new ArrayList<>();
        List<String> features = List.of();
        SystemInfo systemInfo = null;
        if (useOshi) {
            try {
                systemInfo = new SystemInfo();
            } catch (Throwable e) { // OSHI needs JNA natives; a LinkageError must not fail a test run
                unknown.add("OSHI unavailable: " + e);
            }
        }
        if (systemInfo != null) {
            try {
                HardwareAbstractionLayer hardware = systemInfo.getHardware();
                CentralProcessor processor = hardware.getProcessor();
                CentralProcessor.ProcessorIdentifier id = processor.getProcessorIdentifier();
                cpuVendor = orUnknown(id.getVendor());
                cpuModel = orUnknown(id.getName());
                microarchitecture = orUnknown(id.getMicroarchitecture());
                physical = Math.max(0, processor.getPhysicalProcessorCount());
                logical = Math.max(0, processor.getLogicalProcessorCount());
                features = CpuFeatures.fromOshi(processor.getFeatureFlags());
            } catch (Throwable e) {
                unknown.add("CPU via OSHI: " + e);
            }
            try {
                GlobalMemory globalMemory = systemInfo.getHardware().getMemory();
                memory = Math.max(0, globalMemory.getTotal());
            } catch (Throwable e) {
                unknown.add("memory via OSHI: " + e);
            }
            try {
                OperatingSystem os = systemInfo.getOperatingSystem();
                osFamily = orUnknown(os.getFamily());
                osVersion = orUnknown(os.getVersionInfo().toString());
            } catch (Throwable e) {
                unknown.add("OS via OSHI: " + e);
            }
            try {
                for (GraphicsCard card : systemInfo.getHardware().getGraphicsCards()) {
                    gpus.add(new Gpu(orUnknown(card.getVendor()), orUnknown(card.getName()), Math.max(0, card.getVRam())));
                }
            } catch (Throwable e) {
                unknown.add("GPUs via OSHI: " + e);
            }
        }
        // /proc/cpuinfo fills what OSHI did not give (or all of it when OSHI is off or broken).
        Optional<String> cpuinfo = files.read("/proc/cpuinfo");
        if (cpuinfo.isPresent()) {
            if (features.isEmpty()) {
                features = CpuFeatures.fromCpuinfo(cpuinfo.get());
            }
            if (cpuModel.equals(EnvironmentFingerprint.UNKNOWN)) {
                cpuModel = cpuinfoField(cpuinfo.get(), "model name").orElse(EnvironmentFingerprint.UNKNOWN);
            }
            if (cpuVendor.equals(EnvironmentFingerprint.UNKNOWN)) {
                cpuVendor = cpuinfoField(cpuinfo.get(), "vendor_id").orElse(EnvironmentFingerprint.UNKNOWN);
            }
            if (logical == 0) {
                logical = (int) cpuinfo.get().lines().filter(l -> l.startsWith("processor")).count();
            }
        }
        if (memory == 0) {
            memory = files.read("/proc/meminfo").flatMap(EnvironmentProbe::memTotalBytes).orElse(0L);
        }
        if (osFamily.equals(EnvironmentFingerprint.UNKNOWN)) {
            osFamily = systemProperty("os.name");
            osVersion = systemProperty("os.version");
        }
        addNvidiaDriverGpus(gpus);
        if (cpuModel.equals(EnvironmentFingerprint.UNKNOWN)) {
            unknown.add("CPU model: neither OSHI nor /proc/cpuinfo readable");
        }
        if (features.isEmpty()) {
            unknown.add("CPU feature flags: none readable (OSHI and /proc/cpuinfo)");
        }
        if (physical == 0) {
            unknown.add("physical cores: not reported");
        }
        if (memory == 0) {
            unknown.add("physical memory: not reported");
        }

        int available = Math.max(1, Runtime.getRuntime().availableProcessors());
        CgroupLimits cgroup = CgroupLimits.read(files);
        unknown.addAll(cgroup.notes());
        String governor = files.readTrimmed("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor")
                .orElse(EnvironmentFingerprint.UNKNOWN);
        if (governor.equals(EnvironmentFingerprint.UNKNOWN)) {
            unknown.add("CPU governor: /sys/devices/system/cpu/cpu0/cpufreq/scaling_governor not readable");
        }
        List<String> jvmFlags = jvmFlags(unknown);
        String vectorSpecies = vectorSpecies();
        if (vectorSpecies.startsWith(EnvironmentFingerprint.UNKNOWN)) {
            unknown.add("Vector API species: " + vectorSpecies);
        }

        int effectiveCpus = effectiveCpus(available, logical, cgroup);
        LoadAverage load = loadAverage(effectiveCpus, unknown);
        return new EnvironmentFingerprint(cpuVendor, cpuModel, microarchitecture, physical, logical, available, memory,
                osFamily, osVersion, systemProperty("os.arch"), gpus, features, systemProperty("java.runtime.version"),
                Runtime.version().feature(), systemProperty("java.vm.name"), systemProperty("java.vm.vendor"), jvmFlags,
                vectorSpecies, cgroup, governor, load, unknown);
    }

    private static int effectiveCpus(int available, int logical, CgroupLimits cgroup) {
        int cpus = available;
        if (logical > 0) {
            cpus = Math.min(cpus, logical);
        }
        if (cgroup.cpuLimit() != null) {
            cpus = Math.min(cpus, (int) Math.ceil(cgroup.cpuLimit()));
        }
        return Math.max(1, cpus);
    }

    LoadAverage loadAverage(int effectiveCpus, List<String> unknown) {
        Optional<String> loadavg = files.readTrimmed("/proc/loadavg");
        if (loadavg.isPresent()) {
            String[] parts = loadavg.get().split("\\s+");
            if (parts.length >= 3) {
                try {
                    return LoadAverage.of(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]),
                            Double.parseDouble(parts[2]), effectiveCpus);
                } catch (NumberFormatException e) {
                    unknown.add("load average: /proc/loadavg malformed: " + loadavg.get());
                }
            }
        }
        if (useOshi) {
            try {
                double[] load = new SystemInfo().getHardware().getProcessor().getSystemLoadAverage(3);
                LoadAverage result = LoadAverage.of(load[0], load[1], load[2], effectiveCpus);
                if (result.known()) {
                    return result;
                }
            } catch (Throwable e) {
                unknown.add("load average via OSHI: " + e);
            }
        }
        unknown.add("load average: not readable");
        return LoadAverage.unknown(effectiveCpus);
    }

    private void addNvidiaDriverGpus(List<Gpu> gpus) {
        if (gpus.stream().anyMatch(g -> (g.vendor() + g.name()).toLowerCase(Locale.ROOT).contains("nvidia"))) {
            return;
        }
        // The NVIDIA kernel driver lists each device under /proc/driver/nvidia/gpus/<bus id>/information.
        java.nio.file.Path dir = files.resolve("/proc/driver/nvidia/gpus");
        try (var entries = java.nio.file.Files.list(dir)) {
            entries.sorted().forEach(device -> files.read("/proc/driver/nvidia/gpus/" + device.getFileName() + "/information")
                    .flatMap(info -> cpuinfoField(info, "Model"))
                    .ifPresent(model -> gpus.add(new Gpu("NVIDIA", model, 0))));
        } catch (Exception e) {
            // no NVIDIA driver: nothing to add
        }
    }

    private static List<String> jvmFlags(List<String> unknown) {
        try {
            return ManagementFactory.getRuntimeMXBean().getInputArguments();
        } catch (Throwable e) {
            unknown.add("JVM flags: " + e);
            return List.of();
        }
    }

    /**
     * The Vector API's preferred species, read reflectively because perf-junit targets Java 17
     * and {@code jdk.incubator.vector} is only resolved when the JVM was started with
     * {@code --add-modules jdk.incubator.vector}.
     */
    static String vectorSpecies() {
        try {
            Class<?> intVector = Class.forName("jdk.incubator.vector.IntVector");
            Object species = intVector.getField("SPECIES_PREFERRED").get(null);
            Class<?> speciesType = Class.forName("jdk.incubator.vector.VectorSpecies");
            Method bits = speciesType.getMethod("vectorBitSize");
            Method lanes = speciesType.getMethod("length");
            return bits.invoke(species) + " bits (IntVector " + lanes.invoke(species) + " lanes)";
        } catch (ClassNotFoundException e) {
            return EnvironmentFingerprint.UNKNOWN + ": jdk.incubator.vector not in this JVM (start it with --add-modules jdk.incubator.vector)";
        } catch (Throwable e) {
            return EnvironmentFingerprint.UNKNOWN + ": " + e;
        }
    }

    static Optional<String> cpuinfoField(String text, String field) {
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(field)) {
                String value = line.substring(colon + 1).trim();
                if (!value.isEmpty()) {
                    return Optional.of(value);
                }
            }
        }
        return Optional.empty();
    }

    static Optional<Long> memTotalBytes(String meminfo) {
        return cpuinfoField(meminfo, "MemTotal").flatMap(value -> {
            String[] parts = value.split("\\s+");
            try {
                long kib = Long.parseLong(parts[0]);
                return Optional.of(kib * 1024);
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private static String systemProperty(String key) {
        try {
            return orUnknown(System.getProperty(key));
        } catch (SecurityException e) {
            return EnvironmentFingerprint.UNKNOWN;
        }
    }

    private static String orUnknown(String value) {
        return value == null || value.isBlank() ? EnvironmentFingerprint.UNKNOWN : value.trim();
    }
}
