package dev.clusterlab.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How many points a graded check is worth: {@code @Points(10)}.
 *
 * <p>The grader finds a task's maximum by scanning the check sources for {@code @Points(}, so keep this
 * one annotation, on the method, with a literal int.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Points {

    /** The points the check is worth when it passes. */
    int value();
}
