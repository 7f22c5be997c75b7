/** Statistical comparison of a current sample against a baseline sample: significance tests, bootstrap intervals, effect sizes, severities and change points. */
@NullMarked
package dev.bitnet.perf.compare;

import org.jspecify.annotations.NullMarked;
