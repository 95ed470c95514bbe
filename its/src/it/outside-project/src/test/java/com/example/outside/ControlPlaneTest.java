package com.example.outside;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.testkit.IotLocalTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CreateKeysAndCertificateResponse;

/** The injected IotClient as a user's project gets it: the control plane answers, PATCH included. */
@IotLocalTest
class ControlPlaneTest {

    @Test
    void aThingIsCreatedUpdatedAndGivenACertificate(IotClient iot) {
        iot.createThing(b -> b.thingName("outside-thing"));
        iot.updateThing(b -> b.thingName("outside-thing").attributePayload(a -> a.attributes(Map.of("floor", "3"))));
        CreateKeysAndCertificateResponse keys = iot.createKeysAndCertificate(b -> b.setAsActive(true));
        iot.attachThingPrincipal(b -> b.thingName("outside-thing").principal(keys.certificateArn()));

        assertThat(iot.describeThing(b -> b.thingName("outside-thing")).attributes()).containsEntry("floor", "3");
        assertThat(iot.listThingPrincipals(b -> b.thingName("outside-thing")).principals()).containsExactly(keys.certificateArn());
    }
}
