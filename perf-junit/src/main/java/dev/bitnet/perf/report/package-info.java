/** Reports of a performance run (JSON, Markdown, self-contained HTML with SVG charts, console) read from the per-test records. */
@NullMarked
package dev.bitnet.perf.report;

import org.jspecify.annotations.NullMarked;
