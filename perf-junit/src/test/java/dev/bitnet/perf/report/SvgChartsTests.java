package dev.bitnet.perf.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

@DisplayName("SVG charts")
class SvgChartsTests {

    @Test
    @DisplayName("quantiles interpolate between closest ranks (R-7)")
    void quantiles() {
        double[] sorted = {1, 2, 3, 4, 10};
        assertThat(SvgCharts.quantile(sorted, 0.25)).isEqualTo(2.0);
        assertThat(SvgCharts.quantile(sorted, 0.5)).isEqualTo(3.0);
        assertThat(SvgCharts.quantile(sorted, 0.9)).isCloseTo(7.6, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(SvgCharts.quantile(new double[] {5}, 0.75)).isEqualTo(5.0);
    }

    @Test
    @DisplayName("coordinates are written with one decimal, rounded")
    void coordinates() {
        StringBuilder out = new StringBuilder();
        SvgCharts.coordinate(out, 12.34);
        out.append(' ');
        SvgCharts.coordinate(out, -0.06);
        out.append(' ');
        SvgCharts.coordinate(out, 7);
        assertThat(out).hasToString("12.3 -0.1 7.0");
    }

    @Test
    @DisplayName("axis ticks are round numbers covering the data")
    void niceTicks() {
        SvgCharts.Scale scale = SvgCharts.Scale.nice(9.8, 13.6, 0, 100);
        // range 3.8 / 5 = 0.76 per tick, rounded up to a step of 1
        assertThat(scale.ticks).containsExactly(9.0, 10.0, 11.0, 12.0, 13.0, 14.0);
        assertThat(scale.at(9.0)).isEqualTo(0.0);
        assertThat(scale.at(14.0)).isEqualTo(100.0);
        assertThat(SvgCharts.Scale.nice(5, 5, 0, 1).ticks.length).isGreaterThan(1); // a constant series still gets an axis
    }

    @Test
    @DisplayName("the box plot is well-formed XML with one dot per sample and a box per row")
    void boxPlotWellFormed() throws Exception {
        MetricResult m = ReportFixtures.latency(ReportFixtures.SLOW, ReportFixtures.FAST, Severity.CRITICAL);
        Document svg = parse(SvgCharts.boxPlot(m));
        int dots = 0;
        org.w3c.dom.NodeList paths = svg.getElementsByTagName("path");
        for (int i = 0; i < paths.getLength(); i++) {
            org.w3c.dom.Element path = (org.w3c.dom.Element) paths.item(i);
            if (path.getAttribute("class").startsWith("dots")) {
                dots += path.getAttribute("d").split("h0", -1).length - 1;
            }
        }
        assertThat(dots).as("one dot per sample").isEqualTo(ReportFixtures.SLOW.length + ReportFixtures.FAST.length);
        assertThat(svg.getElementsByTagName("rect").getLength()).isEqualTo(2);
        assertThat(svg.getDocumentElement().getAttribute("viewBox")).isEqualTo("0 0 560 146");
    }

    @Test
    @DisplayName("the trend is well-formed XML with one point per run, even for one run or none")
    void trendWellFormed() throws Exception {
        List<HistoryPoint> points = ReportFixtures.report(List.of(), List.of()).history().values().iterator().next();
        assertThat(parse(SvgCharts.trend("latency_ms", "ms", points)).getElementsByTagName("circle").getLength()).isEqualTo(3);
        assertThat(parse(SvgCharts.trend("latency_ms", "ms", points.subList(0, 1))).getElementsByTagName("circle").getLength()).isEqualTo(1);
        assertThat(SvgCharts.trend("latency_ms", "ms", List.of())).contains("no history yet");
        assertThat(SvgCharts.boxPlot(new MetricResult("x", "", true, new double[0], SummaryStats.of(new double[0]),
                new double[0], null, List.of()))).contains("no samples");
    }

    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(svg.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
