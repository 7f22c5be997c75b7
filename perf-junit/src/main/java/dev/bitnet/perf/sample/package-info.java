/**
 * Running measured code and recording one sample per measured iteration, with the metrics taken from it.
 */
@org.jspecify.annotations.NullMarked
package dev.bitnet.perf.sample;
