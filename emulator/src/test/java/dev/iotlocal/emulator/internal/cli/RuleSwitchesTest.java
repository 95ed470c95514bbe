package dev.iotlocal.emulator.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iotlocal.emulator.EmulatorConfig;
import dev.iotlocal.emulator.IotEmulator;
import dev.iotlocal.emulator.identity.DeviceCertificate;
import dev.iotlocal.emulator.internal.rules.Rule;
import dev.iotlocal.emulator.internal.rules.RuleBook;
import dev.iotlocal.emulator.rules.AwsIotRules;
import dev.iotlocal.emulator.support.Await;
import dev.iotlocal.emulator.support.ControlPlane;
import dev.iotlocal.emulator.support.CrtResources;
import dev.iotlocal.emulator.support.Mqtt311Device;
import dev.iotlocal.emulator.support.Mqtt5Device;
import dev.iotlocal.emulator.support.RawMqttClient;
import dev.iotlocal.emulator.support.SeedFlow;
import dev.iotlocal.emulator.support.WssDevice;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.crt.auth.credentials.CredentialsProvider;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
import software.amazon.awssdk.crt.mqtt5.QOS;
import software.amazon.awssdk.crt.mqtt5.packets.SubAckPacket;
import software.amazon.awssdk.crt.mqtt5.packets.SubscribePacket;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CreateKeysAndCertificateResponse;

/**
 * Each AWS IoT rule switched off on the command line ({@code --disable-rule TOKEN}, and all of them with
 * {@code --plain-mqtt}) lets a client do what AWS IoT refuses, on an emulator started from what the options parse
 * into, and nothing is recorded as broken. Every rule in the {@link RuleBook} must have its scenario here.
 */
@ExtendWith(CrtResources.class)
class RuleSwitchesTest {

    @TempDir
    Path dataDirectory;

