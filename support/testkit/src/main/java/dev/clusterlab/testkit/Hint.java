package dev.clusterlab.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a student should look at when the check fails, e.g.
 * {@code @Hint("Does the primary fork WORKERS workers before it listens?")}. {@link GradedCheck} adds it
 * to the failure message and to the result file. On a class, it is the default for its checks.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Hint {

    /** The hint, a sentence or two in plain words. */
    String value();
}
