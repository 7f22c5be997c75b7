/**
 * Tokenizers read from GGUF metadata: byte-level BPE ({@code gpt2}, LLaMA 3) and SentencePiece
 * ({@code llama}), plus a synthetic LLaMA-3-style vocabulary for the engine's own models.
 */
@org.jspecify.annotations.NullMarked
package dev.bitnet.engine.tokenizer;
