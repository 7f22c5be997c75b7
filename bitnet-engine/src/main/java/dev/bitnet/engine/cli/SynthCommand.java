package dev.bitnet.engine.cli;

import dev.bitnet.engine.synth.Preset;
import dev.bitnet.engine.synth.SyntheticModels;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code bitnet synth --preset tiny|small|2b4t [--seed N] --out FILE}. */
final class SynthCommand {

    private SynthCommand() {}

    static void run(List<String> argv, PrintStream out) throws IOException {
        Args a = new Args("synth", argv, Set.of("--preset", "--seed", "--out", "-o"), Set.of());
        if (!a.positional().isEmpty()) {
            throw new UsageException("'synth' takes no positional arguments but was given " + a.positional());
        }
        String presetName = a.string("--preset");
        if (presetName == null) {
            throw new UsageException("'synth' needs --preset tiny|small|2b4t");
        }
        Preset preset;
        try {
            preset = Preset.fromId(presetName);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        long seed = a.longValue(42, "--seed");
        String outName = a.string("--out", "-o");
        if (outName == null) {
            throw new UsageException("'synth' needs --out FILE");
        }
        Path file = Path.of(outName);
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("directory of --out does not exist: " + dir);
        }
        long t0 = System.nanoTime();
        SyntheticModels.write(preset, seed, file);
        double s = (System.nanoTime() - t0) / 1e9;
        out.printf(Locale.ROOT, "wrote %s: preset %s, seed %d, %d bytes in %.1f s%n", file, preset.id(), seed,
                Files.size(file), s);
    }
}
