package dev.clusterlab.cluster;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link Cluster#drainOnSignals}: SIGTERM or SIGINT disconnects every worker within a deadline and
 * then exits 0; a second signal kills them and exits 1. The JDK has no public API for catching a
 * signal; {@code sun.misc.Signal} (module jdk.unsupported) is the supported way to do it, reached
 * by reflection so that the build does not warn about a proprietary API on every compile.
 */
final class SignalDrain {
    private static final AtomicBoolean DRAINING = new AtomicBoolean();

    private SignalDrain() {
    }

    static void install(Duration deadline) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            for (String name : new String[] {"TERM", "INT"}) {
                Object handler = java.lang.reflect.Proxy.newProxyInstance(SignalDrain.class.getClassLoader(),
                        new Class<?>[] {handlerClass}, (proxy, method, args) -> switch (method.getName()) {
                            case "handle" -> {
                                onSignal(name, deadline);
                                yield null;
                            }
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> "drain on SIG" + name;
                        });
                signalClass.getMethod("handle", signalClass, handlerClass)
                        .invoke(null, signalClass.getConstructor(String.class).newInstance(name), handler);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new UnsupportedOperationException("this JVM cannot catch SIGTERM/SIGINT (sun.misc.Signal of"
                    + " module jdk.unsupported): " + e, e);
        }
    }

    private static void onSignal(String name, Duration deadline) {
        if (!DRAINING.compareAndSet(false, true)) {
            System.err.println("cluster: SIG" + name + " again while draining; killing the workers");
            Cluster.workers().values().forEach(w -> w.kill("SIGKILL"));
            Runtime.getRuntime().halt(1);
        }
        System.err.println("cluster: SIG" + name + ": draining " + Cluster.workers().size()
                + " workers within " + deadline.toMillis() + " ms");
        Thread.ofPlatform().name("cluster-drain").start(() -> {
            try {
                Cluster.disconnect(deadline).get(deadline.toMillis() + 2 * Worker.KILL_GRACE_MS, TimeUnit.MILLISECONDS);
                System.err.println("cluster: drained; exiting");
                System.exit(0);
            } catch (Exception e) {
                System.err.println("cluster: draining failed (" + e + "); exiting");
                System.exit(1);
            }
        });
    }
}
