package dev.iotlocal.benchmarks;

import dev.iotlocal.benchmarks.micro.PolicyDecisionBenchmark;
import dev.iotlocal.client.IotClientConfig;
import dev.iotlocal.emulator.EmulatorConfig;
import dev.iotlocal.emulator.IotEmulator;
import dev.iotlocal.emulator.identity.DeviceCertificate;
import dev.iotlocal.emulator.policy.PolicyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.results.RunResult;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.Policy;

/**
 * What evaluating AWS IoT policies costs, each figure beside the same thing with evaluation off or with the default
 * policy, in one run:
 * <ul>
 *   <li>QoS 1 throughput through each door (the harness of {@link ThroughputBenchmark}) of three emulators: evaluation
 *       off ({@code policyEvaluation(false)}); on, with the default policy, which allows everything, so the broker checks
 *       each PUBLISH but not each delivery; and on, with a device policy scoped to the benchmark's topics attached
 *       instead of the default policy to everything it was attached to (the configured user's Cognito identity and
 *       the issued certificate), so every delivery is checked too;</li>
 *   <li>mutual-TLS connect latency (the samples of {@link ConnectBenchmark}) of a certificate with a 10-statement device
 *       policy instead of the default one, beside one with the default policy and one on the emulator without
 *       evaluation, their samples alternating;</li>
 *   <li>the evaluator's per-message decisions alone, in JMH ({@link PolicyDecisionBenchmark}): 10 attached policies
 *       against the default policy.</li>
 * </ul>
 */
final class PoliciesBenchmark {

    private static final String SCOPED_POLICY = "benchmark-device";
    private static final String TEN_STATEMENTS_POLICY = "benchmark-ten-statements";
    private static final String OFF = "evaluation off";
    private static final String DEFAULT = "default policy";

    private PoliciesBenchmark() {}

    /** The two doors of one emulator, for the throughput routes. */
    private record Doors(CrtDoors.Door wss, CrtDoors.Door mtls) {}

    /** A certificate's door and the thing it connects as (its client id). */
    private record Device(CrtDoors.Door door, String thing) {
        AutoCloseable connect() throws Exception {
            return door.connect(thing);
        }
    }

