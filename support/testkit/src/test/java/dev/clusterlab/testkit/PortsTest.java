package dev.clusterlab.testkit;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PortsTest {

    /** The OS re-offers a port as soon as it is free; a check asking for several ports gets distinct ones. */
    @Test
    void freePortNeverHandsOutTheSamePortTwice() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            assertThat(ports.add(Ports.freePort())).as("port %d handed out again", i).isTrue();
        }
    }
}
