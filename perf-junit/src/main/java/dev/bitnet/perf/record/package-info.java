/**
 * The per-test JSON run record: its schema, writer and reader.
 */
@org.jspecify.annotations.NullMarked
package dev.bitnet.perf.record;
