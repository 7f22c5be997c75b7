/** Plain JSON baselines and run histories on disk, keyed by environment class and written atomically. */
@NullMarked
package dev.bitnet.perf.baseline;

import org.jspecify.annotations.NullMarked;
