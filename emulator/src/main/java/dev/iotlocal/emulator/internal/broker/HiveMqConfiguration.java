package dev.iotlocal.emulator.internal.broker;

import dev.iotlocal.emulator.internal.pki.TlsIdentity;
import dev.iotlocal.emulator.internal.rules.BrokerSettings;
import java.nio.file.Path;

/**
 * Writes HiveMQ's {@code config.xml}: the listeners (doors) and the {@link BrokerSettings} the rules asked for,
 * which make CONNACK advertise what AWS IoT advertises and let HiveMQ enforce what it can by itself.
 */
final class HiveMqConfiguration {

    static final String MTLS_LISTENER = "mtls";
    static final String PLAIN_TCP_LISTENER = "plain-tcp";
    static final String INTERNAL_LISTENER = "internal";

    private HiveMqConfiguration() {}

    record TlsFiles(Path keystore, Path truststore, String password) {}

    static String render(String bindAddress, int mtlsPort, TlsFiles tls, int plainTcpPort, int internalPort, BrokerSettings settings) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<hivemq>\n  <listeners>\n");
        xml.append("    <tls-tcp-listener>\n")
                .append("      <port>").append(mtlsPort).append("</port>\n")
                .append("      <bind-address>").append(bindAddress).append("</bind-address>\n")
                .append("      <name>").append(MTLS_LISTENER).append("</name>\n")
                .append("      <tls>\n")
                .append("        <keystore>\n")
                .append("          <path>").append(escape(tls.keystore().toString())).append("</path>\n")
                .append("          <password>").append(tls.password()).append("</password>\n")
                .append("          <private-key-password>").append(tls.password()).append("</private-key-password>\n")
                .append("        </keystore>\n")
                .append("        <truststore>\n")
                .append("          <path>").append(escape(tls.truststore().toString())).append("</path>\n")
                .append("          <password>").append(tls.password()).append("</password>\n")
                .append("        </truststore>\n")
                .append("        <client-authentication-mode>REQUIRED</client-authentication-mode>\n")
                .append("        <protocols>").append(protocols()).append("</protocols>\n")
                .append("      </tls>\n")
                .append("    </tls-tcp-listener>\n");
        if (plainTcpPort >= 0) {
            tcpListener(xml, PLAIN_TCP_LISTENER, bindAddress, plainTcpPort);
        }
        if (internalPort >= 0) {
            // the WSS door's pipe into the broker; always loopback whatever the public bind address
            tcpListener(xml, INTERNAL_LISTENER, "127.0.0.1", internalPort);
        }
        xml.append("  </listeners>\n");

        xml.append("  <mqtt>\n");
        xml.append("    <retained-messages><enabled>").append(settings.retainedMessages()).append("</enabled></retained-messages>\n");
        xml.append("    <quality-of-service><max-qos>").append(settings.maximumQos()).append("</max-qos></quality-of-service>\n");
        xml.append("    <subscription-identifier><enabled>").append(settings.subscriptionIdentifiers())
                .append("</enabled></subscription-identifier>\n");
        xml.append("    <topic-alias><enabled>true</enabled><max-per-client>").append(BrokerSettings.TOPIC_ALIAS_MAXIMUM)
                .append("</max-per-client></topic-alias>\n");
        settings.maximumPacketSize().ifPresent(bytes ->
                xml.append("    <packets><max-packet-size>").append(bytes).append("</max-packet-size></packets>\n"));
        settings.maximumKeepAliveSeconds().ifPresent(seconds ->
                xml.append("    <keep-alive><allow-unlimited>false</allow-unlimited><max-keep-alive>").append(seconds)
                        .append("</max-keep-alive></keep-alive>\n"));
        xml.append("    <session-expiry><max-interval>").append(BrokerSettings.SESSION_EXPIRY_MAXIMUM_SECONDS)
                .append("</max-interval></session-expiry>\n");
        xml.append("    <message-expiry><max-interval>").append(BrokerSettings.MESSAGE_EXPIRY_MAXIMUM_SECONDS)
                .append("</max-interval></message-expiry>\n");
        xml.append("  </mqtt>\n");
        xml.append("  <persistence><mode>in-memory</mode></persistence>\n");
        xml.append("  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>\n");
        xml.append("</hivemq>\n");
        return xml.toString();
    }

    private static String protocols() {
        StringBuilder protocols = new StringBuilder();
        for (String protocol : TlsIdentity.PROTOCOLS) {
            protocols.append("<protocol>").append(protocol).append("</protocol>");
        }
        return protocols.toString();
    }

    private static void tcpListener(StringBuilder xml, String name, String bindAddress, int port) {
        xml.append("    <tcp-listener>\n")
                .append("      <port>").append(port).append("</port>\n")
                .append("      <bind-address>").append(bindAddress).append("</bind-address>\n")
                .append("      <name>").append(name).append("</name>\n")
                .append("    </tcp-listener>\n");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
