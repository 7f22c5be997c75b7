package dev.bitnet.perf.pipeline;

import dev.bitnet.perf.verdict.Evidence;
import dev.bitnet.perf.verdict.Verdict;
import org.apiguardian.api.API;

/**
 * The result of evaluating one test's samples: the evidence (summaries, derived thresholds...)
 * and the verdict.
 *
 * @param evidence what was judged
 * @param verdict the verdict
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Evaluation(Evidence evidence, Verdict verdict) {}
