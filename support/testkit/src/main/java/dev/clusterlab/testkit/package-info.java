/**
 * What graded checks share.
 *
 * <p>A check launches the student's app as a separate JVM ({@link dev.clusterlab.testkit.AppLauncher}),
 * talks to it over HTTP on 127.0.0.1 ({@link dev.clusterlab.testkit.Http},
 * {@link dev.clusterlab.testkit.LoadLoop}), inspects its process tree
 * ({@link dev.clusterlab.testkit.ProcessTree}) and is graded by
 * {@link dev.clusterlab.testkit.GradedCheck}, which turns {@link dev.clusterlab.testkit.Points} and
 * {@link dev.clusterlab.testkit.Hint} into one result file per check. Every process the testkit starts
 * is killed after the check that started it ({@link dev.clusterlab.testkit.ProcessCleanup}).
 *
 * <p>The testkit never depends on the clusterlab runtime: it judges apps from the outside.
 */
package dev.clusterlab.testkit;
