package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.emulator.support.RunningEmulator;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentity.CognitoIdentityClient;

/** The AWS API endpoint over HTTPS, trusted through the emulator CA. */
class AwsApiHttpsTest {

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.builder().awsApiHttpsPort(0).build());

    @Test
    void cognitoAnswersOverHttpsWithAServerCertificateFromTheEmulatorCa() throws Exception {
        IotEmulator emulator = running.get();
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("iot-local", CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(emulator.certificates().caCertificatePem().getBytes(StandardCharsets.US_ASCII))));
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);

        try (CognitoIdentityClient cognito = CognitoIdentityClient.builder()
                .endpointOverride(emulator.endpoints().awsApiHttpsEndpoint().orElseThrow())
                .region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClient(UrlConnectionHttpClient.builder().tlsTrustManagersProvider(trustManagers::getTrustManagers).build())
                .build()) {
            String identityId = cognito.getId(request -> request.identityPoolId(emulator.config().identityPoolId())).identityId();
            assertThat(identityId).startsWith("us-east-1:");
        }
        assertThat(emulator.endpoints().awsApiHttpsEndpoint().orElseThrow().getScheme()).isEqualTo("https");
    }
}