    static void run(int messages, int runs, int connects, boolean quick) throws Exception {
        Path directory = Files.createTempDirectory("policies-benchmark-");
        int warmUp = Math.max(10, connects / 5);
        Table table = new Table("AWS IoT policies: evaluation on vs off (QoS 1: " + String.format(Locale.ROOT, "%,d", messages)
                + " messages, median of " + runs + " after the throughput benchmark's warm-up; connect: " + connects + " samples each after "
                + warmUp + "; " + MicroBenchmarks.settings(quick) + ")");
        try (IotEmulator off = IotEmulator.start(EmulatorConfig.builder().rules(rules -> rules.policyEvaluation(false)).build());
             IotEmulator defaults = IotEmulator.start();
             IotEmulator scoped = IotEmulator.start()) {
            Doors offDoors = doors(off, Files.createDirectories(directory.resolve("off")));
            Doors defaultDoors = doors(defaults, Files.createDirectories(directory.resolve("default")));
            Doors scopedDoors = doors(scoped, Files.createDirectories(directory.resolve("scoped")));
            try (IotClient iot = ControlPlaneBenchmark.client(scoped)) {
                scopeEverythingTheDefaultPolicyReaches(iot, scopedPolicy(scoped.config()));
            }
            throughput(table, "QoS 1 throughput, WSS door",
                    ThroughputBenchmark.compare(List.of(offDoors.wss, defaultDoors.wss, scopedDoors.wss), messages, runs,
                            QualityOfService.AT_LEAST_ONCE), Table.Target.ratioAtLeast(0.9));
            throughput(table, "QoS 1 throughput, mTLS door",
                    ThroughputBenchmark.compare(List.of(offDoors.mtls, defaultDoors.mtls, scopedDoors.mtls), messages, runs,
                            QualityOfService.AT_LEAST_ONCE), Table.Target.ratioAtLeast(0.9));
            // HiveMQ's TLS listener caps QoS 1 deliveries to this client near 1,150 msg/s whatever the broker does (see the
            // throughput benchmark): a QoS 0 subscriber shows what evaluation costs on that door
            throughput(table, "Same, subscriber at QoS 0 (publishes still QoS 1)",
                    ThroughputBenchmark.compare(List.of(offDoors.mtls, defaultDoors.mtls, scopedDoors.mtls), messages, runs,
                            QualityOfService.AT_MOST_ONCE), Table.Target.REPORTED);
            connect(table, off, defaults, connects, warmUp);
        } finally {
            Benchmarks.delete(directory);
        }
        decisions(table, quick);
        table.print("Three emulators in this JVM, the throughput benchmark's client and routes (AWS IoT Device SDK v2, MQTT 3.1.1; WSS"
                + " through the seed flow as the configured user, mTLS with a certificate from certificates().issue). Evaluation off:"
                + " rules(r -> r.policyEvaluation(false)). Default policy: the emulator's defaults, whose " + PolicyConfig.DEFAULT_POLICY_NAME
                + " allows everything, so the broker checks every PUBLISH and SUBSCRIBE but no delivery. Scoped: " + SCOPED_POLICY
                + " (iot:Connect on client/${iot:ClientId}, iot:Publish and iot:Receive on topic/benchmark/*, iot:Subscribe on"
                + " topicfilter/benchmark/*, and a Deny of iot:Receive on topic/benchmark/private/*) attached with IotClient instead of the"
                + " default policy to the user's Cognito identity and the certificate; the Deny makes the broker check every delivery"
                + " (iot:Receive) as well. Connect: a fresh mTLS connection per sample,"
                + " client id = thing name, until CONNACK (disconnect not timed); " + TEN_STATEMENTS_POLICY + " is one policy of 10"
                + " statements with thing-name variables, a condition and a Deny. PolicyDecisionBenchmark: ConnectionAuthorization.publish"
                + " and .receive of one certificate's connection in steady state, the topic allowed by the last of 10 policies of 5"
                + " statements each (with variables and a Deny), against the default policy alone; the broker does not ask receive"
                + " for a client that receives everything, as with the default policy. JMH error: its 99.9% confidence interval.");
    }

    /** The throughput rows of one door: each way evaluation is on, against evaluation off ({@code rates}: off, default, scoped). */
    private static void throughput(Table table, String figure, double[] rates, Table.Target target) {
        table.compare(figure + ", evaluation on, default policy", OFF, rates[0], rates[1], "msg/s", target)
                .compare(figure + ", evaluation on, scoped device policy (Receive checked per delivery)", OFF, rates[0], rates[2],
                        "msg/s", target);
    }

    private static Doors doors(IotEmulator emulator, Path directory) throws Exception {
        DeviceCertificate device = emulator.certificates().issue("benchmark-throughput");
        return new Doors(CrtDoors.seedFlow(IotClientConfig.load(CrtDoors.writeSeedProperties(emulator, directory))),
                CrtDoors.mutualTls(emulator.endpoints().mtlsPort(), emulator.certificates().caCertificatePem(), device.certificatePem(),
                        device.privateKeyPem().orElseThrow()));
    }

