/**
 * The {@code bitnet} command line: {@code synth}, {@code info}, {@code generate} and {@code bench}.
 */
@org.jspecify.annotations.NullMarked
package dev.bitnet.engine.cli;
