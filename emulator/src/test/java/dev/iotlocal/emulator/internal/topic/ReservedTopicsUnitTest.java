package dev.iotlocal.emulator.internal.topic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReservedTopicsUnitTest {

    @ParameterizedTest
    @CsvSource({
            "$aws/rules/r,                                  true",
            "$aws/rules/r/any/depth,                        true",
            "$aws/rules,                                    false",
            "$aws/things/t/shadow/update,                   true",
            "$aws/things/t/shadow/update/accepted,          false",
            "$aws/things/t/shadow/name/n/delete,            true",
            "$aws/things/t/jobs/j1/update,                  true",
            "$aws/things/t/jobs/notify,                     false",
            "$aws/certificates/create-from-csr/json,        true",
            "$aws/provisioning-templates/p/provision/cbor,  true",
            "$aws/events/presence/connected/c,              false",
            "$aws/things//shadow/update,                    false",
            "$SYS/x,                                        false",
    })
    void publishIsAllowedWhereAwsIotAllowsIt(String topic, boolean allowed) {
        assertThat(ReservedTopics.publishAllowed(topic)).isEqualTo(allowed);
    }

    @ParameterizedTest
    @CsvSource({
            "$aws/events/#,                                  true",
            "$aws/events/presence/+/c,                       true",
            "$aws/things/t/shadow/update/delta,              true",
            "$aws/things/+/shadow/+/accepted,                true",
            "$aws/things/t/shadow/#,                         true",
            "$aws/things/t/shadow/update,                    true",
            "$aws/things/t/shadow/name/s/get,                true",
            "$aws/things/t/shadow/other,                     false",
            "$aws/things/t/tunnels/notify,                   true",
            "$aws/rules/r,                                   false",
            "$aws/rules/#,                                   false",
            "$aws/#,                                         true",
            "$SYS/#,                                         false",
            "$share/g/$aws/events/#,                         true",
    })
    void subscribeIsAllowedWhenTheFilterCanMatchATopicClientsMayReceive(String filter, boolean allowed) {
        assertThat(ReservedTopics.subscribeAllowed(filter)).isEqualTo(allowed);
    }
}
