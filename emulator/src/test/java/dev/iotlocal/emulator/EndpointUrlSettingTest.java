package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.emulator.support.RunningEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentity.CognitoIdentityClient;

/**
 * The AWS SDKs' standard endpoint setting ({@code AWS_ENDPOINT_URL}, or the Java SDK's {@code aws.endpointUrl}
 * system property) brings an unchanged client to the emulator, as the standalone banner tells users: the code under
 * test need not call {@code endpointOverride}.
 */
class EndpointUrlSettingTest {

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.defaults());

    @Test
    void aClientWithoutEndpointOverrideReachesTheEmulatorThroughTheStandardSetting() {
        IotEmulator emulator = running.get();
        String before = System.getProperty("aws.endpointUrl");
        System.setProperty("aws.endpointUrl", emulator.endpoints().awsApiEndpoint().toString());
        try (CognitoIdentityClient cognito = CognitoIdentityClient.builder()
                .region(Region.of(emulator.config().region()))
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build()) {
            assertThat(cognito.getId(request -> request.identityPoolId(emulator.config().identityPoolId())).identityId())
                    .startsWith(emulator.config().region() + ":");
        } finally {
            if (before == null) {
                System.clearProperty("aws.endpointUrl");
            } else {
                System.setProperty("aws.endpointUrl", before);
            }
        }
    }
}
