package dev.bitnet.engine.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Memory figures of this process from {@code /proc/self/status} (Linux), in KiB. */
final class ProcStatus {

    private ProcStatus() {}

    /** @return e.g. {@code VmHWM} (peak RSS) and {@code VmRSS}; empty where /proc is unavailable */
    static Map<String, Long> read() {
        Map<String, Long> out = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.endsWith(" kB")) {
                    String value = line.substring(colon + 1, line.length() - 3).strip();
                    try {
                        out.put(line.substring(0, colon), Long.parseLong(value));
                    } catch (NumberFormatException ignored) {
                        // not a size line
                    }
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not Linux: no figures
        }
        return out;
    }
}
