package dev.clusterlab.charts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RenderChartsTest {

    private static final List<String> SPEEDUP = List.of(
            "# title: Job throughput",
            "# x: workers",
            "# y: jobs/s",
            "# command: ./workbook bench 10",
            "workers,JobPool,thread pool",
            "1,41.0,42.5",
            "2,77.9,");

    @Test
    void readsHeaderSeriesAndEmptyCells() {
        ChartData data = ChartData.parse("speedup.csv", SPEEDUP);
        assertThat(data.title()).isEqualTo("Job throughput");
        assertThat(data.kind()).isEqualTo(ChartData.Kind.LINE);
        assertThat(data.series()).containsExactly("JobPool", "thread pool");
        assertThat(data.rows()).hasSize(2);
        assertThat(data.rows().get(1).values()).containsExactly(77.9, null);
        assertThat(data.notes()).containsEntry("command", "./workbook bench 10");
    }

    @Test
    void rendersEveryCsvOfADirectoryAsAPngOfTheChartSize(@TempDir Path dir) throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.write(data.resolve("speedup.csv"), SPEEDUP);
        Files.write(data.resolve("policies.csv"), List.of("# title: req/s", "# kind: bar", "# command: ./workbook throughput",
                "policy,keep-alive,close", "RR,105198,13090", "SHARED,97337,18992"));
        Files.writeString(data.resolve("README.txt"), "not a chart");

        List<Path> pngs = RenderCharts.renderAll(data, dir.resolve("out"));

        assertThat(pngs).extracting(p -> p.getFileName().toString()).containsExactly("policies.png", "speedup.png");
        for (Path png : pngs) {
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image.getWidth()).isEqualTo(ChartRenderer.WIDTH);
            assertThat(image.getHeight()).isEqualTo(ChartRenderer.HEIGHT);
        }
    }

    @Test
    void malformedDataNamesTheFileTheLineAndWhatIsWrong() {
        assertThatThrownBy(() -> ChartData.parse("bad.csv", List.of("# title: t", "# command: c", "a,b", "1,x")))
                .hasMessage("bad.csv:4: 'x' is not a number");
        assertThatThrownBy(() -> ChartData.parse("short.csv", List.of("# title: t", "# command: c", "a,b,c", "1,2")))
                .hasMessage("short.csv:4: expected 3 cells like the column names, found 2");
        assertThatThrownBy(() -> ChartData.parse("nocmd.csv", List.of("# title: t", "a,b", "1,2")))
                .hasMessageContaining("missing '# command: ...'");
    }
}
