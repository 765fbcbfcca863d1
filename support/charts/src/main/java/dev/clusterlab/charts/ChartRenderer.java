package dev.clusterlab.charts;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Draws a {@link ChartData} as a PNG: white background, one colour per series, the measuring command underneath. */
public final class ChartRenderer {
    /** Width and height of every chart, in pixels: readable in a docs column. */
    public static final int WIDTH = 800;
    public static final int HEIGHT = 480;

    private ChartRenderer() {
    }

    /** Renders {@code data} into {@code png}, creating its directory. */
    public static void render(ChartData data, Path png) throws IOException {
        JFreeChart chart = data.kind() == ChartData.Kind.BAR ? bar(data) : line(data);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(Color.WHITE);
        TextTitle source = new TextTitle("measured with: " + data.notes().get("command"), new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        source.setPaint(Color.DARK_GRAY);
        source.setPosition(RectangleEdge.BOTTOM);
        chart.addSubtitle(source);
        Files.createDirectories(png.toAbsolutePath().getParent());
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
    }

    private static JFreeChart line(ChartData data) {
        XYSeriesCollection dataset = new XYSeriesCollection();
        for (int s = 0; s < data.series().size(); s++) {
            XYSeries series = new XYSeries(data.series().get(s), false, true);
            for (ChartData.Row row : data.rows()) {
                Double value = row.values().get(s);
                if (value != null) {
                    series.add(row.xValue(), value);
                }
            }
            dataset.addSeries(series);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(data.title(), data.xLabel(), data.yLabel(), dataset,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setRenderer(new XYLineAndShapeRenderer(true, true));
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        if (data.logX()) {
            plot.setDomainAxis(logAxis(data.xLabel()));
        }
        if (data.logY()) {
            plot.setRangeAxis(logAxis(data.yLabel()));
        }
        return chart;
    }

    private static JFreeChart bar(ChartData data) {
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        for (ChartData.Row row : data.rows()) {
            for (int s = 0; s < data.series().size(); s++) {
                dataset.addValue(row.values().get(s), data.series().get(s), row.x());
            }
        }
        JFreeChart chart = ChartFactory.createBarChart(data.title(), data.xLabel(), data.yLabel(), dataset,
                PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        if (data.logY()) {
            plot.setRangeAxis(logAxis(data.yLabel()));
        }
        return chart;
    }

    private static LogarithmicAxis logAxis(String label) {
        LogarithmicAxis axis = new LogarithmicAxis(label);
        axis.setAllowNegativesFlag(false);
        return axis;
    }
}
