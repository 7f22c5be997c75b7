/**
 * The thin JUnit Jupiter shell: reads annotations, drives the pure core and turns verdicts into test outcomes.
 */
@org.jspecify.annotations.NullMarked
package dev.bitnet.perf.junit;
