package dev.iotlocal.emulator.support;

import dev.iotlocal.emulator.IotEmulator;
import dev.iotlocal.emulator.identity.DeviceCertificate;
import dev.iotlocal.emulator.journal.PolicyDenial;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import software.amazon.awssdk.crt.mqtt5.QOS;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CreateKeysAndCertificateResponse;

/**
 * AWS IoT policies as a user's own code sets them up, with {@code IotClient} (CreatePolicy, AttachPolicy), the
 * certificates such code makes (CreateKeysAndCertificate, which attaches no policy, as on AWS), and the journal's
 * denials that tests wait for.
 */
public final class Policies {

    /** Every MQTT action on any resource: for a principal whose policy is not what a test is about. */
    public static final String ALLOW_MQTT = document("""
            {"Effect": "Allow", "Action": ["iot:Connect", "iot:Publish", "iot:Subscribe", "iot:Receive"], "Resource": "*"}""");

    private Policies() {}

    /** A policy document of these statements (each a JSON object). */
    public static String document(String... statements) {
        return "{\"Version\": \"2012-10-17\", \"Statement\": [" + String.join(", ", statements) + "]}";
    }

    /** CreatePolicy, then AttachPolicy to {@code target} (a certificate ARN, a thing group ARN or a Cognito identity id). */
    public static void attach(IotClient iot, String policyName, String document, String target) {
        iot.createPolicy(b -> b.policyName(policyName).policyDocument(document));
        iot.attachPolicy(b -> b.policyName(policyName).target(target));
    }

    /** An active certificate from CreateKeysAndCertificate with a new policy attached to it, nothing else. */
    public static Created certificateWith(IotClient iot, String policyName, String document) {
        CreateKeysAndCertificateResponse created = iot.createKeysAndCertificate(b -> b.setAsActive(true));
        attach(iot, policyName, document, created.certificateArn());
        return new Created(created);
    }

    /** An active certificate from CreateKeysAndCertificate, with no policy. */
    public static Created certificate(IotClient iot) {
        return new Created(iot.createKeysAndCertificate(b -> b.setAsActive(true)));
    }

    /** What a device holds after CreateKeysAndCertificate: the certificate and its private key. */
    public static DeviceCertificate deviceCertificate(CreateKeysAndCertificateResponse created, String thingName) {
        return new DeviceCertificate(created.certificateId(), thingName, created.certificatePem(),
                Optional.of(created.keyPair().privateKey()));
    }

    /**
     * A connected MQTT 5 client allowed everything (the emulator issues its certificate, so it gets the default
     * policy): it publishes what the devices under test are to receive.
     */
    public static Mqtt5Device trusted(IotEmulator emulator, String clientId) {
        Mqtt5Device client = Mqtt5Device.of(emulator, emulator.certificates().issue(clientId), clientId);
        try {
            client.connect();
            return client;
        } catch (RuntimeException | AssertionError e) {
            client.close();
            throw e;
        }
    }

    /** A {@link #trusted} client subscribed to {@code filter}: it sees what the devices under test manage to publish. */
    public static Mqtt5Device watcher(IotEmulator emulator, String clientId, String filter) {
        Mqtt5Device watcher = trusted(emulator, clientId);
        try {
            watcher.subscribe(filter, QOS.AT_LEAST_ONCE);
            return watcher;
        } catch (RuntimeException | AssertionError e) {
            watcher.close();
            throw e;
        }
    }

    /** Waits for a policy denial that matches and returns it. */
    public static PolicyDenial awaitDenial(IotEmulator emulator, Predicate<PolicyDenial> matching) {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                () -> emulator.journal().denials().stream().filter(matching).findFirst().orElse(null),
                denial -> denial != null);
    }

    /** Waits for the denial of an action for a client and returns it. */
    public static PolicyDenial awaitDenial(IotEmulator emulator, String action, String clientId) {
        return awaitDenial(emulator, denial -> denial.action().equals(action) && denial.clientId().equals(clientId));
    }

    /**
     * A certificate CreateKeysAndCertificate made.
     *
     * @param response what the control plane answered
     */
    public record Created(CreateKeysAndCertificateResponse response) {

        public String arn() {
            return response.certificateArn();
        }

        public String id() {
            return response.certificateId();
        }

        /** The certificate and key as a device holds them, labelled with the thing it stands for. */
        public DeviceCertificate device(String thingName) {
            return deviceCertificate(response, thingName);
        }
    }
}
