package dev.iotlocal.emulator.internal.broker;

import com.hivemq.extension.sdk.api.interceptor.connect.ConnectInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.connect.parameter.ConnectInboundInput;
import com.hivemq.extension.sdk.api.interceptor.connect.parameter.ConnectInboundOutput;
import com.hivemq.extension.sdk.api.packets.publish.ModifiableConnectPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises a keep-alive below AWS IoT's minimum to that minimum, as AWS IoT does. (The maximum, and 0 meaning
 * the maximum, are HiveMQ's own {@code max-keep-alive} setting, which also tells MQTT 5 clients in CONNACK.)
 */
final class ConnectInterceptor implements ConnectInboundInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger("dev.iotlocal.connections");

    private final int minimumKeepAliveSeconds;

    ConnectInterceptor(int minimumKeepAliveSeconds) {
        this.minimumKeepAliveSeconds = minimumKeepAliveSeconds;
    }

    @Override
    public void onConnect(ConnectInboundInput input, ConnectInboundOutput output) {
        ModifiableConnectPacket connect = output.getConnectPacket();
        int requested = connect.getKeepAlive();
        if (requested > 0 && requested < minimumKeepAliveSeconds) {
            connect.setKeepAlive(minimumKeepAliveSeconds);
            LOG.info("Client '{}' asked for a keep-alive of {} s; AWS IoT uses its minimum of {} s instead",
                    input.getClientInformation().getClientId(), requested, minimumKeepAliveSeconds);
        }
    }
}
