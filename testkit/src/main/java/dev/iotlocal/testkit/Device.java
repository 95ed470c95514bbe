package dev.iotlocal.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects a connected device: an AWS IoT Device SDK v2 {@code MqttClientConnection} (MQTT 3.1.1) or
 * {@code Mqtt5Client} over mutual TLS, with a certificate freshly issued for the thing, its client id the
 * thing name. Closed after the test.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Device {

    /** The thing name, also the client id. */
    String value();
}
