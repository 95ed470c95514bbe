package dev.iotlocal.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects a connected server connection as the seed flow makes it: Cognito (unauthenticated) → the auth
 * Lambda with the user's name and password → Cognito (authenticated) → MQTT over WSS with SigV4, as an AWS IoT
 * Device SDK v2 {@code MqttClientConnection} (MQTT 3.1.1) or {@code Mqtt5Client}. Closed after the test.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface CognitoUser {

    /** A configured user (by default the built-in {@code demo}). */
    String value() default "demo";

    /** The MQTT client id; by default {@code <user>-server}. */
    String clientId() default "";
}
