package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.emulator.support.RunningEmulator;
import dev.iotlocal.emulator.support.SignedUpgrade;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentity.CognitoIdentityClient;

/** The AWS API endpoint over HTTPS, trusted through the emulator CA. */
class AwsApiHttpsTest {

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.builder().listeners(listeners -> listeners.awsApiHttpsPort(0)).build());

    @Test
    void cognitoAnswersOverHttpsWithAServerCertificateFromTheEmulatorCa() throws Exception {
        IotEmulator emulator = running.get();
        TrustManager[] trustEmulatorCa = SignedUpgrade.trustManagers(emulator);

        try (CognitoIdentityClient cognito = CognitoIdentityClient.builder()
                .endpointOverride(emulator.endpoints().awsApiHttpsEndpoint().orElseThrow())
                .region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClient(UrlConnectionHttpClient.builder().tlsTrustManagersProvider(() -> trustEmulatorCa).build())
                .build()) {
            String identityId = cognito.getId(request -> request.identityPoolId(emulator.config().identityPoolId())).identityId();
            assertThat(identityId).startsWith("us-east-1:");
        }
        assertThat(emulator.endpoints().awsApiHttpsEndpoint().orElseThrow().getScheme()).isEqualTo("https");
    }
}
