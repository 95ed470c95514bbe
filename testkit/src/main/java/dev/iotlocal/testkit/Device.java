package dev.iotlocal.testkit;

import dev.iotlocal.emulator.policy.PolicyConfig;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects a connected device: an AWS IoT Device SDK v2 {@code MqttClientConnection} (MQTT 3.1.1) or
 * {@code Mqtt5Client} over mutual TLS, with a certificate freshly issued for the thing, its client id the
 * thing name. Closed after the test.
 *
 * <p>AWS IoT evaluates the certificate's policies on everything the device does. By default the certificate gets
 * the emulator's default policy ({@value PolicyConfig#DEFAULT_POLICY_NAME}, which allows every MQTT action; see
 * {@link PolicyConfig}), so a device works as long as the code under test keeps AWS IoT's rules. To test with the
 * policy the device will have in the cloud, name it:
 *
 * <pre>{@code
 * @Device(value = "thermostat", policy = "policies/thermostat.json") Mqtt5Client thermostat
 * }</pre>
 *
 * Every {@code @Device} parameter of one thing in a test shares the thing's certificate, so they must name the same
 * policy, or all none.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Device {

    /** The thing name, also the client id. */
    String value();

    /**
     * The policy that applies to the device instead of the default policy: the name of a class-path resource
     * holding the policy document (such as {@code policies/thermostat.json}, looked up with the test class's class
     * loader), or the document itself (a value starting with <code>{</code>). Empty, the default: the emulator's
     * default policy, or none when the configuration has none ({@link PolicyConfig.Builder#noDefaultPolicy()}).
     *
     * <p>The test kit does what a user's set-up would do through AWS IoT's control plane before the device
     * connects: it creates the policy {@code <thing>-policy} with that document (a {@code :} in the thing name, which
     * policy names cannot hold, becomes {@code _}), or, when the account holds that policy already (from the class's
     * {@code @BeforeAll}, say), makes the document its new default version, which then applies to whatever else the
     * policy is attached to; then it attaches the policy to the certificate and detaches the default one, so that
     * this policy alone applies (with the policies of the thing's groups, as on AWS). What it created or changed is
     * put back when the test ends, like anything the test does to the account. A document that is not a valid AWS
     * IoT policy fails the parameter with the control plane's {@code MalformedPolicyException} message; a policy that
     * does not allow the device's CONNECT fails it with the denial.
     */
    String policy() default "";
}
