package dev.iotlocal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration: defaults that target AWS, the seed's property keys, and environment variables over them. */
class IotClientConfigTest {

    private static final String SEED_PROPERTIES = """
            # the seed's application.properties, pointed at IoT Local
            aws-iot.client.endpoint=localhost
            aws-iot.client.id=seed-server
            aws-iot.region=eu-west-1
            aws-iot.cognito.identity-pool-id=eu-west-1:6a3b1e0c-2f4d-4c59-9e1d-7f0a9b8c7d6e
            aws-iot.cognito.user-pool-id=eu-west-1_Fleet42
            aws-iot.auth.function-name=fleet-login
            aws-iot.auth.payload={"username":"demo","password":"demo-password"}
            aws-iot.auth.token-pointer=/result/idToken
            aws-iot.credentials.refresh-margin=PT2M
            aws-iot.override.aws-endpoint=http://localhost:4566
            aws-iot.override.port=8443
            aws-iot.override.mtls-port=8884
            aws-iot.override.ca-certificate=iot-local-data/ca.pem
            aws-iot.topic=thing-update/#
            """;

    @TempDir
    Path directory;

    @Test
    void withoutOverridesEverythingTargetsTheRealAwsEndpointsOfTheRegion() {
        IotClientConfig config = IotClientConfig.builder()
                .region("eu-west-1").endpoint("abc123-ats.iot.eu-west-1.amazonaws.com").clientId("seed-server").build();

        assertThat(config.cognitoEndpoint()).isEqualTo(URI.create("https://cognito-identity.eu-west-1.amazonaws.com"));
        assertThat(config.lambdaEndpoint()).isEqualTo(URI.create("https://lambda.eu-west-1.amazonaws.com"));
        assertThat(config.port()).isEqualTo(443);
        assertThat(config.mtlsPort()).isEqualTo(8883);
        assertThat(config.caCertificate()).isEmpty();
        assertThat(config.awsEndpointOverride()).isEmpty();
        assertThat(config.tokenPointer()).isEqualTo("/credentials/token");
        assertThat(config.credentialRefreshMargin()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void awsEndpointOverrideReplacesCognitoAndLambda() {
        URI emulator = URI.create("http://localhost:4566");
        IotClientConfig config = IotClientConfig.builder()
                .region("us-east-1").endpoint("localhost").clientId("x").awsEndpointOverride(emulator).build();

        assertThat(config.cognitoEndpoint()).isEqualTo(emulator);
        assertThat(config.lambdaEndpoint()).isEqualTo(emulator);
    }

    @Test
    void seedPropertiesFileSetsEverySetting() throws Exception {
        IotClientConfig config = IotClientConfig.load(write(SEED_PROPERTIES), Map.of());

        assertThat(config.endpoint()).isEqualTo("localhost");
        assertThat(config.clientId()).isEqualTo("seed-server");
        assertThat(config.region()).isEqualTo("eu-west-1");
        assertThat(config.identityPoolId()).contains("eu-west-1:6a3b1e0c-2f4d-4c59-9e1d-7f0a9b8c7d6e");
        assertThat(config.userPoolId()).contains("eu-west-1_Fleet42");
        assertThat(config.authFunctionName()).contains("fleet-login");
        assertThat(config.authPayload()).contains("{\"username\":\"demo\",\"password\":\"demo-password\"}");
        assertThat(config.tokenPointer()).isEqualTo("/result/idToken");
        assertThat(config.credentialRefreshMargin()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.awsEndpointOverride()).contains(URI.create("http://localhost:4566"));
        assertThat(config.port()).isEqualTo(8443);
        assertThat(config.mtlsPort()).isEqualTo(8884);
        assertThat(config.caCertificate()).contains(Path.of("iot-local-data/ca.pem"));
    }

    @Test
    void environmentVariablesOverrideTheFile() throws Exception {
        IotClientConfig config = IotClientConfig.load(write(SEED_PROPERTIES), Map.of(
                "AWS_IOT_CLIENT_ENDPOINT", "abc123-ats.iot.eu-west-1.amazonaws.com",
                "AWS_IOT_OVERRIDE_MTLS_PORT", "9883",
                "AWS_IOT_AUTH_PAYLOAD", "{\"username\":\"ops\",\"password\":\"from-a-secret\"}",
                "UNRELATED", "ignored"));

        assertThat(config.endpoint()).isEqualTo("abc123-ats.iot.eu-west-1.amazonaws.com");
        assertThat(config.mtlsPort()).isEqualTo(9883);
        assertThat(config.authPayload()).contains("{\"username\":\"ops\",\"password\":\"from-a-secret\"}");
        assertThat(config.clientId()).isEqualTo("seed-server");
    }

    @Test
    void loadingAFileAppliesTheProcessEnvironmentOverIt() throws Exception {
        assertThat(System.getenv("AWS_IOT_CREDENTIALS_REFRESH_MARGIN"))
                .as("set for this module's tests by the surefire configuration in client/pom.xml").isEqualTo("PT3M");
        Path file = write(SEED_PROPERTIES); // refresh-margin=PT2M

        assertThat(IotClientConfig.load(file).credentialRefreshMargin()).isEqualTo(Duration.ofMinutes(3));
        assertThat(IotClientConfig.load(file, Map.of()).credentialRefreshMargin()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void environmentAloneIsAConfiguration() {
        IotClientConfig config = IotClientConfig.fromEnvironment(Map.of(
                "AWS_IOT_CLIENT_ENDPOINT", "localhost",
                "AWS_IOT_CLIENT_ID", "from-env",
                "AWS_IOT_REGION", "us-east-1",
                "AWS_IOT_OVERRIDE_PORT", "8443",
                "AWS_IOT_OVERRIDE_AWS_ENDPOINT", "http://localhost:4566"));

        assertThat(config.clientId()).isEqualTo("from-env");
        assertThat(config.port()).isEqualTo(8443);
        assertThat(config.cognitoEndpoint()).isEqualTo(URI.create("http://localhost:4566"));
    }

    @Test
    void propertiesObjectIsAConfiguration() {
        Properties properties = new Properties();
        properties.setProperty("aws-iot.client.endpoint", "localhost");
        properties.setProperty("aws-iot.client.id", "from-properties");
        properties.setProperty("aws-iot.region", "us-east-1");

        assertThat(IotClientConfig.fromProperties(properties).clientId()).isEqualTo("from-properties");
    }

    @Test
    void missingRequiredSettingNamesItsKeyAndVariable() {
        Properties properties = new Properties();
        properties.setProperty("aws-iot.client.id", "x");
        properties.setProperty("aws-iot.region", "us-east-1");

        assertThatThrownBy(() -> IotClientConfig.fromProperties(properties))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("aws-iot.client.endpoint (AWS_IOT_CLIENT_ENDPOINT)");
    }

    @Test
    void malformedValuesAreRefusedNamingTheirKey() {
        assertThatThrownBy(() -> IotClientConfig.fromEnvironment(Map.of("AWS_IOT_OVERRIDE_PORT", "https")))
                .hasMessageContaining("aws-iot.override.port (AWS_IOT_OVERRIDE_PORT)").hasMessageContaining("https");
        assertThatThrownBy(() -> IotClientConfig.builder().mtlsPort(70_000))
                .hasMessageContaining("aws-iot.override.mtls-port");
        assertThatThrownBy(() -> IotClientConfig.builder().endpoint("https://abc123-ats.iot.us-east-1.amazonaws.com"))
                .hasMessageContaining("aws-iot.client.endpoint").hasMessageContaining("without scheme");
        assertThatThrownBy(() -> IotClientConfig.builder().identityPoolId("my-pool"))
                .hasMessageContaining("aws-iot.cognito.identity-pool-id");
        assertThatThrownBy(() -> IotClientConfig.builder().tokenPointer("credentials.token"))
                .hasMessageContaining("aws-iot.auth.token-pointer");
        assertThatThrownBy(() -> IotClientConfig.builder().awsEndpointOverride(URI.create("localhost:4566")))
                .hasMessageContaining("aws-iot.override.aws-endpoint");
    }

    @Test
    void payloadThatIsNotJsonIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> IotClientConfig.builder().authPayload("username=demo&password=s3cret"))
                .hasMessageContaining("aws-iot.auth.payload").hasMessageNotContaining("s3cret");
    }

    @Test
    void toBuilderDerivesAVariantAndLeavesTheOriginal() {
        IotClientConfig emulator = IotClientConfig.builder().region("us-east-1").endpoint("localhost").clientId("a")
                .port(8443).caCertificate(Path.of("ca.pem")).awsEndpointOverride(URI.create("http://localhost:4566")).build();

        IotClientConfig aws = emulator.toBuilder().endpoint("abc123-ats.iot.us-east-1.amazonaws.com").port(443)
                .caCertificate(null).awsEndpointOverride(null).build();

        assertThat(aws.caCertificate()).isEmpty();
        assertThat(aws.cognitoEndpoint()).isEqualTo(URI.create("https://cognito-identity.us-east-1.amazonaws.com"));
        assertThat(emulator.port()).isEqualTo(8443);
        assertThat(emulator.toBuilder().build()).isEqualTo(emulator).hasSameHashCodeAs(emulator);
    }

    @Test
    void toStringHidesThePayload() {
        IotClientConfig config = IotClientConfig.builder().region("us-east-1").endpoint("localhost").clientId("a")
                .authPayload("{\"password\":\"s3cret\"}").build();

        assertThat(config.toString()).contains("localhost").doesNotContain("s3cret");
    }

    private Path write(String properties) throws Exception {
        Path file = directory.resolve("application.properties");
        Files.writeString(file, properties, StandardCharsets.UTF_8);
        return file;
    }
}
