package dev.iotlocal.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class a local AWS IoT Core, Cognito and auth Lambda with every AWS IoT rule and policy evaluation on,
 * shared by every class with the same configuration and reset before each test:
 *
 * <pre>{@code
 * @IotLocalTest
 * class ThermostatTest {
 *     @Test
 *     void reportsTemperature(@Device("thermostat") MqttClientConnection device, Recording recording) { ... }
 * }
 * }</pre>
 *
 * For anything configurable, register {@link IotLocalExtension} with {@code @RegisterExtension} instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(IotLocalExtension.class)
public @interface IotLocalTest {

    /**
     * Whether a test whose code broke an AWS IoT rule fails, naming the rule and the client, even if its own
     * assertions passed. On by default; {@link AllowViolations} switches it off for one test.
     */
    boolean failOnViolations() default true;

    /**
     * Whether a test whose clients AWS IoT's policies denied something fails, listing each denial with what to
     * change, even if its own assertions passed. On by default; a denial the test awaited with
     * {@link Recording#denied(String, String)} does not count, and {@link AllowDenials} switches it off for one test.
     */
    boolean failOnDenials() default true;
}
