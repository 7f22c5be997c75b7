/** A fixed reference workload that measures how fast this machine is relative to the reference machine. */
@NullMarked
package dev.bitnet.perf.calibration;

import org.jspecify.annotations.NullMarked;
