package dev.bitnet.perf.env;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Picks the CPU feature flags that matter for numeric kernels out of {@code /proc/cpuinfo} or
 * OSHI's flag list.
 *
 * @since 0.1
 */
final class CpuFeatures {
    /**
     * Flags we record, in this order. Names as the Linux kernel prints them in
     * {@code /proc/cpuinfo} ({@code arch/x86/include/asm/cpufeatures.h}); {@code asimd}, {@code sve}
     * and {@code asimddp} are the arm64 names.
     */
    static final List<String> NOTABLE = List.of(
            "sse4_2", "avx", "avx2", "fma", "f16c", "avx512f", "avx512bw", "avx512vl", "avx512_vnni",
            "avx512_bf16", "avx512_fp16", "avx_vnni", "amx_tile", "amx_int8", "asimd", "asimddp", "sve", "sve2");

    private CpuFeatures() {}

    /** The notable flags present in the first {@code flags} or {@code Features} line of a cpuinfo text. */
    static List<String> fromCpuinfo(String cpuinfo) {
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (key.equals("flags") || key.equals("features")) {
                return notable(List.of(line.substring(colon + 1).trim().split("\\s+")));
            }
        }
        return List.of();
    }

    /** OSHI returns lines such as {@code "flags: fpu vme ..."} on Linux; split them into single flags. */
    static List<String> fromOshi(Collection<String> oshiFlags) {
        List<String> words = new ArrayList<>();
        for (String entry : oshiFlags) {
            String text = entry;
            int colon = text.indexOf(':');
            if (colon >= 0) {
                text = text.substring(colon + 1);
            }
            for (String word : text.trim().split("\\s+")) {
                if (!word.isEmpty()) {
                    words.add(word.toLowerCase(Locale.ROOT));
                }
            }
        }
        return notable(words);
    }

    private static List<String> notable(Collection<String> flags) {
        Set<String> present = new LinkedHashSet<>();
        for (String flag : flags) {
            present.add(flag.toLowerCase(Locale.ROOT));
        }
        List<String> result = new ArrayList<>();
        for (String flag : NOTABLE) {
            if (present.contains(flag)) {
                result.add(flag);
            }
        }
        return List.copyOf(result);
    }
}
