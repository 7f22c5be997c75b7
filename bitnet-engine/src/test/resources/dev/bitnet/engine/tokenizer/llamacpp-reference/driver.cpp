// Test driver (not shipped): runs llama.cpp's own tokenizer (bitnet.cpp fork 406a503) on a dumped vocabulary.
#include "llama-vocab.h"
#include <cstdarg>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <algorithm>
void llama_log_internal(ggml_log_level, const char *, ...) {}
extern "C" void ggml_abort(const char * file, int line, const char * fmt, ...) { fprintf(stderr, "abort %s:%d\n", file, line); abort(); }
static std::string unhex(const std::string & h) { std::string s; for (size_t i = 0; i + 1 < h.size(); i += 2) s.push_back((char) std::stoi(h.substr(i, 2), nullptr, 16)); return s; }
int main(int argc, char ** argv) {
    std::ifstream in(argv[1]);
    std::string kind; in >> kind;
    int n, bos, eos, unk, add_bos, add_space; in >> n >> bos >> eos >> unk >> add_bos >> add_space;
    llama_vocab vocab;
    vocab.type = kind == "spm" ? LLAMA_VOCAB_TYPE_SPM : LLAMA_VOCAB_TYPE_BPE;
    if (kind == "bpe-llama3") { vocab.type_pre = LLAMA_VOCAB_PRE_TYPE_LLAMA3; vocab.tokenizer_ignore_merges = true; }
    vocab.special_bos_id = bos; vocab.special_eos_id = eos; vocab.special_unk_id = unk;
    vocab.tokenizer_add_bos = add_bos; vocab.tokenizer_add_space_prefix = add_space;
    vocab.n_vocab = n; vocab.id_to_token.resize(n);
    for (int i = 0; i < n; i++) {
        int type; float score; std::string hex; in >> type >> score >> hex; if (hex == "-") hex = "";
        auto & t = vocab.id_to_token[i];
        t.text = unhex(hex); t.score = score;
        switch (type) {
            case 2: t.attr = LLAMA_TOKEN_ATTR_UNKNOWN; break;
            case 5: t.attr = LLAMA_TOKEN_ATTR_UNUSED; break;
            case 1: t.attr = LLAMA_TOKEN_ATTR_NORMAL; break;
            case 3: t.attr = LLAMA_TOKEN_ATTR_CONTROL; break;
            case 4: t.attr = LLAMA_TOKEN_ATTR_USER_DEFINED; break;
            case 6: t.attr = LLAMA_TOKEN_ATTR_BYTE; break;
            default: t.attr = LLAMA_TOKEN_ATTR_UNDEFINED; break;
        }
        vocab.token_to_id[t.text] = i;
    }
    int m; in >> m;
    for (int i = 0; i < m; i++) { std::string a, b; in >> a >> b; vocab.bpe_ranks.emplace(std::make_pair(unhex(a), unhex(b)), i); }
    for (int id = 0; id < n; ++id) {
        if (vocab.id_to_token[id].attr & (LLAMA_TOKEN_ATTR_CONTROL | LLAMA_TOKEN_ATTR_USER_DEFINED | LLAMA_TOKEN_ATTR_UNKNOWN)) vocab.cache_special_tokens.push_back(id);
    }
    std::sort(vocab.cache_special_tokens.begin(), vocab.cache_special_tokens.end(),
        [&] (const llama_vocab::id a, const llama_vocab::id b) { return vocab.id_to_token[a].text.size() > vocab.id_to_token[b].text.size(); });
    vocab.init_tokenizer();
    std::ifstream texts(argv[2]);
    std::string line;
    while (std::getline(texts, line)) {
        std::string text = unhex(line);
        auto ids = llama_tokenize_internal(vocab, text, true, true);
        for (size_t i = 0; i < ids.size(); i++) std::cout << (i ? " " : "") << ids[i];
        std::cout << "\n";
    }
}
