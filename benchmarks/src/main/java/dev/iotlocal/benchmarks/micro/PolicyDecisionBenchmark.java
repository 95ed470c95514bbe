package dev.iotlocal.benchmarks.micro;

import dev.iotlocal.emulator.identity.DeviceCertificate;
import dev.iotlocal.emulator.identity.Principal;
import dev.iotlocal.emulator.internal.events.InMemoryJournal;
import dev.iotlocal.emulator.internal.pki.CertificateAuthority;
import dev.iotlocal.emulator.internal.policy.ConnectionAuthorization;
import dev.iotlocal.emulator.internal.policy.PolicyEvaluator;
import dev.iotlocal.emulator.internal.registry.AccountRegistry;
import dev.iotlocal.emulator.journal.PolicyDenial;
import dev.iotlocal.emulator.policy.PolicyConfig;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the broker asks the policy evaluator for every PUBLISH and, for a client whose policies do not allow receiving
 * everything, every delivery: {@code ConnectionAuthorization.publish} and {@code receive} of one mutual-TLS connection
 * in steady state (its policies prepared on the first call and kept until the account changes). The device's
 * certificate has either the emulator's default policy or ten policies of five statements each, with thing and client
 * id variables and a Deny, all of which the topic's ARN is matched against.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PolicyDecisionBenchmark {

    private static final String ACCOUNT = "123456789012";
    private static final String REGION = "us-east-1";
    private static final String THING = "thermostat-17";
    private static final int POLICIES = 10;

    /** The default policy (one statement allowing everything) or ten device policies. */
    @Param({"default policy", "10 policies"})
    public String attached;

    // a field, not a constant, so that the JIT cannot fold it away; of the ten policies only the last allows it
    public String topic = "fleet/" + (POLICIES - 1) + "/" + THING + "/telemetry";

    private AccountRegistry account;
    private ConnectionAuthorization authorization;

    @Setup
    public void setUp() {
        account = new AccountRegistry(ACCOUNT, REGION, CertificateAuthority.generate(), null, Clock.systemUTC());
        if (attached.equals("default policy")) {
            account.policies().provideDefault(PolicyConfig.DEFAULT_POLICY_NAME, PolicyConfig.defaults().defaultPolicy(), List.of());
        }
        // issue attaches the default policy when there is one, as certificates().issue does
        DeviceCertificate device = account.certificates().issue(THING);
        String certificateArn = account.arn("cert", device.certificateId());
        if (attached.equals("10 policies")) {
            for (int i = 0; i < POLICIES; i++) {
                account.policies().create("fleet-policy-" + i, devicePolicy(i), Map.of());
                account.policies().attach("fleet-policy-" + i, certificateArn);
            }
        }
        PolicyEvaluator evaluator = new PolicyEvaluator(account, PolicyConfig.defaults(), REGION + ":benchmark-pool",
                "cognito-idp." + REGION + ".amazonaws.com/" + REGION + "_benchmark", "localhost", new InMemoryJournal(1_000),
                Clock.systemUTC());
        Principal principal = new Principal(Principal.Kind.CERTIFICATE, device.certificateId(), ACCOUNT, REGION, Optional.empty(),
                Optional.of(THING), "127.0.0.1");
        authorization = evaluator.connection(principal, THING, new PolicyEvaluator.ConnectAttributes(false, Optional.empty(), false));
        // measure the allowed path the broker takes for every message, not a denial (which is journaled and logged)
        PolicyDenial refused = authorization.connect();
        if (refused == null) {
            refused = publish();
        }
        if (refused == null) {
            refused = receive();
        }
        if (refused != null) {
            throw new IllegalStateException("The benchmark's device is denied: " + refused.explanation());
        }
    }

    @TearDown
    public void tearDown() {
        account.close();
    }

    @Benchmark
    public PolicyDenial publish() {
        return authorization.publish(topic, false);
    }

    @Benchmark
    public PolicyDenial receive() {
        return authorization.receive(topic);
    }

    /** Policy {@code i} of a fleet: connect as its thing, the device's own topics under {@code fleet/<i>/}, its commands, and a Deny for admin topics. */
    private static String devicePolicy(int i) {
        String arn = "arn:aws:iot:" + REGION + ":" + ACCOUNT + ":";
        String own = "fleet/" + i + "/${iot:Connection.Thing.ThingName}";
        return """
                {
                  "Version": "2012-10-17",
                  "Statement": [
                    {"Effect": "Allow", "Action": "iot:Connect", "Resource": "%1$sclient/${iot:Connection.Thing.ThingName}"},
                    {"Effect": "Allow", "Action": "iot:Publish",
                     "Resource": ["%1$stopic/%2$s/*", "%1$stopic/dt/${iot:ClientId}/%3$d/*"]},
                    {"Effect": "Allow", "Action": ["iot:Subscribe"], "Resource": "%1$stopicfilter/%2$s/*",
                     "Condition": {"Bool": {"iot:Connection.Thing.IsAttached": "true"}}},
                    {"Effect": "Allow", "Action": "iot:Receive", "Resource": ["%1$stopic/%2$s/*", "%1$stopic/cmd/%3$d/${iot:ClientId}"]},
                    {"Effect": "Deny", "Action": ["iot:Publish", "iot:Receive"], "Resource": "%1$stopic/%2$s/admin/*"}
                  ]
                }
                """.formatted(arn, own, i);
    }
}
