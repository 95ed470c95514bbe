package dev.iotlocal.testkit;

import dev.iotlocal.emulator.DeviceCertificates;
import dev.iotlocal.emulator.EmulatorFaults;
import dev.iotlocal.emulator.IotEmulator;
import java.net.URI;
import java.nio.file.Path;

/**
 * Where the test's local AWS IoT is and what it is called: everything code under test needs to be configured
 * against it. Inject it as a test parameter. Immutable; the emulator behind it is shared and thread-safe.
 */
public final class IotLocalRuntime {

    private final IotEmulator emulator;
    private final Path caCertificateFile;

    IotLocalRuntime(IotEmulator emulator, Path caCertificateFile) {
        this.emulator = emulator;
        this.caCertificateFile = caCertificateFile;
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

    /** The AWS API endpoint for the AWS SDK's {@code endpointOverride} (Cognito Identity, Lambda). */
    public URI awsEndpoint() {
        return emulator.endpoints().awsApiEndpoint();
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

    public String identityPoolId() {
        return emulator.config().identityPoolId();
    }

    public String userPoolId() {
        return emulator.config().userPoolId();
    }

    public String appClientId() {
        return emulator.config().appClientId();
    }

    public String authFunctionName() {
        return emulator.config().authFunctionName();
    }

    /** Issues device certificates, for code under test that manages its own connections. */
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
