package dev.bitnet.perf.report;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * {@code SvgCharts} draws the report's charts as inline SVG text, with no script and no external
 * resource: a box plot of a metric's samples against the baseline's samples, and a trend line of
 * a metric over the runs in an environment class's history. Charts scale with their container
 * (a {@code viewBox} and no fixed width); colours come from CSS classes so that the page's light
 * and dark themes apply. Every mark carries a {@code <title>} so that hovering (or a long press on a
 * phone) shows its value.
 *
 * @since 0.1
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class SvgCharts {
    static final int WIDTH = 560;
    private static final int LEFT = 92;
    private static final int RIGHT = 30;
    private static final int ROW_HEIGHT = 54;
    private static final int AXIS_HEIGHT = 30;

    private SvgCharts() {}

    // ---- box plot -------------------------------------------------------------------------------

    /**
     * A horizontal box plot per row ("this run", and "baseline" when the metric has baseline
     * samples): whiskers at the most extreme samples within 1.5 IQR of the box (Tukey), the box
     * from the first to the third quartile, a line at the median, a diamond at the mean, and
     * every sample as a dot.
     */
    public static String boxPlot(MetricResult metric) {
        List<String> labels = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        labels.add("this run");
        rows.add(finite(metric.samples()));
        double[] baseline = finite(metric.baselineSamples());
        if (baseline.length > 0) {
            labels.add("baseline");
            rows.add(baseline);
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] row : rows) {
            for (double v : row) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        int height = rows.size() * ROW_HEIGHT + AXIS_HEIGHT + 8;
        String unit = metric.unit().isEmpty() ? "" : " " + metric.unit();
        StringBuilder svg = open(height, "Distribution of " + metric.name() + unit + ": this run"
                + (rows.size() > 1 ? " against the baseline" : ""));
        if (lo > hi) {
            svg.append(text(WIDTH / 2.0, height / 2.0, "middle", "no samples", "muted"));
            return svg.append("</svg>").toString();
        }
        Scale x = Scale.nice(lo, hi, LEFT, WIDTH - RIGHT);
        int plotBottom = rows.size() * ROW_HEIGHT + 4;
        axisX(svg, x, plotBottom, unit);
        for (int r = 0; r < rows.size(); r++) {
            double[] sorted = rows.get(r).clone();
            Arrays.sort(sorted);
            double centre = 4 + r * ROW_HEIGHT + ROW_HEIGHT / 2.0;
            String css = r == 0 ? "current" : "baseline";
            svg.append(text(LEFT - 8, centre + 4, "end", labels.get(r), "label"));
            double q1 = quantile(sorted, 0.25);
            double median = quantile(sorted, 0.5);
            double q3 = quantile(sorted, 0.75);
            double iqr = q3 - q1;
            double lowWhisker = sorted[0];
            double highWhisker = sorted[sorted.length - 1];
            for (double v : sorted) {
                if (v >= q1 - 1.5 * iqr) {
                    lowWhisker = v;
                    break;
                }
            }
            for (int i = sorted.length - 1; i >= 0; i--) {
                if (sorted[i] <= q3 + 1.5 * iqr) {
                    highWhisker = sorted[i];
                    break;
                }
            }
            double mean = Arrays.stream(sorted).average().orElse(Double.NaN);
            String summary = String.format(Locale.ROOT, "%s: n=%d, min %s, Q1 %s, median %s, Q3 %s, max %s, mean %s%s",
                    labels.get(r), sorted.length, Format.number(sorted[0]), Format.number(q1), Format.number(median),
                    Format.number(q3), Format.number(sorted[sorted.length - 1]), Format.number(mean), unit);
            svg.append("<g class=\"box ").append(css).append("\"><title>").append(Html.escape(summary)).append("</title>");
            svg.append(line(x.at(lowWhisker), centre, x.at(highWhisker), centre, "whisker"));
            svg.append(line(x.at(lowWhisker), centre - 8, x.at(lowWhisker), centre + 8, "whisker"));
            svg.append(line(x.at(highWhisker), centre - 8, x.at(highWhisker), centre + 8, "whisker"));
            svg.append(String.format(Locale.ROOT, "<rect class=\"iqr\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" rx=\"3\"/>",
                    x.at(q1), centre - 14, Math.max(1.5, x.at(q3) - x.at(q1)), 28));
            svg.append(line(x.at(median), centre - 14, x.at(median), centre + 14, "median"));
            double mx = x.at(mean);
            svg.append(String.format(Locale.ROOT, "<path class=\"mean\" d=\"M%.1f %.1fl5 5l-5 5l-5 -5z\"/>", mx, centre - 5));
            svg.append("</g>");
            // every sample as a dot: one path of zero-length segments drawn with round caps (a few bytes per
            // sample instead of an element each), jittered deterministically so equal samples stay visible
            svg.append("<path class=\"dots ").append(css).append("\" d=\"");
            for (int i = 0; i < sorted.length; i++) {
                double jitter = ((i * 7919) % 17 - 8) * 1.2;
                svg.append('M');
                coordinate(svg, x.at(sorted[i]));
                svg.append(' ');
                coordinate(svg, centre + jitter);
                svg.append("h0");
            }
            svg.append("\"/>");
        }
        return svg.append("</svg>").toString();
    }

    // ---- trend ----------------------------------------------------------------------------------

    /** A trend line of one metric over runs, oldest left; each point's title names its time and commit. */
    public static String trend(String metric, String unit, List<HistoryPoint> points) {
        int height = 200;
        int top = 12;
        int bottom = height - AXIS_HEIGHT;
        String unitSuffix = unit.isEmpty() ? "" : " " + unit;
        StringBuilder svg = open(height, "Trend of " + metric + unitSuffix + " over " + points.size() + " runs");
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (HistoryPoint p : points) {
            if (Double.isFinite(p.value())) {
                lo = Math.min(lo, p.value());
                hi = Math.max(hi, p.value());
            }
        }
        if (lo > hi) {
            svg.append(text(WIDTH / 2.0, height / 2.0, "middle", "no history yet", "muted"));
            return svg.append("</svg>").toString();
        }
        Scale y = Scale.nice(lo, hi, bottom, top);
        int n = points.size();
        double left = LEFT;
        double right = WIDTH - RIGHT;
        for (double tick : y.ticks) {
            svg.append(line(left, y.at(tick), right, y.at(tick), "grid"));
            svg.append(text(left - 6, y.at(tick) + 4, "end", Format.number(tick), "tick"));
        }
        svg.append(text(12, top + 4, "start", unit, "tick"));
        StringBuilder path = new StringBuilder();
        StringBuilder dots = new StringBuilder();
        for (int i = 0; i < n; i++) {
            HistoryPoint p = points.get(i);
            if (!Double.isFinite(p.value())) {
                continue;
            }
            double px = n == 1 ? (left + right) / 2 : left + (right - left) * i / (n - 1);
            double py = y.at(p.value());
            path.append(path.length() == 0 ? "M" : "L").append(String.format(Locale.ROOT, "%.1f %.1f ", px, py));
            String title = (p.time().isEmpty() ? "run " + (i + 1) : p.time())
                    + (p.commit().isEmpty() ? "" : " @ " + abbreviateCommit(p.commit())) + ": " + Format.number(p.value()) + unitSuffix;
            dots.append(String.format(Locale.ROOT, "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\"><title>%s</title></circle>",
                    px, py, Html.escape(title)));
        }
        svg.append("<path class=\"trend\" d=\"").append(path.toString().trim()).append("\"/>").append(dots);
        svg.append(line(left, bottom, right, bottom, "axis"));
        svg.append(text(left, height - 8, "start", dateOf(points.get(0)), "tick"));
        if (n > 1) {
            svg.append(text(right, height - 8, "end", dateOf(points.get(n - 1)), "tick"));
        }
        return svg.append("</svg>").toString();
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static StringBuilder open(int height, String label) {
        return new StringBuilder().append(String.format(Locale.ROOT,
                "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\" preserveAspectRatio=\"xMidYMid meet\">",
                WIDTH, height, Html.escape(label))).append("<title>").append(Html.escape(label)).append("</title>");
    }

    private static void axisX(StringBuilder svg, Scale x, int y, String unit) {
        svg.append(line(LEFT, y, WIDTH - RIGHT, y, "axis"));
        for (double tick : x.ticks) {
            svg.append(line(x.at(tick), y, x.at(tick), y + 4, "axis"));
            svg.append(line(x.at(tick), 4, x.at(tick), y, "grid"));
            svg.append(text(x.at(tick), y + 17, "middle", Format.number(tick), "tick"));
        }
        if (!unit.isBlank()) {
            svg.append(text(LEFT - 30, y + 17, "end", unit.trim(), "tick"));
        }
    }

    private static String line(double x1, double y1, double x2, double y2, String css) {
        StringBuilder line = new StringBuilder(80).append("<line class=\"").append(css).append("\" x1=\"");
        coordinate(line, x1);
        line.append("\" y1=\"");
        coordinate(line, y1);
        line.append("\" x2=\"");
        coordinate(line, x2);
        line.append("\" y2=\"");
        coordinate(line, y2);
        return line.append("\"/>").toString();
    }

    /** Appends a coordinate with one decimal (a tenth of a user unit is below what a screen shows); faster than String.format. */
    static void coordinate(StringBuilder out, double value) {
        long tenths = Math.round(value * 10);
        if (tenths < 0) {
            out.append('-');
            tenths = -tenths;
        }
        out.append(tenths / 10).append('.').append(tenths % 10);
    }

    private static String text(double x, double y, String anchor, String content, String css) {
        StringBuilder text = new StringBuilder(96).append("<text class=\"").append(css).append("\" x=\"");
        coordinate(text, x);
        text.append("\" y=\"");
        coordinate(text, y);
        return text.append("\" text-anchor=\"").append(anchor).append("\">").append(Html.escape(content)).append("</text>").toString();
    }

    private static String dateOf(HistoryPoint p) {
        return p.time().length() >= 10 ? p.time().substring(0, 10) : p.time();
    }

    private static String abbreviateCommit(String commit) {
        return commit.length() > 10 ? commit.substring(0, 10) : commit;
    }

    private static double[] finite(double[] values) {
        return Arrays.stream(values).filter(Double::isFinite).toArray();
    }

    /** Linear interpolation between closest ranks (R-7, the spreadsheet default) of sorted values. */
    static double quantile(double[] sorted, double p) {
        if (sorted.length == 1) {
            return sorted[0];
        }
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /** A linear scale from a padded, nicely rounded data range to pixels, with its tick values. */
    static final class Scale {
        final double min;
        final double max;
        final double from;
        final double to;
        final double[] ticks;

        private Scale(double min, double max, double from, double to, double[] ticks) {
            this.min = min;
            this.max = max;
            this.from = from;
            this.to = to;
            this.ticks = ticks;
        }

        /** About five ticks at 1, 2 or 5 times a power of ten, covering [lo, hi]. */
        static Scale nice(double lo, double hi, double from, double to) {
            if (hi - lo < Math.abs(hi) * 1e-9 || hi == lo) {
                double pad = hi == 0 ? 1 : Math.abs(hi) * 0.05;
                lo -= pad;
                hi += pad;
            }
            double rawStep = (hi - lo) / 5;
            double magnitude = Math.pow(10, Math.floor(Math.log10(rawStep)));
            double residual = rawStep / magnitude;
            double step = (residual > 5 ? 10 : residual > 2 ? 5 : residual > 1 ? 2 : 1) * magnitude;
            double niceLo = Math.floor(lo / step) * step;
            double niceHi = Math.ceil(hi / step) * step;
            int count = (int) Math.round((niceHi - niceLo) / step) + 1;
            double[] ticks = new double[count];
            for (int i = 0; i < count; i++) {
                ticks[i] = niceLo + i * step;
            }
            return new Scale(niceLo, niceHi, from, to, ticks);
        }

        double at(double value) {
            return from + (value - min) / (max - min) * (to - from);
        }
    }
}
