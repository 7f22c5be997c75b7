package dev.bitnet.engine.gguf;

/**
 * How a {@link GgufFile} makes its tensor data available.
 *
 * <p>On the machines this engine targets, reading weights through a memory map of a file on disk is
 * two to three times slower than reading them from memory once the page cache is under pressure, so
 * both are offered and the caller chooses.
 */
public enum WeightLoading {
    /** Memory-map the whole file (zero copy; pages are read on first touch and may be evicted). */
    MMAP,
    /**
     * Copy the tensor data section into one off-heap allocation with plain {@code FileChannel}
     * reads (no heap copy of the file); the memory stays resident. The block is 64-byte aligned;
     * {@code -Dbitnet.hugePages=true} makes it 2 MiB-aligned with transparent huge pages, which
     * measured slower on our VMs (see {@link OffHeapMemory}).
     */
    MEMORY
}
