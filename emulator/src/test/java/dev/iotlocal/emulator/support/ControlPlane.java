package dev.iotlocal.emulator.support;

import dev.iotlocal.emulator.IotEmulator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * The AWS SDK's {@code IotClient} as a user points it at an emulator: its AWS API endpoint and its administrator key,
 * on an HTTP client that can send PATCH (see {@link JdkSdkHttpClient}).
 */
public final class ControlPlane {

    private ControlPlane() {}

    public static IotClient iotClient(IotEmulator emulator) {
        return IotClient.builder()
                .httpClient(new JdkSdkHttpClient())
                .endpointOverride(emulator.endpoints().awsApiEndpoint())
                .region(Region.of(emulator.config().region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        emulator.accountCredentials().accessKeyId(), emulator.accountCredentials().secretAccessKey())))
                .build();
    }
}
