package dev.iotlocal.emulator.support;

import dev.iotlocal.emulator.IotEmulator;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * The AWS SDK's {@code IotClient} as a user points it at an emulator: its AWS API endpoint and its administrator key,
 * on the SDK's Apache 5 HTTP client, which can send PATCH (UpdateThing, SetDefaultPolicyVersion): the URL-connection
 * client cannot, against AWS too.
 */
public final class ControlPlane {

    /** A lowercase UUID in its canonical form, as AWS IoT's ids of things, groups, types and certificate generations are. */
    public static final String CANONICAL_UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private ControlPlane() {}

    public static IotClient iotClient(IotEmulator emulator) {
        return iotClient(emulator, emulator.endpoints().awsApiEndpoint());
    }

    /** An {@code IotClient} with the emulator's key at another address of its AWS API endpoint. */
    public static IotClient iotClient(IotEmulator emulator, URI endpoint) {
        return iotClient(endpoint, emulator.config().region(), emulator.accountCredentials().accessKeyId(),
                emulator.accountCredentials().secretAccessKey());
    }

    /** An {@code IotClient} as a script builds it from what a standalone emulator prints and writes to connection.json. */
    public static IotClient iotClient(URI endpoint, String region, String accessKeyId, String secretAccessKey) {
        return IotClient.builder()
                .httpClientBuilder(Apache5HttpClient.builder())
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey)))
                .build();
    }
}