    /** Connect latency of the three kinds of certificate, samples alternating so that drift on a shared machine hits all alike. */
    private static void connect(Table table, IotEmulator off, IotEmulator defaults, int samples, int warmUp) throws Exception {
        Device withoutEvaluation = device(off, "benchmark-connect-off");
        Device withDefault = device(defaults, "benchmark-connect-default");
        Device withTenStatements = device(defaults, "benchmark-connect-ten-statements");
        try (IotClient iot = ControlPlaneBenchmark.client(defaults)) {
            iot.createPolicy(b -> b.policyName(TEN_STATEMENTS_POLICY).policyDocument(tenStatementPolicy(defaults.config())));
            String certificateArn = iot.listThingPrincipals(b -> b.thingName(withTenStatements.thing)).principals().get(0);
            attachInsteadOfTheDefault(iot, certificateArn, TEN_STATEMENTS_POLICY);
        }
        Histogram offMicros = new Histogram(3);
        Histogram defaultMicros = new Histogram(3);
        Histogram tenMicros = new Histogram(3);
        for (int i = 0; i < warmUp + samples; i++) {
            boolean measured = i >= warmUp;
            ConnectBenchmark.time(measured ? offMicros : null, withoutEvaluation::connect);
            ConnectBenchmark.time(measured ? defaultMicros : null, withDefault::connect);
            ConnectBenchmark.time(measured ? tenMicros : null, withTenStatements::connect);
        }
        table.compare("Connect p50, mTLS door, evaluation on, default policy", OFF, Benchmarks.millis(offMicros, 50),
                        Benchmarks.millis(defaultMicros, 50), "ms", Table.Target.REPORTED)
                .compare("Connect p50, mTLS door, a 10-statement device policy instead", DEFAULT, Benchmarks.millis(defaultMicros, 50),
                        Benchmarks.millis(tenMicros, 50), "ms", Table.Target.REPORTED)
                .compare("Connect p99, mTLS door, a 10-statement device policy instead", DEFAULT, Benchmarks.millis(defaultMicros, 99),
                        Benchmarks.millis(tenMicros, 99), "ms", Table.Target.REPORTED);
    }

    private static Device device(IotEmulator emulator, String thing) {
        DeviceCertificate device = emulator.certificates().issue(thing);
        return new Device(CrtDoors.mutualTls(emulator.endpoints().mtlsPort(), emulator.certificates().caCertificatePem(),
                device.certificatePem(), device.privateKeyPem().orElseThrow()), thing);
    }

    /** The JMH decisions, 10 policies beside the default policy for each decision. */
    private static void decisions(Table table, boolean quick) throws Exception {
        Map<String, Map<String, RunResult>> byDecision = new LinkedHashMap<>();
        for (RunResult result : MicroBenchmarks.measure(quick, PolicyDecisionBenchmark.class)) {
            byDecision.computeIfAbsent(result.getParams().getBenchmark(), name -> new LinkedHashMap<>())
                    .put(result.getParams().getParam("attached"), result);
        }
        byDecision.forEach((name, results) -> {
            RunResult baseline = results.get(DEFAULT);
            RunResult ten = results.get("10 policies");
            double ratio = ten.getPrimaryResult().getScore() / baseline.getPrimaryResult().getScore();
            table.row(MicroBenchmarks.figure(ten), DEFAULT + ": " + MicroBenchmarks.score(baseline), MicroBenchmarks.score(ten),
                    String.format(Locale.ROOT, "%.2f×", ratio), Table.Target.REPORTED, "—");
        });
    }

    /**
     * Attaches a policy instead of the default one to every target the default policy is attached to (the configured
     * users' Cognito identities and the certificates issued so far), and checks that no target has the default left:
     * one that kept it would receive everything, and its row would measure the default policy again.
     */
    private static void scopeEverythingTheDefaultPolicyReaches(IotClient iot, String document) {
        iot.createPolicy(b -> b.policyName(SCOPED_POLICY).policyDocument(document));
        List<String> targets = iot.listTargetsForPolicyPaginator(b -> b.policyName(PolicyConfig.DEFAULT_POLICY_NAME)).targets().stream().toList();
        if (targets.stream().noneMatch(target -> target.contains(":cert/")) || targets.stream().allMatch(target -> target.contains(":cert/"))) {
            throw new IllegalStateException("The default policy should reach a certificate and a Cognito identity, not only " + targets);
        }
        for (String target : targets) {
            attachInsteadOfTheDefault(iot, target, SCOPED_POLICY);
        }
    }

