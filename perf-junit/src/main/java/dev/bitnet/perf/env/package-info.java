/** Describes the machine a performance test runs on: an OSHI-based fingerprint and the stable environment class that keys baselines. */
@NullMarked
package dev.bitnet.perf.env;

import org.jspecify.annotations.NullMarked;
