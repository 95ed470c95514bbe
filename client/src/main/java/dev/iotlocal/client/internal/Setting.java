package dev.iotlocal.client.internal;

import java.util.Locale;
import java.util.Optional;

/**
 * The keys of the client's settings, as the seed's {@code application.properties} names them, and the
 * environment variable that overrides each.
 */
public enum Setting {
    ENDPOINT("aws-iot.client.endpoint"),
    CLIENT_ID("aws-iot.client.id"),
    REGION("aws-iot.region"),
    IDENTITY_POOL_ID("aws-iot.cognito.identity-pool-id"),
    USER_POOL_ID("aws-iot.cognito.user-pool-id"),
    AUTH_FUNCTION_NAME("aws-iot.auth.function-name"),
    AUTH_PAYLOAD("aws-iot.auth.payload"),
    TOKEN_POINTER("aws-iot.auth.token-pointer"),
    CREDENTIAL_REFRESH_MARGIN("aws-iot.credentials.refresh-margin"),
    AWS_ENDPOINT_OVERRIDE("aws-iot.override.aws-endpoint"),
    PORT("aws-iot.override.port"),
    MTLS_PORT("aws-iot.override.mtls-port"),
    CA_CERTIFICATE("aws-iot.override.ca-certificate");

    private final String key;

    Setting(String key) {
        this.key = key;
    }

    /** The properties key, e.g. {@code aws-iot.client.endpoint}. */
    public String key() {
        return key;
    }

    /** The key upper-cased with '.' and '-' turned into '_', e.g. {@code AWS_IOT_CLIENT_ENDPOINT}. */
    public String environmentVariable() {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The value of a setting that only some connections need, or an error naming its key and variable. */
    public String require(Optional<String> value, String purpose) {
        return value.orElseThrow(() -> missing(purpose));
    }

    /** The error for this setting when it is missing. */
    public IllegalArgumentException missing(String purpose) {
        return new IllegalArgumentException("Missing setting " + this + ": " + purpose + ".");
    }

    /** The key and its variable, for messages: {@code aws-iot.client.endpoint (AWS_IOT_CLIENT_ENDPOINT)}. */
    @Override
    public String toString() {
        return key + " (" + environmentVariable() + ")";
    }
}
