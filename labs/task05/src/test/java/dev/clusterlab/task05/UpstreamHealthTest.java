package dev.clusterlab.task05;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlab.testkit.Graded;
import dev.clusterlab.testkit.Hint;
import dev.clusterlab.testkit.Points;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Task 5, the health checker's logic without any process: rise/fall and the upstream file. */
@Graded
@Hint("Look at UpstreamHealth.record (rise/fall) and UpstreamFile (render, write).")
class UpstreamHealthTest {
    private static final String A = "127.0.0.1:18081";
    private static final String B = "127.0.0.1:18082";
    private static final String C = "127.0.0.1:18083";
    private static final Pattern SERVER = Pattern.compile("^\\s*server\\s+(\\S+)([^;]*);", Pattern.MULTILINE);

    @Test
    @Points(2)
    @Hint("Every server starts up. While up, FALL failed probes in a row take it down (record returns true once,"
            + " on that probe); a success in between starts the count again. While down, RISE successes in a row"
            + " bring it back; a failure in between starts that count again. A probe that changes nothing returns"
            + " false.")
    void fallFailuresInARowTakeAServerOutAndRiseSuccessesBringItBack() {
        UpstreamHealth health = new UpstreamHealth(List.of(A, B, C), 2, 3);
        assertThat(health.down()).as("the servers down before any probe").isEmpty();

        assertThat(health.record(B, false)).as("changed after 1 failure of 3 (fall=3)").isFalse();
        assertThat(health.record(B, false)).as("changed after 2 failures of 3").isFalse();
        assertThat(health.record(B, true)).as("changed by a success while up").isFalse();
        assertThat(health.record(B, false)).as("changed after 1 failure, counting again after a success").isFalse();
        assertThat(health.record(B, false)).as("changed after 2 failures, counting again after a success").isFalse();
        assertThat(health.isUp(B)).as("B up after 2 failures in a row (fall=3)").isTrue();
        assertThat(health.record(B, false)).as("changed by the 3rd failure in a row (fall=3)").isTrue();
        assertThat(health.isUp(B)).as("B up after 3 failures in a row").isFalse();
        assertThat(health.down()).as("the servers down").containsExactly(B);
        assertThat(health.record(B, false)).as("changed by a 4th failure while already down").isFalse();

        assertThat(health.record(A, true)).as("changed: A answered while up").isFalse();
        assertThat(health.record(B, true)).as("changed after 1 success of 2 (rise=2)").isFalse();
        assertThat(health.record(B, false)).as("changed by a failure while down").isFalse();
        assertThat(health.record(B, true)).as("changed after 1 success, counting again after a failure").isFalse();
        assertThat(health.isUp(B)).as("B up after 1 success in a row (rise=2)").isFalse();
        assertThat(health.record(B, true)).as("changed by the 2nd success in a row (rise=2)").isTrue();
        assertThat(health.isUp(B)).as("B up after 2 successes in a row").isTrue();
        assertThat(health.down()).as("the servers down once B is back").isEmpty();

        UpstreamHealth quick = new UpstreamHealth(List.of(A, B), 1, 1);
        assertThat(quick.record(A, false)).as("changed by one failure with fall=1").isTrue();
        assertThat(quick.record(A, true)).as("changed by one success with rise=1").isTrue();
        assertThat(quick.down()).isEmpty();
    }

    @Test
    @Points(1)
    @Hint("render() writes `upstream clusterlab { ... }` with one `server HOST:PORT max_fails=1 fail_timeout=5s;`"
            + " line per server in the order given, `down` added to the ones taken out, and `keepalive 32;`."
            + " write() replaces the file atomically (a temporary file in the same directory, then a move).")
    void rendersTheUpstreamGroupWithDownMarkers(@TempDir Path dir) throws Exception {
        String text = UpstreamFile.render(List.of(A, B, C), Set.of(B));

        assertThat(text).as("the upstream file").containsPattern("upstream\\s+clusterlab\\s*\\{")
                .containsPattern("keepalive\\s+32\\s*;").endsWith("}\n");
        Map<String, String> servers = new LinkedHashMap<>();
        Matcher m = SERVER.matcher(text);
        while (m.find()) {
            servers.put(m.group(1), m.group(2));
        }
        assertThat(servers.keySet()).as("the servers in the upstream file, in order:\n%s", text)
                .containsExactly(A, B, C);
        assertThat(servers.get(B)).as("the line of B, which is down:\n%s", text).containsPattern("\\bdown\\b")
                .contains("max_fails=1").contains("fail_timeout=5s");
        assertThat(servers.get(A)).as("the line of A, which is up:\n%s", text).doesNotContainPattern("\\bdown\\b")
                .contains("max_fails=1").contains("fail_timeout=5s");
        assertThat(servers.get(C)).as("the line of C, which is up:\n%s", text).doesNotContainPattern("\\bdown\\b");
        assertThat(UpstreamFile.render(List.of(A, B, C), Set.of())).as("the upstream file with nothing down")
                .doesNotContainPattern("\\bdown\\b");

        Path file = dir.resolve("upstreams.conf");
        Files.writeString(file, "old");
        UpstreamFile.write(file, text);
        assertThat(Files.readString(file)).as("the upstream file after write()").isEqualTo(text);
        try (var left = Files.list(dir)) {
            assertThat(left.toList()).as("the files left in the directory after write()").containsExactly(file);
        }
    }
}
