package dev.bitnet.engine.cli;

import dev.bitnet.engine.gguf.WeightLoading;
import dev.bitnet.engine.model.Backend;
import dev.bitnet.engine.model.OutputHead;
import dev.bitnet.engine.model.RunnerOptions;
import java.util.Map;
import java.util.Set;

/** The options {@code generate} and {@code bench} share: threads, backend, weight loading, head. */
record EngineOptions(int threads, Backend backend, WeightLoading loading, OutputHead head) {

    static final Set<String> VALUED = Set.of("--threads", "-t", "--backend", "--weights", "--head");

    static EngineOptions parse(Args a, WeightLoading defaultLoading) {
        int threads = a.integer(Math.min(2, Runtime.getRuntime().availableProcessors()), 1, 1024, "--threads", "-t");
        Backend backend = a.choice(Map.of("auto", Backend.AUTO, "cpu", Backend.CPU, "cuda", Backend.CUDA), Backend.AUTO,
                "--backend");
        WeightLoading loading = a.choice(Map.of("mmap", WeightLoading.MMAP, "memory", WeightLoading.MEMORY),
                defaultLoading, "--weights");
        OutputHead head = a.choice(Map.of("f16", OutputHead.EXACT, "exact", OutputHead.EXACT, "int8", OutputHead.INT8),
                OutputHead.EXACT, "--head");
        return new EngineOptions(threads, backend, loading, head);
    }

    RunnerOptions runnerOptions() {
        return RunnerOptions.defaults(threads).withHead(head);
    }
}
