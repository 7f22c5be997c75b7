/**
 * Reading and writing GGUF v3 model files (header, typed metadata, tensor infos and aligned tensor
 * data) through {@code java.lang.foreign}, memory-mapped or loaded off-heap.
 */
@org.jspecify.annotations.NullMarked
package dev.bitnet.engine.gguf;
