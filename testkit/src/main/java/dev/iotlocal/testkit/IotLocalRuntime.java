package dev.iotlocal.testkit;

import dev.iotlocal.emulator.EmulatorFaults;
import dev.iotlocal.emulator.IotEmulator;
import dev.iotlocal.emulator.identity.DeviceCertificates;
import dev.iotlocal.testkit.internal.AwsApiTarget;
import dev.iotlocal.testkit.internal.TestClients;
import java.net.URI;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Where the test's local AWS IoT is and what it is called: everything code under test needs to be configured
 * against it. Inject it as a test parameter. Immutable; the emulator behind it is shared and thread-safe.
 */
public final class IotLocalRuntime {

    private final IotEmulator emulator;
    private final Path caCertificateFile;
    private final AwsApiTarget awsApi;

    IotLocalRuntime(IotEmulator emulator, Path caCertificateFile, AwsApiTarget awsApi) {
        this.emulator = emulator;
        this.caCertificateFile = caCertificateFile;
        this.awsApi = awsApi;
    }

    /** The host name to connect to ({@code localhost}). */
    public String host() {
        return emulator.endpoints().host();
    }

    /** The mutual-TLS MQTT port (AWS IoT's 8883). */
    public int mtlsPort() {
        return emulator.endpoints().mtlsPort();
    }

    /** The MQTT-over-WebSocket port with SigV4 (AWS IoT's 443). */
    public int wssPort() {
        return emulator.endpoints().wssPort();
    }

    /**
     * The AWS API endpoint for the AWS SDK's {@code endpointOverride} (Cognito Identity, Lambda): the emulator's
     * own, or the AWS API the extension was given instead ({@link IotLocalExtension.Builder#awsApi(URI)}, an
     * {@link AwsApiBackend} such as LocalStack).
     */
    public URI awsEndpoint() {
        return awsApi.endpoint();
    }

    /**
     * AWS IoT's control-plane endpoint for {@code IotClient}'s {@code endpointOverride} (things, certificates, groups,
     * policies, DescribeEndpoint): always the emulator's AWS API endpoint, even when Cognito and Lambda are elsewhere.
     */
    public URI iotEndpoint() {
        return emulator.endpoints().awsApiEndpoint();
    }

    /**
     * The account administrator's key, which control-plane requests to {@link #iotEndpoint()} are signed with, as the
     * AWS SDK takes credentials. An injected {@code IotClient} parameter is already configured with it.
     */
    public AwsCredentialsProvider accountCredentials() {
        return TestClients.administrator(emulator);
    }

    public String region() {
        return emulator.config().region();
    }

    public String accountId() {
        return emulator.config().accountId();
    }

    /** The CA certificate clients must trust, PEM. */
    public String caCertificatePem() {
        return emulator.certificates().caCertificatePem();
    }

    /** The same CA certificate as a file, for clients that take a path. */
    public Path caCertificateFile() {
        return caCertificateFile;
    }

    /** The identity pool at {@link #awsEndpoint()}. */
    public String identityPoolId() {
        return awsApi.identityPoolId();
    }

    /** The user pool at {@link #awsEndpoint()}, the identity pool's login provider. */
    public String userPoolId() {
        return awsApi.userPoolId();
    }

    /** The user pool's app client. */
    public String appClientId() {
        return awsApi.appClientId();
    }

    /** The auth Lambda at {@link #awsEndpoint()}. */
    public String authFunctionName() {
        return awsApi.authFunctionName();
    }

    /**
     * Issues device certificates, for code under test that manages its own connections: the same registry the
     * control plane serves, so a certificate issued here is in {@code ListCertificates} with its thing.
     */
    public DeviceCertificates certificates() {
        return emulator.certificates();
    }

    /** Faults to inject; the test kit clears them before each test. */
    public EmulatorFaults faults() {
        return emulator.faults();
    }

    /** The emulator itself, for anything else. */
    public IotEmulator emulator() {
        return emulator;
    }

    @Override
    public String toString() {
        return "IotLocalRuntime[mqtts://" + host() + ":" + mtlsPort() + ", wss://" + host() + ":" + wssPort() + "/mqtt, "
                + awsEndpoint() + ", " + region() + "]";
    }
}
