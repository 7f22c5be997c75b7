package dev.bitnet.engine.tokenizer;

/** Tokenizers of synthetic vocabularies, built once per test JVM. */
final class SyntheticTokenizers {
    /** LLaMA 3's size, the seed the golden encodings were computed for. */
    static final SyntheticVocabulary LLAMA3_VOCABULARY = SyntheticVocabulary.build(128256, 42);
    static final Tokenizer LLAMA3 = Tokenizer.fromMetadata(LLAMA3_VOCABULARY.ggufMetadata());
    /** A tiny model's vocabulary: 128 merges, 128 specials. */
    static final Tokenizer SMALL = Tokenizer.fromMetadata(SyntheticVocabulary.build(512, 3).ggufMetadata());

    private SyntheticTokenizers() {}
}
