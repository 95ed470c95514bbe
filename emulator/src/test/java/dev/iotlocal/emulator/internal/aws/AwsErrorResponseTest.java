package dev.iotlocal.emulator.internal.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iotlocal.emulator.internal.util.Json;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** What the one renderer puts on the wire where no AWS SDK test reads it: the WSS door's 403 and XML escaping. */
class AwsErrorResponseTest {

    @Test
    void refusedUpgradeIsAnsweredWithAwsIotGatewaysHeadersAndBody() throws Exception {
        AwsErrorResponse forbidden = AwsErrorResponse.forbidden("Signature expired");

        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.headers()).containsOnlyKeys("Content-Type", "x-amzn-RequestId", "x-amzn-ErrorType",
                "access-control-allow-origin", "access-control-expose-headers");
        assertThat(forbidden.headers())
                .containsEntry("Content-Type", "application/json")
                .containsEntry("x-amzn-ErrorType", "ForbiddenException:")
                .containsEntry("access-control-allow-origin", "*")
                .containsEntry("access-control-expose-headers", "x-amzn-ErrorMessage, x-amzn-RequestId, x-amzn-ErrorType, Date");
        JsonNode body = Json.MAPPER.readTree(forbidden.body());
        assertThat(body.get("message").asText()).isEqualTo("Signature expired");
        assertThat(body.get("traceId").asText()).hasSize(36);
    }

    @Test
    void everyResponseHasItsOwnRequestId() {
        assertThat(AwsErrorResponse.gateway(404, "Not Found").headers().get("x-amzn-RequestId"))
                .isNotEqualTo(AwsErrorResponse.gateway(404, "Not Found").headers().get("x-amzn-RequestId"));
    }

    @Test
    void awsQueryMessageSurvivesXmlSpecialCharacters() throws Exception {
        AwsErrorResponse error = AwsErrorResponse.awsQuery(400, "InvalidAction", "a <b> & \"c\"");

        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(error.body().getBytes(StandardCharsets.UTF_8)));
        assertThat(xml.getElementsByTagName("Message").item(0).getTextContent()).isEqualTo("a <b> & \"c\"");
        assertThat(xml.getElementsByTagName("Code").item(0).getTextContent()).isEqualTo("InvalidAction");
        assertThat(xml.getElementsByTagName("RequestId").item(0).getTextContent()).isEqualTo(error.headers().get("x-amzn-RequestId"));
    }
}
