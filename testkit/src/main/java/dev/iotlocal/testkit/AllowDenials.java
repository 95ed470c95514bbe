package dev.iotlocal.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Lets a test (or every test of a class, and of the {@code @Nested} classes in it) be denied by AWS IoT policies
 * without failing, for tests that check how code copes with a denial it does not await one by one. The denials are
 * still recorded in the {@link Recording}. A test that expects one particular denial needs no annotation: awaiting it
 * with {@link Recording#denied(String, String)} makes it expected.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface AllowDenials {
}