    /** What a client does that only the rule named by the token forbids; it must work once the rule is off. */
    private static final Map<String, Scenario> GETS_THROUGH = Map.ofEntries(
            Map.entry("qos2", emulator -> {
                try (Mqtt311Device device = device(emulator, "exactly")) {
                    device.connect();
                    device.subscribe("exactly/once", QualityOfService.EXACTLY_ONCE);
                    device.publish("exactly/once", "1", QualityOfService.EXACTLY_ONCE);
                    assertThat(device.nextMessage().getQos()).isEqualTo(QualityOfService.EXACTLY_ONCE);
                }
            }),
            Map.entry("retained", emulator -> {
                try (Mqtt5Device device = Mqtt5Device.of(emulator, emulator.certificates().issue("keeper"), "keeper")) {
                    device.connect();
                    Await.result(device.publishAsync("kept/lamp", "on", QOS.AT_LEAST_ONCE, true));
                    device.subscribe("kept/+", QOS.AT_LEAST_ONCE);
                    assertThat(device.nextMessage().getRetain()).as("a wildcard subscription gets the retained message").isTrue();
                }
            }),
            Map.entry("client_ids", emulator -> {
                try (Mqtt5Device device = Mqtt5Device.of(emulator, emulator.certificates().issue("dollar"), "$dollar")) {
                    device.connect();
                }
            }),
            Map.entry("packet_size", emulator -> {
                try (Mqtt311Device device = device(emulator, "huge")) {
                    device.connect();
                    device.subscribe("huge/blob", QualityOfService.AT_LEAST_ONCE);
                    Await.result(device.publishAsync("huge/blob", new byte[129 * 1024], QualityOfService.AT_LEAST_ONCE, false));
                    assertThat(device.nextMessage().getPayload()).hasSize(129 * 1024);
                }
            }),
            Map.entry("topic_limits", emulator -> {
                try (Mqtt311Device device = device(emulator, "deep")) {
                    device.connect();
                    device.subscribe("a/b/c/d/e/f/g/h/i/j", QualityOfService.AT_LEAST_ONCE);
                    device.publish("a/b/c/d/e/f/g/h/i/j", "nine slashes", QualityOfService.AT_LEAST_ONCE);
                    assertThat(device.nextMessage().getTopic()).isEqualTo("a/b/c/d/e/f/g/h/i/j");
                }
            }),
            Map.entry("subscription_limits", emulator -> {
                try (Mqtt5Device device = Mqtt5Device.of(emulator, emulator.certificates().issue("many"), "many")) {
                    device.connect();
                    SubscribePacket.SubscribePacketBuilder nine = new SubscribePacket.SubscribePacketBuilder();
                    for (int i = 0; i < 9; i++) {
                        nine.withSubscription("many/" + i, QOS.AT_LEAST_ONCE);
                    }
                    assertThat(Await.result(device.subscribeAsync(nine.build())).getReasonCodes())
                            .hasSize(9).containsOnly(SubAckPacket.SubAckReasonCode.GRANTED_QOS_1);
                }
            }),
            Map.entry("keep_alive", emulator -> {
                try (Mqtt5Device device = Mqtt5Device.of(emulator, emulator.certificates().issue("forever"), "forever",
                        builder -> builder.withKeepAliveIntervalSeconds(0L))) {
                    assertThat(device.connect().getServerKeepAlive()).as("no cap to 1200 s announced").isNull();
                }
            }),
            Map.entry("hash_wildcard", emulator -> {
                try (Mqtt311Device device = device(emulator, "parent")) {
                    device.connect();
                    device.subscribe("sensor/#", QualityOfService.AT_LEAST_ONCE);
                    device.publish("sensor", "parent level", QualityOfService.AT_LEAST_ONCE);
                    assertThat(device.nextMessage().getTopic()).isEqualTo("sensor");
                }
            }),
            Map.entry("subscription_identifiers", emulator -> {
                try (RawMqttClient client = RawMqttClient.open(emulator, emulator.certificates().issue("identified"), true)) {
                    client.connect("identified", 60);
                    client.subscribe(List.of("identified/topic"), 1, 7);
                    RawMqttClient.Packet suback = client.read();
                    assertThat(suback.type()).isEqualTo(RawMqttClient.SUBACK);
                    assertThat(suback.subackCodes(true)).containsExactly(1);
                }
            }),
            Map.entry("reserved_topics", emulator -> {
                try (Mqtt311Device device = device(emulator, "dollar-topics")) {
                    device.connect();
                    device.subscribe("$mine/topic", QualityOfService.AT_LEAST_ONCE);
                    device.publish("$mine/topic", "not AWS's", QualityOfService.AT_LEAST_ONCE);
                    assertThat(device.nextMessage().getTopic()).isEqualTo("$mine/topic");
                }
            }),
            Map.entry("websocket_ttl", emulator -> {
                try (CredentialsProvider credentials = WssDevice.credentialsProvider(SeedFlow.run(emulator, "demo", "demo-password"));
                     Mqtt5Device server = WssDevice.mqtt5(emulator, credentials, "lasting")) {
                    server.connect();
                    // the test emulator's time to live is one second (see started(...)); without the rule it does not apply
                    Awaitility.await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5))
                            .until(() -> !server.firstDisconnection().isDone());
                }
            }),
            Map.entry("policies", emulator -> {
                // a certificate made through the control plane has no policy, as on AWS: evaluated, it could not even connect
                try (IotClient iot = ControlPlane.iotClient(emulator)) {
                    CreateKeysAndCertificateResponse created = iot.createKeysAndCertificate(b -> b.setAsActive(true));
                    assertThat(iot.listAttachedPolicies(b -> b.target(created.certificateArn())).policies()).isEmpty();
                    DeviceCertificate unattached = new DeviceCertificate(created.certificateId(), "unattached", created.certificatePem(),
                            Optional.of(created.keyPair().privateKey()));
                    try (Mqtt311Device device = Mqtt311Device.of(emulator, unattached, "unattached")) {
                        device.connect();
                        device.subscribe("unattached/#", QualityOfService.AT_LEAST_ONCE);
                        device.publish("unattached/topic", "no policy needed", QualityOfService.AT_LEAST_ONCE);
                        assertThat(device.nextMessage().getTopic()).isEqualTo("unattached/topic");
                    }
                }
            }));

    @FunctionalInterface
    private interface Scenario {
        void run(IotEmulator emulator) throws Exception;
    }

    @TestFactory
    Stream<DynamicTest> eachRuleSwitchedOffOnTheCommandLineLetsAClientThrough() {
        List<Rule> rules = RuleBook.of(AwsIotRules.strict()).all();
        assertThat(GETS_THROUGH.keySet()).as("a scenario for every rule").containsExactlyInAnyOrderElementsOf(
                rules.stream().map(Rule::cliToken).toList());
        return rules.stream().map(rule -> DynamicTest.dynamicTest("--disable-rule " + rule.cliToken(), () -> {
            IotLocalMain options = parse("--disable-rule", rule.cliToken());
            assertThat(RuleBook.of(options.rules()).all()).as("only %s is off", rule.cliToken())
                    .allSatisfy(each -> assertThat(each.isOn()).isEqualTo(!each.cliToken().equals(rule.cliToken())));
            try (IotEmulator emulator = started(options)) {
                GETS_THROUGH.get(rule.cliToken()).run(emulator);
                assertThat(emulator.journal().violations()).isEmpty();
                assertThat(emulator.journal().denials()).isEmpty();
            }
        }));
    }

    @Test
    void plainMqttSwitchesEveryRuleOffAtOnce() throws Exception {
        IotLocalMain options = parse("--plain-mqtt");
        assertThat(RuleBook.of(options.rules()).on()).isEmpty();
        try (IotEmulator emulator = started(options)) {
            for (String token : List.of("qos2", "client_ids", "subscription_limits", "hash_wildcard", "reserved_topics", "policies")) {
                GETS_THROUGH.get(token).run(emulator);
            }
            assertThat(emulator.journal().violations()).isEmpty();
            assertThat(emulator.journal().denials()).isEmpty();
        }
    }

    @Test
    void anUnknownRuleIsRefusedWithTheTokensThereAre() {
        assertThat(new IotLocalMain.RuleTokens()).contains("qos2", "reserved_topics", "websocket_ttl");
        IotLocalMain options = parse("--disable-rule", "qos3");
        assertThatThrownBy(options::rules)
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("'qos3' is not one of qos2, retained");
    }

    private IotLocalMain parse(String... args) {
        List<String> all = new ArrayList<>(List.of("--data-dir", dataDirectory.toString(), "--mtls-port", "0", "--wss-port", "0",
                "--aws-api-port", "0"));
        all.addAll(List.of(args));
        CommandLine commandLine = IotLocalMain.commandLine();
        commandLine.parseArgs(all.toArray(String[]::new));
        return commandLine.getCommand();
    }

    /** The emulator the options describe, with a WebSocket time to live of one second for the one rule that needs time. */
    private static IotEmulator started(IotLocalMain options) throws Exception {
        EmulatorConfig config = options.config();
        return IotEmulator.start(config.toBuilder().rules(rules -> rules.webSocketTimeToLive(Duration.ofSeconds(1))).build());
    }

    private static Mqtt311Device device(IotEmulator emulator, String thing) {
        return Mqtt311Device.of(emulator, emulator.certificates().issue(thing), thing);
    }
}
