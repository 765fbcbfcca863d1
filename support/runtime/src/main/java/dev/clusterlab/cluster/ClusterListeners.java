package dev.clusterlab.cluster;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.InetSocketAddress;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** The cluster-wide events of the primary: Node's {@code cluster.on(...)} event names. */
final class ClusterListeners {
    final Listeners<Consumer<ClusterSettings>> setup = new Listeners<>("setup");
    final Listeners<Consumer<Worker>> fork = new Listeners<>("fork");
    final Listeners<Consumer<Worker>> online = new Listeners<>("online");
    final Listeners<Consumer<Worker>> ready = new Listeners<>("ready");
    final Listeners<BiConsumer<Worker, InetSocketAddress>> listening = new Listeners<>("listening");
    final Listeners<BiConsumer<Worker, JsonNode>> message = new Listeners<>("message");
    final Listeners<Consumer<Worker>> disconnect = new Listeners<>("disconnect");
    final Listeners<BiConsumer<Worker, ExitStatus>> exit = new Listeners<>("exit");
    /** Beyond Node: a standby (first) took a serving worker's (second) place. */
    final Listeners<BiConsumer<Worker, Worker>> promote = new Listeners<>("promote");
}
