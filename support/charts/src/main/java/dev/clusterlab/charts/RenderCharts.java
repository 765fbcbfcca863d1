package dev.clusterlab.charts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code RenderCharts DATA_DIR OUT_DIR}: every {@code DATA_DIR/name.csv} becomes {@code OUT_DIR/name.png}.
 * The docs build runs it, so the pictures are drawn from the committed measurements every time.
 */
public final class RenderCharts {
    private RenderCharts() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: RenderCharts DATA_DIR OUT_DIR (each DATA_DIR/*.csv becomes OUT_DIR/*.png)");
            System.exit(2);
        }
        System.setProperty("java.awt.headless", "true");
        try {
            List<Path> rendered = renderAll(Path.of(args[0]), Path.of(args[1]));
            System.out.println("RenderCharts: " + rendered.size() + " chart(s) into " + args[1]);
        } catch (IllegalArgumentException e) {
            System.err.println("RenderCharts: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Renders every CSV of {@code dataDir} (none is fine: a missing directory renders nothing); returns the PNGs. */
    public static List<Path> renderAll(Path dataDir, Path outDir) throws IOException {
        if (!Files.isDirectory(dataDir)) {
            return List.of();
        }
        List<Path> csvs;
        try (Stream<Path> files = Files.list(dataDir)) {
            csvs = files.filter(f -> f.getFileName().toString().endsWith(".csv")).sorted().toList();
        }
        for (Path csv : csvs) {
            ChartRenderer.render(ChartData.read(csv), outDir.resolve(pngName(csv)));
        }
        return csvs.stream().map(csv -> outDir.resolve(pngName(csv))).toList();
    }

    private static String pngName(Path csv) {
        String name = csv.getFileName().toString();
        return name.substring(0, name.length() - ".csv".length()) + ".png";
    }
}