    /** Attaches a policy to a certificate ARN or Cognito identity id and detaches the default one, then checks that it alone is attached. */
    private static void attachInsteadOfTheDefault(IotClient iot, String target, String policy) {
        iot.attachPolicy(b -> b.policyName(policy).target(target));
        iot.detachPolicy(b -> b.policyName(PolicyConfig.DEFAULT_POLICY_NAME).target(target));
        List<String> attached = iot.listAttachedPoliciesPaginator(b -> b.target(target)).policies().stream().map(Policy::policyName).toList();
        if (!attached.equals(List.of(policy))) {
            throw new IllegalStateException(target + " should have " + policy + " alone attached, not " + attached);
        }
    }

    /**
     * The throughput routes' device policy: connect with any client id, the benchmark's topics only, and a Deny on a
     * subtree of them, so that what a delivery may bring is no longer certain from the subscription: every delivery
     * is checked (a policy that covers its client's subscriptions with no Deny is spared that, as the default is).
     */
    private static String scopedPolicy(EmulatorConfig config) {
        String arn = "arn:aws:iot:" + config.region() + ":" + config.accountId() + ":";
        String topics = ThroughputBenchmark.TOPIC.substring(0, ThroughputBenchmark.TOPIC.indexOf('/')) + "/*";
        return """
                {
                  "Version": "2012-10-17",
                  "Statement": [
                    {"Effect": "Allow", "Action": "iot:Connect", "Resource": "%1$sclient/${iot:ClientId}"},
                    {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"], "Resource": "%1$stopic/%2$s"},
                    {"Effect": "Allow", "Action": "iot:Subscribe", "Resource": "%1$stopicfilter/%2$s"},
                    {"Effect": "Deny", "Action": "iot:Receive", "Resource": "%1$stopic/%3$s/private/*"}
                  ]
                }
                """.formatted(arn, topics, topics.substring(0, topics.length() - 2));
    }

    /** A device policy of 10 statements as a fleet's would read: its own topics, shadow and jobs by thing name, a broadcast, a Deny. */
    private static String tenStatementPolicy(EmulatorConfig config) {
        String arn = "arn:aws:iot:" + config.region() + ":" + config.accountId() + ":";
        String thing = "${iot:Connection.Thing.ThingName}";
        return """
                {
                  "Version": "2012-10-17",
                  "Statement": [
                    {"Effect": "Allow", "Action": "iot:Connect", "Resource": "%1$sclient/%2$s",
                     "Condition": {"Bool": {"iot:Connection.Thing.IsAttached": "true"}}},
                    {"Effect": "Allow", "Action": "iot:Publish", "Resource": "%1$stopic/dt/%2$s/*"},
                    {"Effect": "Allow", "Action": "iot:Subscribe", "Resource": "%1$stopicfilter/cmd/%2$s/*"},
                    {"Effect": "Allow", "Action": "iot:Receive", "Resource": "%1$stopic/cmd/%2$s/*"},
                    {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"], "Resource": "%1$stopic/$aws/things/%2$s/shadow/*"},
                    {"Effect": "Allow", "Action": "iot:Subscribe", "Resource": "%1$stopicfilter/$aws/things/%2$s/shadow/*"},
                    {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"], "Resource": "%1$stopic/$aws/things/%2$s/jobs/*"},
                    {"Effect": "Allow", "Action": "iot:Subscribe", "Resource": "%1$stopicfilter/$aws/things/%2$s/jobs/*"},
                    {"Effect": "Allow", "Action": ["iot:Subscribe", "iot:Receive"], "Resource": ["%1$stopicfilter/broadcast/*", "%1$stopic/broadcast/*"]},
                    {"Effect": "Deny", "Action": "iot:Publish", "Resource": "%1$stopic/dt/%2$s/admin/*"}
                  ]
                }
                """.formatted(arn, thing);
    }
}
