package io.minetwin.engine.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws a {@link ScaleCurve} as a PNG with JFreeChart (headless): the measured costs on log-log axes, the
 * fitted power law, and a line of slope 1 through the smallest size's cost (what linear growth would cost).
 */
public final class ScaleChart {

    public static final int WIDTH = 720;
    public static final int HEIGHT = 440;

    private ScaleChart() {
    }

    /** Writes the chart of {@code curve} to {@code png}, creating its folder. */
    public static void write(ScaleCurve curve, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        double[] x = curve.sizes();
        double[] y = curve.costs();
        double k = curve.exponent();
        double a = curve.factor();
        XYSeries measured = new XYSeries("measured");
        XYSeries fitted = new XYSeries(String.format(Locale.ROOT, "fitted: exponent %.2f", k));
        XYSeries linear = new XYSeries("linear from the smallest size (exponent 1)");
        for (int i = 0; i < x.length; i++) {
            measured.add(x[i], y[i]);
            fitted.add(x[i], a * Math.pow(x[i], k));
            linear.add(x[i], y[0] * x[i] / x[0]);
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(measured);
        data.addSeries(fitted);
        data.addSeries(linear);

        LogAxis xAxis = new LogAxis(curve.sizeUnit());
        xAxis.setBase(10);
        xAxis.setSmallestValue(x[0] / 2);
        xAxis.setTickUnit(new NumberTickUnit(1)); // a tick per power of ten
        xAxis.setNumberFormatOverride(new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        LogAxis yAxis = new LogAxis(curve.costUnit());
        yAxis.setBase(10);
        yAxis.setSmallestValue(Math.min(y[0], minimum(y)) / 10);
        yAxis.setNumberFormatOverride(new DecimalFormat("#,##0.###", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        renderer.setSeriesPaint(0, new Color(0x1f, 0x77, 0xb4));
        renderer.setSeriesLinesVisible(0, false);
        renderer.setSeriesShapesVisible(0, true);
        renderer.setSeriesPaint(1, new Color(0xd6, 0x27, 0x28));
        renderer.setSeriesShapesVisible(1, false);
        renderer.setSeriesPaint(2, Color.GRAY);
        renderer.setSeriesShapesVisible(2, false);
        renderer.setSeriesStroke(2, new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));
        XYPlot plot = new XYPlot(data, xAxis, yAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(curve.title(), JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        String exponents = String.format(Locale.ROOT, "exponent %.2f fitted, %.2f between the two largest sizes",
                k, curve.largestStepExponent());
        chart.addSubtitle(new TextTitle(curve.worseThanLinear() ? "grows faster than linear: " + exponents
                : exponents + " (linear = 1.00)"));
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
    }

    private static double minimum(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double d : v) {
            m = Math.min(m, d);
        }
        return m;
    }
}
