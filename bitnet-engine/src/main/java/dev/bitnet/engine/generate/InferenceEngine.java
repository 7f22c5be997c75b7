package dev.bitnet.engine.generate;

import dev.bitnet.engine.gguf.WeightLoading;
import dev.bitnet.engine.model.Backend;
import dev.bitnet.engine.model.BitNetModel;
import dev.bitnet.engine.model.ModelConfig;
import dev.bitnet.engine.model.ModelRunner;
import dev.bitnet.engine.model.ModelRunners;
import dev.bitnet.engine.model.RunnerOptions;
import dev.bitnet.engine.model.Sequence;
import dev.bitnet.engine.tokenizer.StreamDecoder;
import dev.bitnet.engine.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code InferenceEngine} generates text from prompts with a {@link ModelRunner} and the model's
 * {@link Tokenizer}.
 *
 * <p>Thread safety: one engine may be called from several threads at once. Each call gets its own
 * {@link Sequence} (KV cache), sampler and buffers; the runner is shared. The CPU runner owns one
 * kernel pool and one set of activation buffers and serializes forward steps with a lock, so
 * concurrent calls interleave whole steps (each call's results are exactly those it would get
 * alone) and share the pool's threads rather than oversubscribing the cores. For throughput with
 * many prompts, {@link #generate(List, GenerationConfig)} batches their decode steps instead.
 *
 * @since 0.1
 */
public final class InferenceEngine implements AutoCloseable {

    private final ModelRunner runner;
    private final Tokenizer tokenizer;
    private final @Nullable BitNetModel ownedModel;
    private final String backendReason;

    /**
     * An engine over an existing runner and tokenizer; closing the engine closes neither.
     */
    public InferenceEngine(ModelRunner runner, Tokenizer tokenizer) {
        this(runner, tokenizer, null, runner.description());
    }

    private InferenceEngine(ModelRunner runner, Tokenizer tokenizer, @Nullable BitNetModel ownedModel,
            String backendReason) {
        this.runner = runner;
        this.tokenizer = tokenizer;
        this.ownedModel = ownedModel;
        this.backendReason = backendReason;
    }

    /**
     * Loads a model and opens a runner on {@code backend}; closing the engine closes both.
     *
     * @throws dev.bitnet.engine.gguf.GgufFormatException  for a malformed file
     * @throws dev.bitnet.engine.model.ModelFormatException for a file that is not a BitNet model
     * @throws ModelRunners.BackendUnavailableException     when {@code cuda} is asked for and not usable
     */
    public static InferenceEngine open(Path gguf, WeightLoading loading, Backend backend, RunnerOptions options) {
        BitNetModel model = BitNetModel.load(gguf, loading);
        try {
            Tokenizer tokenizer = Tokenizer.fromMetadata(model.gguf().metadata());
            ModelRunners.Selection selection = ModelRunners.open(model, backend, options);
            return new InferenceEngine(selection.runner(), tokenizer, model,
                    selection.backend() + " (" + selection.reason() + "): " + selection.runner().description());
        } catch (RuntimeException | Error e) {
            model.close();
            throw e;
        }
    }

    /** @return the runner */
    public ModelRunner runner() {
        return runner;
    }

    /** @return the tokenizer */
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** @return which backend runs and why, for reports */
    public String backendDescription() {
        return backendReason;
    }

    /**
     * Generates a continuation of {@code prompt}.
     *
     * @throws PromptTooLongException when the prompt's tokens do not fit the context
     */
    public GenerationResult generate(String prompt, GenerationConfig config) {
        return generateIds(tokenizer.encode(prompt, config.addBos()), config);
    }

    /**
     * Generates a continuation of a prompt given as token ids (used as they are; no BOS is added).
     *
     * @throws PromptTooLongException   when the prompt does not fit the context
     * @throws IllegalArgumentException for an empty prompt or an id outside the vocabulary
     */
    public GenerationResult generateIds(int[] promptIds, GenerationConfig config) {
        ModelConfig c = runner.config();
        checkPrompt(promptIds, c);
        try (Sequence seq = runner.newSequence(capacity(promptIds.length, config, c))) {
            Stream stream = new Stream(0, promptIds, config, c.vocab());
            long t0 = System.nanoTime();
            runner.forward(seq, promptIds, stream.logits);
            stream.accept(stream.sampler.sample(stream.logits, c.vocab()), t0, true, seq);
            while (!stream.done) {
                long t = System.nanoTime();
                runner.forward(seq, new int[] {stream.last}, stream.logits);
                stream.accept(stream.sampler.sample(stream.logits, c.vocab()), t, false, seq);
            }
            return stream.result();
        }
    }

    /**
     * Generates continuations of several prompts, batching their decode steps
     * ({@link ModelRunner#forwardBatch}). Each prompt is sampled with its own generator seeded by
     * {@code config.seed()}, so result {@code i} equals {@code generate(prompts.get(i), config)}.
     * The listener receives the prompt's index.
     *
     * @throws PromptTooLongException when any prompt does not fit (nothing is generated then)
     */
    public List<GenerationResult> generate(List<String> prompts, GenerationConfig config) {
        List<int[]> ids = new ArrayList<>(prompts.size());
        for (String p : prompts) {
            ids.add(tokenizer.encode(p, config.addBos()));
        }
        return generateIds(ids, config);
    }

    /** {@link #generate(List, GenerationConfig)} for prompts given as token ids. */
    public List<GenerationResult> generateIds(List<int[]> prompts, GenerationConfig config) {
        ModelConfig c = runner.config();
        for (int[] p : prompts) {
            checkPrompt(p, c);
        }
        int n = prompts.size();
        Sequence[] seqs = new Sequence[n];
        Stream[] streams = new Stream[n];
        try {
            for (int i = 0; i < n; i++) {
                seqs[i] = runner.newSequence(capacity(prompts.get(i).length, config, c));
                streams[i] = new Stream(i, prompts.get(i), config, c.vocab());
            }
            // prefill each prompt as one batch, sample its first token
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                runner.forward(seqs[i], prompts.get(i), streams[i].logits);
                streams[i].accept(streams[i].sampler.sample(streams[i].logits, c.vocab()), t0, true, seqs[i]);
            }
            // decode the unfinished sequences together, one token each per step
            while (true) {
                int active = 0;
                for (Stream s : streams) {
                    active += s.done ? 0 : 1;
                }
                if (active == 0) {
                    break;
                }
                Sequence[] batch = new Sequence[active];
                int[] tokens = new int[active];
                float[][] logits = new float[active][];
                Stream[] owners = new Stream[active];
                for (int i = 0, j = 0; i < n; i++) {
                    if (!streams[i].done) {
                        batch[j] = seqs[i];
                        tokens[j] = streams[i].last;
                        logits[j] = streams[i].logits;
                        owners[j++] = streams[i];
                    }
                }
                long t = System.nanoTime();
                runner.forwardBatch(batch, tokens, logits);
                for (int j = 0; j < active; j++) {
                    Stream s = owners[j];
                    s.accept(s.sampler.sample(s.logits, c.vocab()), t, false, batch[j]);
                }
            }
            List<GenerationResult> results = new ArrayList<>(n);
            for (Stream s : streams) {
                results.add(s.result());
            }
            return results;
        } finally {
            for (Sequence s : seqs) {
                if (s != null) {
                    s.close();
                }
            }
        }
    }

    private static int capacity(int promptLength, GenerationConfig config, ModelConfig c) {
        // the last generated token is never fed back, so prompt + maxNewTokens − 1 positions suffice
        return (int) Math.min(c.contextLength(), (long) promptLength + config.maxNewTokens() - 1);
    }

    private void checkPrompt(int[] promptIds, ModelConfig c) {
        if (promptIds.length == 0) {
            throw new IllegalArgumentException(
                    "prompt must have at least one token; pass a non-empty prompt or set addBos");
        }
        if (promptIds.length > c.contextLength()) {
            throw new PromptTooLongException(promptIds.length, c.contextLength());
        }
        for (int i = 0; i < promptIds.length; i++) {
            if (promptIds[i] < 0 || promptIds[i] >= c.vocab()) {
                throw new IllegalArgumentException("prompt token id must be within [0, " + c.vocab()
                        + ") but promptIds[" + i + "] was: " + promptIds[i]);
            }
        }
    }

    /** Releases the runner and model if this engine opened them. */
    @Override
    public void close() {
        if (ownedModel != null) {
            try {
                runner.close();
            } finally {
                ownedModel.close();
            }
        }
    }

    /** One prompt's generation in progress: sampler, ids, text, timings, stop checks. */
    private final class Stream {
        final int index;
        final int[] promptIds;
        final GenerationConfig config;
        final Sampler sampler;
        final float[] logits;
        final StreamDecoder decoder = tokenizer.streamDecoder();
        final int[] endOfGeneration = tokenizer.endOfGenerationIds();
        final StringBuilder text = new StringBuilder();
        final List<Integer> generated = new ArrayList<>();
        final List<Double> millis = new ArrayList<>();
        int emitted; // chars of text already passed to the listener
        double prefillMillis;
        int last;
        boolean done;
        @Nullable StopReason reason;
        int textEnd = -1; // where a matched stop string starts

        Stream(int index, int[] promptIds, GenerationConfig config, int vocab) {
            this.index = index;
            this.promptIds = promptIds;
            this.config = config;
            this.sampler = new Sampler(config, vocab);
            this.logits = new float[vocab];
        }

        /** Records a sampled token: timing, stop conditions, text, streaming. */
        void accept(int id, long startNanos, boolean first, Sequence seq) {
            double ms = (System.nanoTime() - startNanos) / 1e6;
            if (first) {
                prefillMillis = ms;
            }
            millis.add(ms);
            generated.add(id);
            last = id;
            if (config.stopAtEos() && isEndOfGeneration(id)) {
                stop(StopReason.END_OF_SEQUENCE);
            } else if (config.isStopToken(id)) {
                stop(StopReason.STOP_TOKEN);
            } else {
                text.append(decoder.accept(id));
                int at = stopStringAt();
                if (at >= 0) {
                    textEnd = at;
                    stop(StopReason.STOP_STRING);
                } else if (generated.size() >= config.maxNewTokens()) {
                    stop(StopReason.MAX_TOKENS);
                } else if (seq.remaining() == 0) {
                    stop(StopReason.CONTEXT_FULL);
                }
            }
            if (done && reason != StopReason.STOP_STRING) {
                text.append(decoder.finish());
            }
            emit(id);
        }

        private boolean isEndOfGeneration(int id) {
            for (int e : endOfGeneration) {
                if (e == id) {
                    return true;
                }
            }
            return false;
        }

        private void stop(StopReason r) {
            done = true;
            reason = r;
        }

        private int stopStringAt() {
            int best = -1;
            for (String s : config.stopStrings()) {
                int from = Math.max(0, emitted - s.length());
                int at = text.indexOf(s, from);
                if (at >= 0 && (best < 0 || at < best)) {
                    best = at;
                }
            }
            return best;
        }

        /** Passes on the text that can no longer change: held back is any prefix of a stop string. */
        private void emit(int id) {
            TokenListener l = config.listener();
            int end = done ? (textEnd >= 0 ? textEnd : text.length()) : text.length() - heldBack();
            String delta = end > emitted ? text.substring(emitted, end) : "";
            emitted = Math.max(emitted, end);
            if (l != null) {
                l.onToken(index, id, delta);
            }
        }

        private int heldBack() {
            int held = 0;
            for (String s : config.stopStrings()) {
                for (int k = Math.min(s.length() - 1, text.length()); k > held; k--) {
                    if (text.length() - k >= emitted && text.substring(text.length() - k).equals(s.substring(0, k))) {
                        held = k;
                        break;
                    }
                }
            }
            return held;
        }

        GenerationResult result() {
            int[] ids = generated.stream().mapToInt(Integer::intValue).toArray();
            double[] per = millis.stream().mapToDouble(Double::doubleValue).toArray();
            String out = textEnd >= 0 ? text.substring(0, textEnd) : text.toString();
            StopReason r = reason == null ? StopReason.MAX_TOKENS : reason;
            return new GenerationResult(Arrays.copyOf(promptIds, promptIds.length), ids, out,
                    new Timings(promptIds.length, prefillMillis, per), r);
        }
    }
}
