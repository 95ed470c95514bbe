package dev.iotlocal.emulator.support;

import com.amazonaws.ClientConfiguration;
import com.amazonaws.auth.AWSCredentials;
import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.auth.BasicSessionCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.retry.PredefinedRetryPolicies;
import com.amazonaws.services.iotdata.AWSIotData;
import com.amazonaws.services.iotdata.AWSIotDataClientBuilder;
import dev.iotlocal.emulator.IotEmulator;
import javax.net.ssl.SSLContext;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import software.amazon.awssdk.services.cognitoidentity.model.Credentials;

/**
 * The AWS SDK's HTTPS data-plane client ({@code AWSIotData} of the AWS SDK for Java v1, the same iot-data model and
 * wire protocol as v2's {@code IotDataPlaneClient}, whose module this build cannot fetch) pointed at the emulator's data
 * endpoint, trusting its CA, without retries so that each error is seen as answered.
 */
public final class DataPlane {

    static {
        // the v1 SDK announces its end of support on first use
        System.setProperty("aws.java.v1.disableDeprecationAnnouncement", "true");
    }

    private DataPlane() {}

    /** Signed with the account's key, as a backend with IAM credentials signs. */
    public static AWSIotData client(IotEmulator emulator) {
        return client(emulator, new BasicAWSCredentials(emulator.accountCredentials().accessKeyId(),
                emulator.accountCredentials().secretAccessKey()));
    }

    /** Signed with credentials Cognito issued. */
    public static AWSIotData client(IotEmulator emulator, Credentials cognito) {
        return client(emulator, new BasicSessionCredentials(cognito.accessKeyId(), cognito.secretKey(), cognito.sessionToken()));
    }

    /** A plain HTTP client trusting the emulator CA, for requests no SDK sends. */
    public static java.net.http.HttpClient httpClient(IotEmulator emulator) {
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, SignedUpgrade.trustManagers(emulator), null);
            return java.net.http.HttpClient.newBuilder().sslContext(tls).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static AWSIotData client(IotEmulator emulator, AWSCredentials credentials) {
        return client(emulator, credentials, emulator.endpoints().dataEndpoint().toString());
    }

    /** A client of another endpoint (the AWS API endpoint serves the data plane too). */
    public static AWSIotData client(IotEmulator emulator, AWSCredentials credentials, String endpoint) {
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, SignedUpgrade.trustManagers(emulator), null);
            ClientConfiguration configuration = new ClientConfiguration().withRetryPolicy(PredefinedRetryPolicies.NO_RETRY_POLICY);
            configuration.getApacheHttpClientConfig().setSslSocketFactory(new SSLConnectionSocketFactory(tls));
            return AWSIotDataClientBuilder.standard()
                    .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(endpoint, emulator.config().region()))
                    .withCredentials(new AWSStaticCredentialsProvider(credentials))
                    .withClientConfiguration(configuration)
                    .build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
