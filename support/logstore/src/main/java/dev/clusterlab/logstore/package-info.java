/**
 * A real OpenSearch for checks, kept apart from clusterlab code: {@link dev.clusterlab.logstore.OpenSearchMain}
 * runs one node in a JVM of its own, and {@link dev.clusterlab.logstore.OpenSearchClassPath} (JDK only)
 * gives the class path to launch it with. The testkit's {@code OpenSearch} puts the two together.
 */
package dev.clusterlab.logstore;
