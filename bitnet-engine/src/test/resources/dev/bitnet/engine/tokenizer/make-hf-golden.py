#!/usr/bin/env python3
"""Regenerates hf-tokenizers-golden.json: encodings of the synthetic vocabulary by Hugging Face
tokenizers, an implementation independent of ours, set up as LLaMA 3's tokenizer.json is.

1. Dump the vocabulary as JSON ({"tokens": [...], "merges": [...], "types": [...]}), e.g. with jshell:
     jshell --class-path bitnet-engine/target/classes:<jackson jars>
       var v = dev.bitnet.engine.tokenizer.SyntheticVocabulary.build(128256, 42);
       new com.fasterxml.jackson.databind.ObjectMapper().writeValue(new java.io.File("vocab.json"),
           java.util.Map.of("tokens", v.tokens(), "merges", v.merges(), "types", v.tokenTypes()));
2. pip install tokenizers; python3 make-hf-golden.py vocab.json hf-tokenizers-golden.json
"""
import json
import random
import sys

import tokenizers
from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, pre_tokenizers

# LLaMA 3's pre-tokenizer pattern as its tokenizer.json has it (Unicode \s, case-insensitive contractions)
LLAMA3_PATTERN = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}"
                  r"| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")
HAND_PICKED = [
    "", "Hello world", "The quick brown fox jumps over the lazy dog.",
    "In 2024, BitNet ran on a CPU with ternary weights {-1, 0, +1}; café!",
    "Hello world's 12345 foo!!\n\n  bar", "a\u00a0\u00a0b", "IT'S DON'T we'll", "   leading and trailing   ",
    "line1\r\nline2\n\n\nline3", "<|begin_of_text|>Hi<|eot_id|>", "x<|start_header_id|>user<|end_header_id|>\n\nyo",
    "1234567 3.14159 -42", "tabs\t\tand\tmore\t",
]
POOLS = [
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789", " \t\n\r  ",
    "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", "\u00a0\u3000\u2028\u0085\u1680\u2009\u200b\ufeff", "éüßñçøåÆŒ",
    "日本語中文字漢字한국어", "😀🎉👍🏽🇩🇪🧑‍💻", "\u0301\u0308\u0327", "\u0000\u0001\u001f\u007f\u0080\u009f",
    "αβγδЖЯжяمرحباשלום", "①²¾Ⅻ٣", "'s 't 're 've 'm 'll 'd 'S 'T 'RE",
]


def main(vocab_file, out_file, seed=7, random_cases=300):
    v = json.load(open(vocab_file))
    tokens, merges, types = v["tokens"], v["merges"], v["types"]
    tok = Tokenizer(models.BPE(vocab={t: i for i, t in enumerate(tokens)},
                               merges=[tuple(m.split(" ", 1)) for m in merges], ignore_merges=True))
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(LLAMA3_PATTERN), behavior="isolated", invert=False),
        pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=False, use_regex=False)])
    tok.decoder = decoders.ByteLevel()
    tok.add_special_tokens([AddedToken(t, special=True, normalized=False)
                            for i, t in enumerate(tokens) if types[i] == 3])
    rnd = random.Random(seed)
    texts = list(HAND_PICKED)
    for _ in range(random_cases):
        texts.append("".join(rnd.choice(rnd.choice(POOLS)) for _ in range(rnd.randint(0, 40))))
    cases = [{"text": t, "ids": tok.encode(t, add_special_tokens=False).ids} for t in texts]
    about = ("Encodings of SyntheticVocabulary.build(%d, 42) computed by Hugging Face tokenizers %s "
             "(see make-hf-golden.py next to this file). Regenerate when the synthetic vocabulary changes."
             % (len(tokens), tokenizers.__version__))
    json.dump({"about": about, "vocab_size": len(tokens), "seed": 42, "cases": cases},
              open(out_file, "w"), ensure_ascii=True, indent=0)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
