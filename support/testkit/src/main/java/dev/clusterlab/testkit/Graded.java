package dev.clusterlab.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a class of graded checks: each test gets its hint on failure, a result file, a time bound
 * ({@link GradedCheck}), and its launched apps killed when it ends ({@link ProcessCleanup}).
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith({ProcessCleanup.class, GradedCheck.class})
public @interface Graded {
}
