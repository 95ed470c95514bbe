package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iotlocal.emulator.identity.KeyAlgorithm;
import dev.iotlocal.emulator.policy.PolicyConfig;
import dev.iotlocal.emulator.rules.AwsIotRules;
import dev.iotlocal.emulator.rules.RetainedMessages;
import dev.iotlocal.emulator.cognito.User;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmulatorConfigTest {

    @Test
    void defaultsAreSafeAndStrict() {
        EmulatorConfig config = EmulatorConfig.defaults();
        assertThat(config.listeners().bindAddress().isLoopbackAddress()).isTrue();
        assertThat(config.listeners().mtlsPort()).isZero();
        assertThat(config.listeners().plainTcpPort()).isEmpty();
        assertThat(config.dataDirectory()).isEmpty();
        assertThat(config.region()).isEqualTo("us-east-1");
        assertThat(config.accountId()).isEqualTo("000000000000");
        assertThat(config.rules()).isEqualTo(AwsIotRules.strict());
        assertThat(config.rules().retainedMessages()).isEqualTo(RetainedMessages.NOT_SUPPORTED);
        assertThat(config.rules().policyEvaluation()).as("policies evaluated, as AWS does").isTrue();
        assertThat(config.policies().defaultPolicy()).hasValue(PolicyConfig.DEFAULT_POLICY_DOCUMENT);
        assertThat(config.policies().authenticatedRolePolicy()).isEqualTo(PolicyConfig.ALLOW_IOT_ACTIONS);
        assertThat(config.policies().unauthenticatedRolePolicy()).isEqualTo(PolicyConfig.ALLOW_IOT_ACTIONS);
    }

    @Test
    void toBuilderMakesAnEqualCopyThatCanBeChanged() {
        EmulatorConfig config = EmulatorConfig.builder().region("eu-west-1").listeners(listeners -> listeners.addHostName("iot.test").mtlsPort(8883)).build();
        assertThat(config.toBuilder().build()).isEqualTo(config).hasSameHashCodeAs(config);
        assertThat(config.toBuilder().region("eu-central-1").build().region()).isEqualTo("eu-central-1");
        assertThat(config.region()).isEqualTo("eu-west-1");
        assertThat(config.listeners().extraHostNames()).containsExactly("iot.test");
    }

    private static final String ALLOW_CONNECT = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iot:Connect", "Resource": "*"}]}
            """;

    /** Every field of every part set to something other than its default. */
    private static EmulatorConfig everythingChanged(Path dataDirectory) throws Exception {
        InetAddress everywhere = InetAddress.getByName("0.0.0.0");
        return EmulatorConfig.builder()
                .region("eu-west-1")
                .accountId("123456789012")
                .dataDirectory(dataDirectory)
                .accountCredentials(new AccountCredentials("AKIATESTTESTTESTTEST", "secret"))
                .createdKeyAlgorithm(KeyAlgorithm.EC_P256)
                .listeners(listeners -> listeners.host("iot.test").addHostName("10.0.0.7").bindAddress(everywhere)
                        .mtlsPort(18883).wssPort(18443).awsApiPort(14567).awsApiHttpsPort(14568).plainTcpPort(11883))
                .rules(AwsIotRules.plainMqtt().toBuilder().retainedMessages(RetainedMessages.AWS).minimumKeepAlive(Duration.ofSeconds(5))
                        .webSocketTimeToLive(Duration.ofMinutes(3)).build())
                .cognito(cognito -> cognito.identityPoolId("eu-west-1:00000000-0000-4000-8000-00000000abcd").allowUnauthenticatedIdentities(false)
                        .userPoolId("eu-west-1_Other1").appClientId("otherappclient").users(new User("alice", "secret"))
                        .authFunctionName("other-auth").authFunction((payload, pool) -> "{}").credentialLifetime(Duration.ofMinutes(7))
                        .acceptForeignCredentials(true))
                .journal(journal -> journal.recordMessages(true).maximumEntries(42))
                .policies(policies -> policies.defaultPolicy(ALLOW_CONNECT).authenticatedRolePolicy(ALLOW_CONNECT)
                        .unauthenticatedRolePolicy(ALLOW_CONNECT))
                .build();
    }

    @Test
    void toBuilderKeepsEveryFieldOfEveryPart(@TempDir Path directory) throws Exception {
        EmulatorConfig changed = everythingChanged(directory);
        EmulatorConfig defaults = EmulatorConfig.defaults();
        List<Object[]> parts = List.of(
                new Object[] {changed, defaults},
                new Object[] {changed.listeners(), defaults.listeners()},
                new Object[] {changed.rules(), defaults.rules()},
                new Object[] {changed.cognito(), defaults.cognito()},
                new Object[] {changed.journal(), defaults.journal()},
                new Object[] {changed.policies(), defaults.policies()});
        for (Object[] part : parts) {
            for (Field field : part[0].getClass().getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                assertThat(field.get(part[0])).as("%s.%s is changed in this test, so that toBuilder() is seen to keep it",
                        part[0].getClass().getSimpleName(), field.getName()).isNotEqualTo(field.get(part[1]));
            }
        }

        EmulatorConfig copy = changed.toBuilder().build();

        assertThat(copy).usingRecursiveComparison().isEqualTo(changed);
        assertThat(copy).isEqualTo(changed).hasSameHashCodeAs(changed).hasToString(changed.toString());
        assertThat(copy.listeners().toBuilder().build()).usingRecursiveComparison().isEqualTo(changed.listeners());
        assertThat(copy.rules().toBuilder().build()).usingRecursiveComparison().isEqualTo(changed.rules());
        assertThat(copy.cognito().toBuilder().build()).usingRecursiveComparison().isEqualTo(changed.cognito());
        assertThat(copy.journal().toBuilder().build()).usingRecursiveComparison().isEqualTo(changed.journal());
        assertThat(copy.policies().toBuilder().build()).usingRecursiveComparison().isEqualTo(changed.policies());
    }

    @Test
    void aPartIsChangedInPlaceOrReplacedWhole() {
        EmulatorConfig config = EmulatorConfig.builder()
                .rules(rules -> rules.qos2Refused(false))
                .rules(rules -> rules.topicLimits(false))
                .build();
        assertThat(config.rules().qos2Refused()).as("the first change is kept").isFalse();
        assertThat(config.rules().topicLimits()).isFalse();
        assertThat(config.toBuilder().rules(AwsIotRules.strict()).build().rules()).isEqualTo(AwsIotRules.strict());
    }

    @Test
    void equalConfigurationsAreEqualAndDifferentOnesAreNot(@TempDir Path directory) throws Exception {
        assertThat(EmulatorConfig.builder().build()).isEqualTo(EmulatorConfig.defaults()).hasSameHashCodeAs(EmulatorConfig.defaults());
        assertThat(everythingChanged(directory)).isNotEqualTo(EmulatorConfig.defaults());
        assertThat(EmulatorConfig.builder().journal(journal -> journal.maximumEntries(7)).build()).isNotEqualTo(EmulatorConfig.defaults());
    }

    @Test
    void rulesCanBeSwitchedOneByOne() {
        AwsIotRules rules = AwsIotRules.builder().qos2Refused(false).retainedMessages(RetainedMessages.AWS).build();
        assertThat(rules.qos2Refused()).isFalse();
        assertThat(rules.retainedMessages()).isEqualTo(RetainedMessages.AWS);
        assertThat(rules.topicLimits()).isTrue();
        assertThat(rules.toBuilder().build()).isEqualTo(rules);
        assertThat(AwsIotRules.plainMqtt().reservedTopics()).isFalse();
    }

    @Test
    void badValuesAreRefusedWithAReason() {
        assertThatThrownBy(() -> EmulatorConfig.builder().region("Mars")).hasMessageContaining("us-east-1");
        assertThatThrownBy(() -> EmulatorConfig.builder().accountId("123")).hasMessageContaining("12 digits");
        assertThatThrownBy(() -> EmulatorConfig.builder().listeners(listeners -> listeners.mtlsPort(70000))).hasMessageContaining("65535");
        assertThatThrownBy(() -> AwsIotRules.builder().minimumKeepAlive(Duration.ofMillis(500))).hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> EmulatorConfig.builder().listeners(listeners -> listeners.bindAddress(null))).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> EmulatorConfig.builder().policies(policies -> policies.defaultPolicy("{\"Version\": \"2012-10-17\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("The default policy is not a valid policy document: ")
                .hasMessageContaining("Statement");
        assertThat(EmulatorConfig.builder().listeners(listeners -> listeners.bindAddress(InetAddress.getLoopbackAddress())).build().listeners().bindAddress().isLoopbackAddress()).isTrue();
    }
}
