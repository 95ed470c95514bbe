package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EmulatorConfigTest {

    @Test
    void defaultsAreSafeAndStrict() {
        EmulatorConfig config = EmulatorConfig.defaults();
        assertThat(config.bindAddress().isLoopbackAddress()).isTrue();
        assertThat(config.mtlsPort()).isZero();
        assertThat(config.plainTcpPort()).isEmpty();
        assertThat(config.dataDirectory()).isEmpty();
        assertThat(config.region()).isEqualTo("us-east-1");
        assertThat(config.accountId()).isEqualTo("000000000000");
        assertThat(config.rules()).isEqualTo(AwsIotRules.strict());
        assertThat(config.rules().retainedMessages()).isEqualTo(RetainedMessages.NOT_SUPPORTED);
    }

    @Test
    void toBuilderMakesAnEqualCopyThatCanBeChanged() {
        EmulatorConfig config = EmulatorConfig.builder().region("eu-west-1").addHostName("iot.test").mtlsPort(8883).build();
        assertThat(config.toBuilder().build()).isEqualTo(config).hasSameHashCodeAs(config);
        assertThat(config.toBuilder().region("eu-central-1").build().region()).isEqualTo("eu-central-1");
        assertThat(config.region()).isEqualTo("eu-west-1");
        assertThat(config.extraHostNames()).containsExactly("iot.test");
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
        assertThatThrownBy(() -> EmulatorConfig.builder().mtlsPort(70000)).hasMessageContaining("65535");
        assertThatThrownBy(() -> AwsIotRules.builder().minimumKeepAlive(Duration.ofMillis(500))).hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> EmulatorConfig.builder().bindAddress(null)).isInstanceOf(NullPointerException.class);
        assertThat(EmulatorConfig.builder().bindAddress(InetAddress.getLoopbackAddress()).build().bindAddress().isLoopbackAddress()).isTrue();
    }
}
