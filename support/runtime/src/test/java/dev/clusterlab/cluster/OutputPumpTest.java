package dev.clusterlab.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a worker's output is cut into the lines listeners get. */
class OutputPumpTest {

    private static List<String> lines(String output) throws IOException {
        List<String> lines = new ArrayList<>();
        OutputPump.pump("test", new StringReader(output), lines::add);
        return lines;
    }

    @Test
    void linesEndAtNewlineOrCrLfAndTheLastNeedsNone() throws IOException {
        assertThat(lines("one\ntwo\r\n\nthree")).containsExactly("one", "two", "", "three");
        assertThat(lines("")).isEmpty();
    }

    @Test
    void aLineLongerThanTheBufferStaysWhole() throws IOException {
        String line = "x".repeat(100_000);
        assertThat(lines(line + "\nnext\n")).containsExactly(line, "next");
    }

    @Test
    void aLineWithoutEndIsCutIntoPiecesOfTheMaximum() throws IOException {
        String endless = "y".repeat(OutputPump.MAX_LINE_CHARS * 2 + 5);
        assertThat(lines(endless + "\nafter\n")).extracting(String::length)
                .containsExactly(OutputPump.MAX_LINE_CHARS, OutputPump.MAX_LINE_CHARS, 5, 5);
    }
}
