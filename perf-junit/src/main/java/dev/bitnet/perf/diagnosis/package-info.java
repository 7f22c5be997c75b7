/** Diagnoses of failed or aborted performance tests: what kind of failure it is and what to do about it. */
@NullMarked
package dev.bitnet.perf.diagnosis;

import org.jspecify.annotations.NullMarked;
